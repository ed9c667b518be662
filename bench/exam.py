"""Benchmark: N candidates start an exam at once, autosave, and all hand in.

    python bench/exam.py --candidates 1500 --base-url http://127.0.0.1:8001,http://127.0.0.1:8002

Against running servers (bench/servers.py; bench/run_all.py starts them) on the same
DATABASE_URL. The script first creates N eligible candidates (enterprises,
representatives, enrolments with full attendance, a linked 10-question paper) and logs
them in by writing sessions directly. It measures the servers' trivial view with N
requests at once (same run, for the ratio). Then every candidate, at the same moment
(or each at a random moment within --spread seconds):
  1. POSTs start, then loads the exam page (the stored paper);
  2. answers one question every --save-interval seconds (30 s, divided by
     --time-scale to compress time), each answer autosaved with a JSON POST;
  3. hands in at a random moment within --submit-window seconds (120) after its
     last answer.
Finally it compares the database with every answer the server acknowledged
("answers lost") and prints p50/p95/p99 latencies in ms as JSON, with the moment the
last candidate had the paper on screen and the exam's requests per second while the
papers were being handed out, against the trivial view's.
"""

import argparse
import asyncio
import datetime
import json
import os
import random
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import aiohttp  # noqa: E402
import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

QUESTION_RE = re.compile(r'data-question="(\d+)" data-kind="(\w+)"')
OPTION_RE = re.compile(r'name="q(\d+)" id="o\d+" value="(\d+)"')


def setup(n: int, run: str, questions: int) -> list[dict]:
    """Create `n` eligible candidates with a linked paper; return their logins."""
    from accounts.models import User
    from enrollment.models import Attendance, Enrolment
    from enterprises.models import Enterprise
    from exams.models import Option, Paper, PaperQuestion, PaperSession, Question
    from tests.factories import (
        AgencyFactory,
        RegionFactory,
        TrainingSessionFactory,
        uscc_for,
    )

    region = RegionFactory(code="98", name="压测区")
    base = random.randint(10_000_000, 90_000_000)
    agency = AgencyFactory(name=f"压测机构{run}", uscc=uscc_for(base - 1))
    session = TrainingSessionFactory(
        plan_line__region=region,
        plan_line__agency=agency,
        plan_line__planned_count=n,
        plan_line__label=f"压测计划{run}",
        plan_line__programme__name=f"压测项目{run}",
        plan_line__programme__rule_profile__name=f"压测规则{run}",
        capacity=n,
        title=f"压测场次{run}",
    )
    now = timezone.now()
    paper = Paper.objects.create(
        title=f"压测试卷{run}",
        agency=agency,
        mode=Paper.Mode.FIXED,
        pass_mark=60,
        time_limit_minutes=60,
        opens_at=now - datetime.timedelta(minutes=5),
        closes_at=now + datetime.timedelta(hours=3),
        attempts_allowed=1,
        review_policy=Paper.ReviewPolicy.SCORE_ONLY,
    )
    for k in range(questions):
        kind = Question.Kind.MULTIPLE if k % 4 == 3 else Question.Kind.SINGLE
        q = Question.objects.create(
            kind=kind,
            topic="repair",
            stem=f"压测题{run}-{k}",
            explanation="解析",
            agency=agency,
        )
        Option.objects.bulk_create(
            Option(
                question=q,
                position=p,
                text=f"选项{p}",
                is_correct=p in (1, 2) if kind == "multiple" else p == 1,
            )
            for p in range(1, 5)
        )
        PaperQuestion.objects.create(paper=paper, question=q, points=100 / questions)
    PaperSession.objects.create(paper=paper, session=session)
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            uscc=uscc_for(base + i),
            name=f"压测企业{run}-{i}",
            region=region,
            legal_representative="测试",
        )
        for i in range(n)
    )
    users = User.objects.bulk_create(
        User(
            username=f"bench{run}-{i}",
            real_name=f"考生{i}",
            role=User.Role.ENTERPRISE,
            enterprise=e,
            password="!",
        )
        for i, e in enumerate(enterprises)
    )
    programme = session.plan_line.programme
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            session=session,
            programme=programme,
            plan_line=session.plan_line,
            enterprise=e,
            attendee=u,
            status="enrolled",
        )
        for e, u in zip(enterprises, users, strict=True)
    )
    Attendance.objects.bulk_create(
        Attendance(
            enrolment=e,
            signed_in_at=now,
            signin_method="code",
            attended_seconds=4 * 3600,
        )
        for e in enrolments
    )
    logins = []
    for user, enrolment in zip(users, enrolments, strict=True):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        logins.append(
            {"session": store.session_key, "enrolment": enrolment.pk, "user": user.pk}
        )
    connection.close()
    return logins


class Candidate:
    def __init__(self, login: dict, base_url: str):
        self.login = login
        self.base = base_url
        self.csrf = secrets.token_hex(16)  # 32 alphanumerics, as Django expects
        self.headers = {
            "Cookie": f"sessionid={login['session']}; csrftoken={self.csrf}",
            "X-CSRFToken": self.csrf,
            "Referer": base_url + "/exams/mine/",
        }
        self.attempt = None
        self.sent: dict[int, list[int]] = {}  # acknowledged answers
        self.errors: list[str] = []
        self.arrived = 0.0  # perf_counter when the candidate pressed start
        self.on_screen = 0.0  # perf_counter when the paper arrived


RETRIES = 3
retried = {"count": 0}


async def timed(times: list, make_request):
    """Send a request, retrying a 5xx like the exam page does; time it end to end."""
    started = time.perf_counter()
    for attempt in range(RETRIES + 1):
        response = await make_request()
        async with response:
            body = await response.read()
        if response.status < 500 or attempt == RETRIES:
            break
        retried["count"] += 1
        await asyncio.sleep(1 + random.random())
    times.append((time.perf_counter() - started) * 1000)
    return response, body


async def run_candidate(c: Candidate, http, go: asyncio.Event, args, times):
    await go.wait()
    if args.spread:
        await asyncio.sleep(random.uniform(0, args.spread))
    c.arrived = time.perf_counter()
    response, _ = await timed(
        times["start"],
        lambda: http.post(
            f"{c.base}/exams/enrolments/{c.login['enrolment']}/start/",
            headers=c.headers,
            allow_redirects=False,
        ),
    )
    location = response.headers.get("Location", "")
    match = re.search(r"/exams/attempts/(\d+)/", location)
    if response.status != 302 or not match:
        c.errors.append(f"start {response.status} {location}")
        return
    c.attempt = int(match.group(1))
    response, body = await timed(
        times["page"], lambda: http.get(f"{c.base}{location}", headers=c.headers)
    )
    c.on_screen = time.perf_counter()
    html = body.decode()
    options: dict[int, list[int]] = {}
    for qid, oid in OPTION_RE.findall(html):
        options.setdefault(int(qid), []).append(int(oid))
    kinds = {int(q): k for q, k in QUESTION_RE.findall(html)}
    interval = args.save_interval / args.time_scale
    await asyncio.sleep(random.uniform(0, interval))
    for qid, opts in options.items():
        chosen = (
            random.sample(opts, 2)
            if kinds.get(qid) == "multiple"
            else [random.choice(opts)]
        )
        payload = json.dumps({"question": qid, "options": chosen})
        response, body = await timed(
            times["save"],
            lambda payload=payload: http.post(
                f"{c.base}/exams/attempts/{c.attempt}/answer/",
                data=payload,
                headers={**c.headers, "Content-Type": "application/json"},
            ),
        )
        if response.status == 200:
            c.sent[qid] = sorted(chosen)
        else:
            c.errors.append(f"save {response.status} {body[:80]!r}")
        await asyncio.sleep(interval)
    await asyncio.sleep(random.uniform(0, args.submit_window))
    response, body = await timed(
        times["submit"],
        lambda: http.post(
            f"{c.base}/exams/attempts/{c.attempt}/submit/",
            data="{}",
            headers={**c.headers, "Content-Type": "application/json"},
        ),
    )
    if response.status != 200 or not json.loads(body).get("ok"):
        c.errors.append(f"submit {response.status} {body[:80]!r}")


def pct(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def at(p):
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "n": len(values),
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": round(ordered[-1], 1),
        "mean": round(statistics.fmean(values), 1),
    }


def lost_answers(candidates: list[Candidate]) -> tuple[int, int, int]:
    """(acknowledged answers, lost, attempts not submitted) from the database."""
    from exams.models import Attempt, AttemptItem

    ids = [c.attempt for c in candidates if c.attempt]
    stored = {
        (a, q): ans
        for a, q, ans in AttemptItem.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "question_id", "answer"
        )
    }
    acknowledged = lost = 0
    for c in candidates:
        for qid, chosen in c.sent.items():
            acknowledged += 1
            if sorted(stored.get((c.attempt, qid)) or []) != chosen:
                lost += 1
    open_left = Attempt.objects.filter(id__in=ids).exclude(status="submitted").count()
    return acknowledged, lost, open_left


async def main_async(args, logins):
    bases = args.base_url.split(",")
    candidates = [
        Candidate(login, bases[i % len(bases)]) for i, login in enumerate(logins)
    ]
    times = {"baseline": [], "start": [], "page": [], "save": [], "submit": []}
    go = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        # Baseline from the same run: one candidate's exam list, idle server.
        probe = candidates[-1]
        for _ in range(20):
            await timed(
                times["baseline"],
                lambda: http.get(f"{probe.base}/exams/mine/", headers=probe.headers),
            )
        trivial_rps = await trivial_rate(http, bases, len(candidates))
        tasks = [
            asyncio.create_task(run_candidate(c, http, go, args, times))
            for c in candidates
        ]
        await asyncio.sleep(0.5)
        began = time.perf_counter()
        go.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        elapsed = time.perf_counter() - began
    exceptions = [repr(r) for r in results if isinstance(r, Exception)]
    return candidates, times, elapsed, exceptions, began, trivial_rps


async def trivial_rate(http, bases: list[str], n: int) -> float | None:
    """Requests per second of the trivial view, `n` requests sent at once."""

    async def one(i: int) -> int:
        async with http.get(f"{bases[i % len(bases)]}/bench/trivial/") as response:
            await response.read()
            return response.status

    began = time.perf_counter()
    statuses = await asyncio.gather(*(one(i) for i in range(n)))
    elapsed = time.perf_counter() - began
    return round(n / elapsed, 1) if set(statuses) == {200} else None


def handing_out(candidates: list[Candidate], began: float, trivial_rps) -> dict:
    """When the last paper was on screen and the exam's rate while handing out."""
    shown = [c for c in candidates if c.on_screen]
    if not shown:
        return {}
    last = max(c.on_screen for c in shown)
    waits = [c.on_screen - c.arrived for c in shown]
    rate = 2 * len(shown) / (last - min(c.arrived for c in shown))
    return {
        "last_paper_on_screen_s": round(last - began, 1),
        "start_to_paper_s": {
            "p95": round(sorted(waits)[int(0.95 * len(waits))], 2),
            "max": round(max(waits), 2),
        },
        "exam_rps": round(rate, 1),
        "trivial_rps": trivial_rps,
        "exam_rps_ratio_to_trivial": round(rate / trivial_rps, 3)
        if trivial_rps
        else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument(
        "--base-url", default="http://127.0.0.1:8001,http://127.0.0.1:8002"
    )
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument(
        "--save-interval", type=float, default=30.0, help="seconds between answers"
    )
    parser.add_argument(
        "--time-scale", type=float, default=1.0, help="divide the save interval by this"
    )
    parser.add_argument(
        "--submit-window",
        type=float,
        default=120.0,
        help="all hand in within this many s",
    )
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        help="candidates arrive at random within this many s (0: all at once)",
    )
    args = parser.parse_args()
    run = secrets.token_hex(3)
    t0 = time.perf_counter()
    logins = setup(args.candidates, run, args.questions)
    setup_s = time.perf_counter() - t0
    candidates, times, elapsed, exceptions, began, trivial_rps = asyncio.run(
        main_async(args, logins)
    )
    acknowledged, lost, open_left = lost_answers(candidates)
    errors = [e for c in candidates for e in c.errors]
    report = {
        "benchmark": "exam",
        "database": connection.vendor,
        "candidates": args.candidates,
        "questions": args.questions,
        "save_interval_s": args.save_interval / args.time_scale,
        "submit_window_s": args.submit_window,
        "arrival_spread_s": args.spread,
        "servers": args.base_url.split(","),
        "setup_s": round(setup_s, 1),
        "run_s": round(elapsed, 1),
        "latency_ms": {k: pct(v) for k, v in times.items()},
        "handing_out": handing_out(candidates, began, trivial_rps),
        "p50_ratio_to_baseline": {
            k: round(statistics.median(v) / statistics.median(times["baseline"]), 2)
            for k, v in times.items()
            if v and k != "baseline"
        },
        "answers_acknowledged": acknowledged,
        "answers_lost": lost,
        "attempts_not_submitted": open_left,
        "retries_after_5xx": retried["count"],
        # Requests that failed (4xx/5xx after retries) and candidates whose
        # connection broke (reset, disconnected): both count as failures.
        "errors": len(errors) + len(exceptions),
        "candidates_without_paper": sum(1 for c in candidates if not c.on_screen),
        "error_samples": errors[:5] + exceptions[:5],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
