"""Writes of the queue's own bookkeeping: worker heartbeats, recovering the jobs of
workers that died, and enqueuing periodic jobs once per slot."""

import datetime
import logging
import os
import socket

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.declare import PERIODIC
from jobs.models import PeriodicRun, WorkerHeartbeat

logger = logging.getLogger("jobs")

WORKER_LOST = "jobs.services.WorkerLost"


class WorkerLost(Exception):  # noqa: N818 - recorded as the failure's class path
    """The worker running a job stopped heartbeating too often."""


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def worker_heartbeat(
    *, worker_id: str, started_at: datetime.datetime, now=None
) -> None:
    """Record that this worker is alive now (extends its lease)."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": now,
        },
    )


def worker_retire(*, worker_id: str) -> None:
    """Forget a worker that stopped cleanly."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def jobs_requeue_abandoned(*, now=None) -> int:
    """Put back on the queue every running job whose worker's lease ran out; a job
    that has lost JOBS_MAX_ATTEMPTS workers fails instead. Returns how many."""
    now = now or timezone.now()
    cutoff = now - _lease()
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list(
            "worker_id", flat=True
        )
    )
    recovered = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for row in running.only("id", "worker_ids", "started_at"):
        owner = row.worker_ids[-1] if row.worker_ids else ""
        if owner in alive:
            continue
        # Guarded by started_at: a row claimed again meanwhile is left alone.
        still_ours = DBTaskResult.objects.filter(
            id=row.id, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= settings.JOBS_MAX_ATTEMPTS:
            changed = still_ours.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"worker {owner} stopped before finishing; "
                f"{len(row.worker_ids)} workers tried",
            )
        else:
            changed = still_ours.update(status=TaskResultStatus.READY)
        if changed:
            logger.warning("job %s of dead worker %s recovered", row.id, owner)
        recovered += changed
    WorkerHeartbeat.objects.filter(
        last_seen__lt=now - datetime.timedelta(days=1)
    ).delete()
    return recovered


def periodic_jobs_enqueue(*, now=None) -> list[str]:
    """Enqueue each periodic job whose current slot is not enqueued yet; safe to run
    from several schedulers at once (the slot row decides). Returns the job names."""
    now = now or timezone.now()
    enqueued = []
    for name, periodic in sorted(PERIODIC.items()):
        slot = periodic.schedule.slot(now)
        with transaction.atomic():
            run, created = PeriodicRun.objects.get_or_create(
                name=name, defaults={"slot": slot, "enqueued_at": now}
            )
            if not created:
                claimed = PeriodicRun.objects.filter(name=name, slot__lt=slot).update(
                    slot=slot, enqueued_at=now
                )
                if not claimed:
                    continue
            result = periodic.task.enqueue()
            PeriodicRun.objects.filter(name=name).update(task_id=str(result.id))
        enqueued.append(name)
    return enqueued


def job_still_owned(*, task_id, started_at: datetime.datetime) -> bool:
    """Lock the job's row and say whether this worker's claim on it still stands."""
    return (
        DBTaskResult.objects.select_for_update()
        .filter(id=task_id, status=TaskResultStatus.RUNNING, started_at=started_at)
        .exists()
    )


def job_release(*, task_id, started_at: datetime.datetime) -> int:
    """Hand a job back to the queue (a worker told to stop at once while running it)."""
    return DBTaskResult.objects.filter(
        id=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
    ).update(status=TaskResultStatus.READY)
