"""Certificate settings with their defaults (override in config/settings)."""

from django.conf import settings


def serial_prefix_default() -> str:
    """Serial prefix when a programme has no certificate settings row."""
    return getattr(settings, "CERTIFICATE_SERIAL_PREFIX", "XY")


def verify_rate_limit() -> tuple[int, int]:
    """(look-ups, window in seconds) allowed per IP on the public verify page."""
    return (
        int(getattr(settings, "VERIFY_RATE_LIMIT", 30)),
        int(getattr(settings, "VERIFY_RATE_WINDOW_SECONDS", 300)),
    )
