"""The worker: django-tasks-db's database worker plus a lease.

django-tasks-db claims jobs safely (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, an
exclusive transaction on SQLite) but leaves a job RUNNING for ever when its worker is
killed. Here each worker heartbeats from a thread; every worker requeues the jobs of
workers whose heartbeat is older than the lease; a job runs in one transaction with
its "done" mark, which is written only while the claim still stands. A job whose
worker dies therefore leaves nothing behind and completes exactly once, elsewhere.
On SQLite (one writer at a time) jobs are not wrapped in a transaction: a job there
runs at least once and must be safe to repeat.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django_tasks import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from jobs import services
from jobs.declare import is_atomic

logger = logging.getLogger("jobs")


def _atomic(task) -> bool:
    # SQLite has one writer: a transaction as long as the job would stop every write
    # of the web server meanwhile, so there jobs commit as they go (and are written
    # to be safe to run again, as every job here is).
    return is_atomic(task) and connection.vendor != "sqlite"


class JobLeaseLost(Exception):  # noqa: N818
    """Another worker took the job over while this one was still running it."""


class LeasedWorker(Worker):
    """A db_worker that heartbeats, recovers dead workers' jobs and, if asked,
    enqueues the periodic jobs."""

    def __init__(self, *, scheduler: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.scheduler = scheduler
        self.started_at = timezone.now()
        self._stop = threading.Event()

    def run(self) -> None:
        self._housekeeping()
        beat = threading.Thread(target=self._beat, name="jobs-heartbeat", daemon=True)
        beat.start()
        try:
            while True:
                try:
                    super().run()
                    return
                except (OperationalError, InterfaceError):
                    # Database away or locked past its timeout: wait and carry on
                    # rather than exit (a restarting PostgreSQL, a long SQLite write).
                    if not self.running:
                        raise
                    logger.exception("job worker lost its database; retrying")
                    time.sleep(1)
        finally:
            self._stop.set()
            beat.join(timeout=5)
            with contextlib.suppress(Exception):
                services.worker_retire(worker_id=self.worker_id)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(settings.JOBS_HEARTBEAT_SECONDS):
                self._housekeeping()
        finally:
            connection.close()

    def _housekeeping(self) -> None:
        close_old_connections()
        try:
            services.worker_heartbeat(
                worker_id=self.worker_id, started_at=self.started_at
            )
            services.jobs_requeue_abandoned()
            if self.scheduler:
                services.periodic_jobs_enqueue()
        except Exception:
            # A database that is briefly away must not stop the worker; the next beat
            # tries again (and the lease is several beats long).
            logger.exception("job worker housekeeping failed")

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        claim = {"task_id": db_task_result.id, "started_at": db_task_result.started_at}
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            sender = type(task.get_backend())
            task_started.send(sender=sender, task_result=task_result)
            run_atomically = (
                transaction.atomic if _atomic(task) else contextlib.nullcontext
            )
            with run_atomically():
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=task_result),
                        *task_result.args,
                        **task_result.kwargs,
                    )
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
                with transaction.atomic():
                    if not services.job_still_owned(**claim):
                        raise JobLeaseLost(db_task_result.id)
                    db_task_result.set_successful(value)
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
        except JobLeaseLost:
            logger.warning("job %s was taken over; its work here is undone", claim)
        except (KeyboardInterrupt, SystemExit):
            # Told to stop at once: hand the job back rather than fail it.
            with contextlib.suppress(Exception):
                services.job_release(**claim)
            raise
        except Exception as error:
            self._fail(db_task_result, claim, error)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _fail(self, db_task_result: DBTaskResult, claim: dict, error: Exception):
        with transaction.atomic():
            if not services.job_still_owned(**claim):
                return
            db_task_result.set_failed(error)
        try:
            sender = type(db_task_result.task.get_backend())
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
        except (ImportError, SuspiciousOperation):
            logger.exception("job %s failed and cannot be loaded", db_task_result.id)
