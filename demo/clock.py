"""Loading the demo's past through the real services: a time machine for `seed_demo`.

The story (demo.story) happened over the last weeks. Each past step runs inside
`travel_to(moment)`, which makes `django.utils.timezone.now()` (and so every
service, `auto_now` field, audit entry and history record) read that moment; the
services check and record exactly as they would have then. Demo loading only:
nothing outside the demo package imports this.
"""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


def local_at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime at hour:minute (Asia/Shanghai) on `day`."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


@contextmanager
def travel_to(moment: datetime.datetime):
    """Run the block as if it were `moment` (which must not be in the future)."""
    if moment > timezone.now():
        raise ValueError("the demo does not date anything in the future")
    with mock.patch("django.utils.timezone.now", lambda: moment):
        yield
