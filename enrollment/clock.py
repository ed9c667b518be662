"""The one clock the live sign-in code reads; tests patch `enrollment.clock.now`.

Services take `now=None` and fall back to `clock.now()`, so a test (or the browser
journey) can move time forward without sleeping: `monkeypatch.setattr(clock, "now",
lambda: fixed)` or pass `now=` explicitly.
"""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current time, aware (UTC)."""
    return timezone.now()
