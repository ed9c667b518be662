"""Jobs the queue's own tests enqueue (module level, so workers can import them)."""

import os
import time
from pathlib import Path

from django.contrib.auth.models import Group

from jobs import job


@job()
def make_group(*, name: str) -> int:
    """Create a group named `name`; unique names make a second run fail loudly."""
    return Group.objects.create(name=name).pk


@job()
def make_group_when_released(
    *, name: str, hold: str, log: str, write_first: bool = True
) -> int:
    """Create the group and wait while the file `hold` exists (in that order unless
    not `write_first`); log start and end."""
    with Path(log).open("a") as out:
        out.write(f"start {os.getpid()}\n")
    group = Group.objects.create(name=name) if write_first else None
    while Path(hold).exists():
        time.sleep(0.05)
    group = group or Group.objects.create(name=name)
    with Path(log).open("a") as out:
        out.write(f"done {os.getpid()}\n")
    return group.pk


@job()
def fail_always() -> None:
    """A job that raises."""
    raise ValueError("故意失败")


@job()
def noop() -> str:
    """Does nothing; the periodic-schedule tests enqueue it."""
    return "ok"
