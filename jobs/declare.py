"""Declaring background jobs: @job for work enqueued on demand, @periodic for work
the scheduler enqueues on a clock. Both return a django-tasks Task."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

DEFAULT_QUEUE = "default"
MAIL_QUEUE = "mail"

# Local time the slots are counted from (a Monday); Shanghai has no daylight saving.
_EPOCH = datetime.datetime(2024, 1, 1)


@dataclass(frozen=True)
class Schedule:
    """Run once per `every`, starting `at` (local time of day) into each interval."""

    every: datetime.timedelta
    at: datetime.time | None = None

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """Start of the slot `now` falls in, as an aware datetime."""
        local = timezone.localtime(now).replace(tzinfo=None)
        offset = (
            datetime.timedelta(
                hours=self.at.hour, minutes=self.at.minute, seconds=self.at.second
            )
            if self.at
            else datetime.timedelta(0)
        )
        periods = (local - _EPOCH - offset) // self.every
        return timezone.make_aware(_EPOCH + offset + periods * self.every)


@dataclass(frozen=True)
class Periodic:
    task: Task
    schedule: Schedule


# Filled at import of each app's jobs.py (jobs.apps autodiscovers them).
PERIODIC: dict[str, Periodic] = {}
# Jobs that commit as they go instead of in one transaction with their "done" mark.
NOT_ATOMIC: set[str] = set()


def job(
    function: Callable | None = None,
    *,
    queue: str = DEFAULT_QUEUE,
    priority: int = 0,
    atomic: bool = True,
) -> Any:
    """Declare a background job; `atomic=False` for long jobs that commit in steps."""

    def wrap(f: Callable) -> Task:
        declared = task(queue_name=queue, priority=priority)(f)
        if not atomic:
            NOT_ATOMIC.add(declared.module_path)
        return declared

    return wrap(function) if function else wrap


def periodic(
    *,
    every: datetime.timedelta,
    at: datetime.time | None = None,
    queue: str = DEFAULT_QUEUE,
    atomic: bool = True,
) -> Callable[[Callable], Task]:
    """Declare a job the scheduler enqueues once per slot of `every` (from `at`)."""

    def wrap(f: Callable) -> Task:
        declared = job(f, queue=queue, atomic=atomic)
        PERIODIC[declared.module_path] = Periodic(declared, Schedule(every, at))
        return declared

    return wrap


def is_atomic(declared: Task) -> bool:
    """Whether the worker runs this job in one transaction with its result."""
    return declared.module_path not in NOT_ATOMIC
