"""Certificate settings with their defaults (override in config/settings)."""

from decimal import Decimal

from django.conf import settings


def serial_prefix_default() -> str:
    """Serial prefix when a programme has no certificate settings row."""
    return getattr(settings, "CERTIFICATE_SERIAL_PREFIX", "XY")


def repair_rate_target_default() -> Decimal:
    """Repair-rate target when a programme has none (seed 001: at least 80%)."""
    return Decimal(str(getattr(settings, "REPAIR_RATE_TARGET", "0.8")))


def verify_rate_limit() -> tuple[int, int]:
    """(look-ups, window in seconds) allowed per IP on the public verify page."""
    return (
        int(getattr(settings, "VERIFY_RATE_LIMIT", 30)),
        int(getattr(settings, "VERIFY_RATE_WINDOW_SECONDS", 300)),
    )
