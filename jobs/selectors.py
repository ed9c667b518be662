"""Reads about the job queue itself."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import WorkerHeartbeat


@dataclass(frozen=True)
class QueueState:
    workers_alive: int
    ready: int
    oldest_ready_seconds: float


def queue_state(*, now: datetime.datetime | None = None) -> QueueState:
    """Live workers, ready jobs and how long the oldest of them has waited."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=now - lease).count()
    ready = DBTaskResult.objects.ready().aggregate(
        count=Count("id"), oldest=Min("enqueued_at")
    )
    waited = (now - ready["oldest"]).total_seconds() if ready["oldest"] else 0.0
    return QueueState(alive, ready["count"], max(waited, 0.0))
