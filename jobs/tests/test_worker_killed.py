"""A worker killed in the middle of a job: the job completes exactly once, on another
worker. Real worker processes (`manage.py jobs_worker`), on PostgreSQL (the pytest
database; the job has written before it is killed, and that write is undone) and on
the embedded default (a SQLite file; there jobs are not one transaction, so the job is
killed before its write)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from jobs.models import WorkerHeartbeat
from jobs.tests import sample_jobs
from tests.servers import ROOT, servers_database_url

START_TIMEOUT = 90  # Django + Wagtail import slowly on a busy 2-core machine
GROUP = "恰好一次"


def _wait(what: str, condition, timeout: float, log=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out waiting for {what}\n{log() if log else ''}"
            )
        time.sleep(0.1)


def _child_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "JOBS_RUN_INLINE": "0",
        "JOBS_HEARTBEAT_SECONDS": "0.5",
        "JOBS_LEASE_SECONDS": "3",
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


@contextmanager
def worker_process(env: dict[str, str], worker_id: str):
    """A jobs_worker child in its own process group, killed on exit whatever happens."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "jobs_worker", "--worker-id", worker_id]
            + ["--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def tail() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")[-3000:]

        proc.tail = tail
        try:
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@dataclass
class Database:
    """How the scenario reads the workers' database."""

    status: Callable[[], str]
    worker_ids: Callable[[], list[str]]
    alive: Callable[[str], bool]
    groups: Callable[[], int]


def _kill_one_worker_mid_job(env: dict[str, str], db: Database, tmp: Path) -> None:
    hold, log = tmp / "hold", tmp / "log"

    def lines() -> list[str]:
        return log.read_text().split("\n")[:-1] if log.exists() else []

    with ExitStack() as stack:
        first = stack.enter_context(worker_process(env, "worker-a"))
        _wait("worker A to start the job", lambda: lines(), START_TIMEOUT, first.tail)
        second = stack.enter_context(worker_process(env, "worker-b"))
        _wait("worker B", lambda: db.alive("worker-b"), START_TIMEOUT, second.tail)

        os.killpg(first.pid, signal.SIGKILL)  # in the middle of the job
        first.wait(timeout=10)
        hold.unlink()

        _wait("success on B", lambda: db.status() == "SUCCESSFUL", 30, second.tail)

    assert db.worker_ids() == ["worker-a", "worker-b"]
    assert db.groups() == 1
    assert lines() == [
        f"start {first.pid}",
        f"start {second.pid}",
        f"done {second.pid}",
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_killed_worker_job_completes_exactly_once_on_postgres(settings, tmp_path):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "mail"],
        }
    }
    (tmp_path / "hold").touch()
    result = sample_jobs.make_group_when_released.enqueue(
        name=GROUP, hold=str(tmp_path / "hold"), log=str(tmp_path / "log")
    )
    row = DBTaskResult.objects.filter(id=result.id)
    db = Database(
        status=lambda: row.get().status,
        worker_ids=lambda: row.get().worker_ids,
        alive=lambda wid: WorkerHeartbeat.objects.filter(worker_id=wid).exists(),
        groups=lambda: Group.objects.filter(name=GROUP).count(),
    )

    _kill_one_worker_mid_job(
        _child_env(DATABASE_URL=servers_database_url()), db, tmp_path
    )


ENQUEUE = """
import django, sys
django.setup()
from jobs.tests import sample_jobs
name, hold, log = sys.argv[1:4]
sample_jobs.make_group_when_released.enqueue(
    name=name, hold=hold, log=log, write_first=False
)
"""


def test_killed_worker_job_completes_exactly_once_on_the_embedded_default(tmp_path):
    path = tmp_path / "db.sqlite3"
    env = _child_env(SQLITE_PATH=str(path))
    env.pop("DATABASE_URL", None)
    for app in ("auth", "django_tasks_database", "jobs"):
        subprocess.run(
            [sys.executable, "manage.py", "migrate", app, "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=START_TIMEOUT,
        )
    (tmp_path / "hold").touch()
    subprocess.run(
        [
            sys.executable,
            "-c",
            ENQUEUE,
            GROUP,
            str(tmp_path / "hold"),
            str(tmp_path / "log"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=START_TIMEOUT,
    )

    def one(sql: str, *params):
        with sqlite3.connect(path, timeout=20) as conn:
            return conn.execute(sql, params).fetchone()

    task = "select status, worker_ids from django_tasks_database_dbtaskresult"
    db = Database(
        status=lambda: one(task)[0],
        worker_ids=lambda: json.loads(one(task)[1]),
        alive=lambda wid: (
            one("select count(*) from jobs_workerheartbeat where worker_id = ?", wid)[0]
            == 1
        ),
        groups=lambda: one("select count(*) from auth_group where name = ?", GROUP)[0],
    )

    _kill_one_worker_mid_job(env, db, tmp_path)
