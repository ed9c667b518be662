"""The one clock the live sign-in code reads; tests patch `enrollment.clock.now`.

Services take `now=None` and fall back to `clock.now()`, so a test (or the browser
journey) can move time forward without sleeping: `monkeypatch.setattr(clock, "now",
lambda: fixed)` or pass `now=` explicitly.

A live server in another process cannot be monkeypatched, so the browser journey
moves this clock with a file: when the setting TEST_CLOCK_ENABLED is true (or DEBUG
is on) and TEST_CLOCK_FILE names a file, its content (seconds, an integer or a float)
is added to the real time. Both are off in production (production settings never
set them; `check --deploy` runs with DEBUG off), so the file is never read there.
"""

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def offset_seconds() -> float:
    """The test clock offset, 0 unless a test clock file is enabled and readable."""
    path = getattr(settings, "TEST_CLOCK_FILE", "")
    if not path:
        return 0.0
    if not (settings.DEBUG or getattr(settings, "TEST_CLOCK_ENABLED", False)):
        return 0.0
    try:
        return float(Path(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0.0


def now() -> datetime:
    """The current time, aware (UTC), plus the test clock offset if enabled."""
    offset = offset_seconds()
    if offset:
        return timezone.now() + timedelta(seconds=offset)
    return timezone.now()
