"""Recovery: the server processes are killed (SIGKILL, no graceful shutdown) and
restarted on the same ports in the middle of a live session and in the middle of
an exam. Everything the servers confirmed before the kill is still there afterwards,
and the people on the other end carry on where they left off.

Real daphne processes on the pytest test database and Redis (tests/servers.py);
attendees are `websockets` clients, the candidate a plain HTTP client with a
session cookie and the CSRF cookie the pages hand out.
"""

import asyncio
import http.client
import itertools
import json
from contextlib import AsyncExitStack
from datetime import datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from enrollment import live
from enrollment.live import signin_code_for
from enrollment.models import Attendance, TrainingSession
from enrollment.tests.live_factories import attendee_of, live_session
from enrollment.tests.test_live_consumers import session_cookie_for
from exams.models import Attempt, AttemptItem, Question
from exams.tests.factories import QuestionFactory, eligible_candidate, paper_for_session
from tests.factories import TrainingSessionFactory
from tests.servers import kill_all, server_processes, start_all

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

REPLY_TIMEOUT = 15  # seconds; generous for a loaded 2-core machine
_refs = itertools.count(1)


# --- live session -------------------------------------------------------------------


def _ws(port: int, session_id: int, cookie: str):
    return connect(
        f"ws://127.0.0.1:{port}/ws/live/{session_id}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie},
        open_timeout=REPLY_TIMEOUT,
    )


async def _receive(ws, kind: str) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), REPLY_TIMEOUT))
        if message["type"] == kind:
            return message


async def _ask(ws, action: str, **content) -> dict:
    """Send an action and return the reply carrying its ref (skipping pushes)."""
    ref = next(_refs)
    await ws.send(json.dumps({"action": action, "ref": ref, **content}))
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), REPLY_TIMEOUT))
        if message.get("ref") == ref:
            return message


async def _until_closed(ws) -> None:
    """Drain `ws` until the dead server's connection is gone."""
    with pytest.raises(ConnectionClosed):
        while True:
            await asyncio.wait_for(ws.recv(), REPLY_TIMEOUT)


async def _connect_all(stack, ports, session, cookies, *, shift: int) -> list:
    """One socket per attendee, spread over the servers; closed with `stack`."""
    return [
        await stack.enter_async_context(
            _ws(ports[(n + shift) % len(ports)], session.pk, cookie)
        )
        for n, cookie in enumerate(cookies)
    ]


@sync_to_async
def _live_setup(count: int):
    session = live_session(
        mode=TrainingSession.Mode.ONLINE,
        starts_at=timezone.now() - timedelta(minutes=5),
    )
    attendees = [attendee_of(session) for _ in range(count)]
    live.signin_window_open(session=session, actor=session.trainer_user)
    cookies = [session_cookie_for(user) for user in attendees]
    return session, attendees, cookies, session_cookie_for(session.trainer_user)


async def _committed(user, timeout: float = REPLY_TIMEOUT) -> None:
    """Wait until `user`'s sign-in is committed in the database."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (await _attendance([user])):
        assert asyncio.get_running_loop().time() < deadline, "sign-in not committed"
        await asyncio.sleep(0.02)


@sync_to_async
def _code(session) -> str:
    return signin_code_for(session=session)


@sync_to_async
def _attendance(users) -> dict[int, Attendance]:
    """Attendance rows by user pk (users who never signed in are missing)."""
    rows = Attendance.objects.filter(
        enrolment_id__in=[u.live_enrolment.pk for u in users]
    )
    by_enrolment = {row.enrolment_id: row for row in rows}
    return {
        u.pk: by_enrolment[u.live_enrolment.pk]
        for u in users
        if u.live_enrolment.pk in by_enrolment
    }


async def test_live_session_survives_killing_both_servers():
    session, users, cookies, trainer_cookie = await _live_setup(7)
    early, unread, in_flight = users[:3], users[3], users[4]
    late = users[5:]
    with server_processes(2) as servers:
        ports = [s.port for s in servers]
        async with AsyncExitStack() as stack:
            sockets = await _connect_all(stack, ports, session, cookies, shift=0)
            for ws in sockets:
                hello = await _receive(ws, "hello")
                assert hello["role"] == "attendee" and not hello["state"]["signed_in"]

            # Three attendees sign in and get their confirmation, then beat.
            code = await _code(session)
            for ws in sockets[:3]:
                reply = await _ask(ws, "sign_in", code=code)
                assert reply["type"] == "signed_in", reply
                assert reply["state"]["signed_in"]
            await asyncio.sleep(1.2)
            for ws in sockets[:3]:
                reply = await _ask(ws, "heartbeat")
                assert reply["type"] == "heartbeat", reply
            before = await _attendance(early)
            assert len(before) == 3
            assert all(row.attended_seconds >= 1 for row in before.values())

            # The fourth attendee's sign-in is committed, but the servers die before
            # the confirmation is read; the fifth one's is still on the wire.
            code = await _code(session)
            await sockets[3].send(json.dumps({"action": "sign_in", "code": code}))
            await _committed(unread)
            await sockets[4].send(json.dumps({"action": "sign_in", "code": code}))
            killed_at = timezone.now()
            await asyncio.to_thread(kill_all, servers)
            for ws in sockets:
                await _until_closed(ws)

        # Nothing confirmed was lost while nobody was running.
        before.update(await _attendance([unread]))
        after_kill = await _attendance([*early, unread])
        assert after_kill.keys() == before.keys()
        for user, row in after_kill.items():
            assert row.signed_in_at == before[user].signed_in_at
            assert row.attended_seconds == before[user].attended_seconds

        await asyncio.to_thread(start_all, servers)
        assert [s.port for s in servers] == ports and all(
            s.starts == 2 for s in servers
        )

        # Everyone reconnects (each to the other server this time).
        async with AsyncExitStack() as stack:
            sockets = await _connect_all(stack, ports, session, cookies, shift=1)
            hellos = [await _receive(ws, "hello") for ws in sockets]
            for hello in hellos:
                assert hello["signin_open"]  # the window outlived the processes
            for hello in hellos[:4]:
                assert hello["state"]["signed_in"]
            for hello in hellos[5:]:
                assert not hello["state"]["signed_in"]

            # The in-flight sign-in either happened completely or not at all.
            flight = (await _attendance([in_flight])).get(in_flight.pk)
            flight_done = flight is not None and flight.signed_in_at is not None
            assert hellos[4]["state"]["signed_in"] == flight_done
            if flight_done:
                assert flight.signed_in_at <= timezone.now()

            # Signing in again resumes: nothing changes for those already in.
            code = await _code(session)
            for ws in sockets[:5]:
                reply = await _ask(ws, "sign_in", code=code)
                assert reply["type"] == "signed_in" and reply["state"]["signed_in"]
            after = await _attendance([*early, unread])
            for user, row in after.items():
                assert row.signed_in_at == before[user].signed_in_at
                assert row.signin_method == before[user].signin_method
            if flight_done:
                again = (await _attendance([in_flight]))[in_flight.pk]
                assert again.signed_in_at == flight.signed_in_at

            # Those who had not signed in still can.
            for ws in sockets[5:]:
                reply = await _ask(ws, "sign_in", code=code)
                assert reply["type"] == "signed_in", reply
            late_rows = await _attendance(late)
            assert len(late_rows) == 2
            assert all(row.signed_in_at >= killed_at for row in late_rows.values())

            # Presence keeps accumulating on the new processes.
            for ws in sockets:
                assert (await _ask(ws, "heartbeat"))["type"] == "heartbeat"
            first = await _attendance(users)
            await asyncio.sleep(1.2)
            for ws in sockets:
                assert (await _ask(ws, "heartbeat"))["type"] == "heartbeat"
            second = await _attendance(users)
            for user in early:
                assert (
                    second[user.pk].attended_seconds > before[user.pk].attended_seconds
                )
            for user in users:
                assert (
                    second[user.pk].attended_seconds > first[user.pk].attended_seconds
                )

            # The trainer's board, on either process, shows all seven.
            async with _ws(ports[0], session.pk, trainer_cookie) as board:
                hello = await _receive(board, "hello")
                assert hello["role"] == "trainer"
                assert hello["counts"]["signed_in"] == 7


# --- exam ---------------------------------------------------------------------------


class Candidate:
    """A browser stand-in: cookies, CSRF header on POST, no redirect following."""

    def __init__(self, port: int, session_cookie: str):
        self.port = port
        name, value = session_cookie.split("=", 1)
        self.cookies = {name: value}

    def request(self, method: str, path: str, body: bytes | None = None, **headers):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method == "POST":
                headers["Origin"] = f"http://127.0.0.1:{self.port}"
                headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for morsel in SimpleCookie(header).values():
                    self.cookies[morsel.key] = morsel.value
            return response.status, response.headers, text
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post_json(self, path: str, payload: dict):
        body = json.dumps(payload).encode()
        return self.request("POST", path, body, **{"Content-Type": "application/json"})


class TakePage(HTMLParser):
    """What the take page shows: question order, option order, checked options."""

    def __init__(self, html: str):
        super().__init__()
        self.remaining: int | None = None
        self.questions: list[int] = []
        self.options: dict[int, list[int]] = {}
        self.checked: dict[int, list[int]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("id") == "exam":
            self.remaining = int(attrs["data-remaining"])
        elif tag == "fieldset" and "data-question" in attrs:
            qid = int(attrs["data-question"])
            self.questions.append(qid)
            self.options[qid], self.checked[qid] = [], []
        elif tag == "input" and attrs.get("name", "").startswith("q"):
            qid, oid = int(attrs["name"][1:]), int(attrs["value"])
            self.options[qid].append(oid)
            if "checked" in attrs:
                self.checked[qid].append(oid)


def _exam_setup():
    session = TrainingSessionFactory()
    agency = session.plan_line.agency
    questions = [
        *QuestionFactory.create_batch(3, agency=agency),
        QuestionFactory(kind=Question.Kind.MULTIPLE, agency=agency),
        QuestionFactory(kind=Question.Kind.TRUE_FALSE, agency=agency),
        QuestionFactory(agency=agency),
    ]
    paper = paper_for_session(
        session=session, questions=questions, partial_credit=False
    )
    user, enrolment = eligible_candidate(session=session)
    correct = {
        q.pk: sorted(q.options.filter(is_correct=True).values_list("pk", flat=True))
        for q in questions
    }
    return paper, user, enrolment, correct


def _attempt_snapshot(attempt_pk: int) -> tuple[datetime, datetime, list[tuple]]:
    attempt = Attempt.objects.get(pk=attempt_pk)
    items = [
        (i.position, i.question_id, list(i.option_order), sorted(i.answer))
        for i in AttemptItem.objects.filter(attempt=attempt).order_by("position")
    ]
    return attempt.started_at, attempt.deadline, items


def _remaining_now(deadline: datetime) -> float:
    return (deadline - timezone.now()).total_seconds()


def test_exam_survives_killing_the_server_mid_attempt():
    paper, user, enrolment, correct = _exam_setup()
    with server_processes(1) as (server,):
        candidate = Candidate(server.port, session_cookie_for(user))
        status, _, html = candidate.get(reverse("exams:mine"))
        assert status == 200 and "csrftoken" in candidate.cookies

        status, headers, _ = candidate.request(
            "POST", reverse("exams:start", args=[enrolment.pk])
        )
        assert status == 302, headers
        attempt = Attempt.objects.get(enrolment=enrolment, paper=paper)
        assert headers["Location"] == reverse("exams:take", args=[attempt.pk])

        status, _, html = candidate.get(headers["Location"])
        assert status == 200
        page = TakePage(html)
        assert sorted(page.questions) == sorted(correct)
        answer_url = reverse("exams:answer", args=[attempt.pk])
        status_url = reverse("exams:status", args=[attempt.pk])

        def wrong(qid):
            return [next(o for o in page.options[qid] if o not in correct[qid])]

        # Autosave answers to four questions; one is changed; each is acknowledged.
        plan = {
            page.questions[0]: correct[page.questions[0]],
            page.questions[1]: wrong(page.questions[1]),
            page.questions[2]: correct[page.questions[2]],
            page.questions[3]: correct[page.questions[3]],
        }
        saves = [
            (page.questions[0], wrong(page.questions[0])),
            *plan.items(),
        ]
        acknowledged = {}
        for qid, options in saves:
            status, _, body = candidate.post_json(
                answer_url, {"question": qid, "options": options}
            )
            assert status == 200 and json.loads(body)["ok"], body
            acknowledged[qid] = sorted(options)
        assert acknowledged == {q: sorted(o) for q, o in plan.items()}

        _, _, body = candidate.get(status_url)
        remaining_before = json.loads(body)["remaining"]
        started, deadline, items = _attempt_snapshot(attempt.pk)
        assert {q: a for _, q, _, a in items if a} == acknowledged

        server.kill()  # SIGKILL in the middle of the exam

        # While it is down an autosave gets no acknowledgement (the page would retry).
        unsaved = page.questions[4]
        with pytest.raises(OSError):
            candidate.post_json(
                answer_url, {"question": unsaved, "options": correct[unsaved]}
            )

        start_all([server])
        assert server.starts == 2

        # The reloaded page and the status endpoint show the attempt as it was.
        status, _, html = candidate.get(reverse("exams:take", args=[attempt.pk]))
        assert status == 200
        reloaded = TakePage(html)
        assert reloaded.questions == page.questions
        assert reloaded.options == page.options
        assert {q: sorted(o) for q, o in reloaded.checked.items() if o} == acknowledged
        assert abs(reloaded.remaining - _remaining_now(deadline)) <= 2
        assert reloaded.remaining <= remaining_before

        status, _, body = candidate.get(status_url)
        state = json.loads(body)
        assert status == 200 and state["status"] == Attempt.Status.OPEN
        assert abs(state["remaining"] - _remaining_now(deadline)) <= 2
        assert _attempt_snapshot(attempt.pk) == (started, deadline, items)

        # The candidate carries on: the rest of the answers, then hand in.
        rest = {
            page.questions[4]: correct[page.questions[4]],
            page.questions[5]: wrong(page.questions[5]),
        }
        for qid, options in rest.items():
            status, _, body = candidate.post_json(
                answer_url, {"question": qid, "options": options}
            )
            assert status == 200 and json.loads(body)["ok"], body
        final = {**acknowledged, **{q: sorted(o) for q, o in rest.items()}}
        status, _, body = candidate.post_json(
            reverse("exams:submit", args=[attempt.pk]), {}
        )
        assert status == 200 and json.loads(body)["ok"], body

        status, _, _ = candidate.get(reverse("exams:result", args=[attempt.pk]))
        assert status == 200

    attempt.refresh_from_db()
    points = {item.question_id: item.points for item in attempt.items.all()}
    expected = sum(
        (points[q] for q, chosen in final.items() if chosen == correct[q]), Decimal(0)
    )
    assert expected == Decimal(40)  # 4 of 6 right at 10 points each
    assert attempt.status == Attempt.Status.SUBMITTED and not attempt.auto_submitted
    assert attempt.score == expected and attempt.passed
    assert attempt.deadline == deadline and attempt.started_at == started
    saved = {i.question_id: sorted(i.answer) for i in attempt.items.all()}
    assert saved == final
