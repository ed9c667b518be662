"""Profile the exam's start, page and autosave paths in one process.

    python bench/profile_exam.py [--candidates 20] [--html profile.html]

On DATABASE_URL (PostgreSQL for figures that mean anything). Creates candidates as
bench/exam.py does, then, through Django's test client, starts each candidate's
attempt, loads the page and saves every answer, counting SQL queries and timing each
step; pyinstrument records the whole run (printed, or written as HTML).
"""

import argparse
import json
import os
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))  # for bench/exam.py
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from exam import OPTION_RE, setup  # noqa: E402
from pyinstrument import Profiler  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    parser.add_argument(
        "--no-profile", action="store_true", help="time and count only (no sampling)"
    )
    args = parser.parse_args()
    logins = setup(args.candidates, secrets.token_hex(3), 10)
    steps = {"start": [], "page": [], "save": []}
    cpu = {"start": [], "page": [], "save": []}
    queries = {"start": [], "page": [], "save": []}
    profiler = Profiler(interval=0.0005)

    def step(name, call):
        with CaptureQueriesContext(connection) as ctx:
            began, began_cpu = time.perf_counter(), time.process_time()
            response = call()
            steps[name].append((time.perf_counter() - began) * 1000)
            cpu[name].append((time.process_time() - began_cpu) * 1000)
        queries[name].append(len(ctx.captured_queries))
        return response

    # One client (one handler, middleware loaded once, as in a server process).
    client = Client()
    if not args.no_profile:
        profiler.start()
    for login in logins:
        client.cookies["sessionid"] = login["session"]
        start = step(
            "start",
            lambda login=login, client=client: client.post(
                f"/exams/enrolments/{login['enrolment']}/start/"
            ),
        )
        location = start["Location"]
        attempt = int(re.search(r"/attempts/(\d+)/", location).group(1))
        page = step(
            "page", lambda client=client, location=location: client.get(location)
        )
        options = {}
        for qid, oid in OPTION_RE.findall(page.content.decode()):
            options.setdefault(int(qid), []).append(int(oid))
        for qid, opts in options.items():
            body = json.dumps({"question": qid, "options": opts[:1]})
            step(
                "save",
                lambda client=client, body=body, attempt=attempt: client.post(
                    f"/exams/attempts/{attempt}/answer/",
                    body,
                    content_type="application/json",
                ),
            )
    if not args.no_profile:
        profiler.stop()
    report = {
        name: {
            "n": len(values),
            "median_ms": round(statistics.median(values), 2),
            "median_cpu_ms": round(statistics.median(cpu[name]), 2),
            "queries": max(queries[name]),
        }
        for name, values in steps.items()
    }
    print(json.dumps(report, indent=2))
    if args.no_profile:
        return
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
