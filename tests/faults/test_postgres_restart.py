"""PostgreSQL restarts in the middle of an exam: autosaves sent while it is down are
held by the connection pool until it is back, or fail and are retried like the page
does; every answer the server acknowledged is stored, before and after. A private
PostgreSQL cluster (tests/faults/private.py), never the shared one; the server
process uses the connection pool as in production."""

import json
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from enrollment.tests.test_live_consumers import session_cookie_for
from exams.models import Attempt, AttemptItem
from tests.faults.private import private_postgres
from tests.recovery.test_restart import Candidate, TakePage, _exam_setup
from tests.servers import _port_open, server_processes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RETRY_FOR = 60  # seconds the page keeps retrying one autosave


@contextmanager
def _orm_on(port: int, name: str):
    """Point this test's own database connection at the private cluster."""
    saved = {k: connection.settings_dict[k] for k in ("HOST", "PORT", "NAME")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(port), NAME=name)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _copy_test_database(port: int, name: str) -> None:
    """The pytest database (schema and migration rows) into the private cluster."""
    source = connection.settings_dict
    host = ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432)]
    user = ["-U", source["USER"] or "postgres"]
    private = ["-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
    subprocess.run(["createdb", *private, name], check=True, timeout=60)
    dump = subprocess.run(
        ["pg_dump", "-Fc", *host, *user, source["NAME"]],
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", *private, "-d", name],
        input=dump.stdout,
        check=True,
        timeout=120,
    )


def _wait_until_down(port: int) -> None:
    deadline = time.monotonic() + 30
    while _port_open(port):
        assert time.monotonic() < deadline, "PostgreSQL did not go down"
        time.sleep(0.02)


def _save_retrying(candidate, url: str, qid: int, options: list[int], failures: list):
    """Autosave like the exam page: a 5xx or a dropped connection is retried."""
    deadline = time.monotonic() + RETRY_FOR
    while True:
        try:
            status, _, body = candidate.post_json(
                url, {"question": qid, "options": options}
            )
            if status == 200 and json.loads(body)["ok"]:
                return
            failures.append(status)
        except OSError as error:
            failures.append(repr(error))
        assert time.monotonic() < deadline, f"autosave never succeeded: {failures}"
        time.sleep(0.3)


def test_answers_acknowledged_around_a_postgres_restart_are_all_kept():
    with private_postgres() as cluster:
        _copy_test_database(cluster.port, "xyxf_fault")
        with _orm_on(cluster.port, "xyxf_fault"):
            paper, user, enrolment, correct = _exam_setup()
            cookie = session_cookie_for(user)
            url = cluster.url("xyxf_fault")
            with server_processes(1, DATABASE_URL=url, DJANGO_DB_POOL="1") as (server,):
                candidate = Candidate(server.port, cookie)
                assert candidate.get(reverse("exams:mine"))[0] == 200
                status, headers, _ = candidate.request(
                    "POST", reverse("exams:start", args=[enrolment.pk])
                )
                assert status == 302, headers
                page = TakePage(candidate.get(headers["Location"])[2])
                attempt = Attempt.objects.get(enrolment=enrolment, paper=paper)
                answer_url = reverse("exams:answer", args=[attempt.pk])
                plan = {qid: correct[qid] for qid in page.questions}
                acknowledged, failures = {}, []
                questions = iter(page.questions)

                for qid in [next(questions), next(questions)]:
                    _save_retrying(candidate, answer_url, qid, plan[qid], failures)
                    acknowledged[qid] = sorted(plan[qid])
                assert failures == []

                postmaster = cluster.pid()
                restart = threading.Thread(target=cluster.restart)
                restart.start()
                _wait_until_down(cluster.port)
                for qid in questions:
                    _save_retrying(candidate, answer_url, qid, plan[qid], failures)
                    acknowledged[qid] = sorted(plan[qid])
                restart.join(timeout=120)
                assert cluster.pid() != postmaster  # it really went down and up

                connection.close()  # the restart cut this connection too
                stored = {
                    item.question_id: sorted(item.answer)
                    for item in AttemptItem.objects.filter(attempt=attempt)
                }
    assert len(acknowledged) == len(page.questions)
    assert {q: stored[q] for q in acknowledged} == acknowledged
