"""Rotating sign-in codes: HMAC-SHA256(session secret, time window), no look-alikes.

A code is valid in its own window and in the one before it (one window's grace), so
a photo of the trainer's screen forwarded to someone outside the room expires within
two windows (about a minute with the default 30 s).
"""

import hashlib
import hmac
from datetime import datetime

from django.conf import settings

from .. import clock
from ..models import TrainingSession

# 32 symbols, 5 bits each: digits and capitals without 0/O and 1/I.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
GRACE_WINDOWS = 1


def code_window_seconds() -> int:
    """Length of one code window (settings.SIGNIN_CODE_WINDOW_SECONDS, default 30)."""
    return int(getattr(settings, "SIGNIN_CODE_WINDOW_SECONDS", 30))


def _window_index(at: datetime) -> int:
    return int(at.timestamp()) // code_window_seconds()


def _code_for_window(session: TrainingSession, window: int) -> str:
    digest = hmac.new(
        session.signin_secret.encode(),
        f"{session.pk}:{window}".encode(),
        hashlib.sha256,
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return "".join(chars)


def signin_code_for(*, session: TrainingSession, at: datetime | None = None) -> str:
    """The code the trainer's console shows for `session` at `at` (default: now)."""
    return _code_for_window(session, _window_index(at or clock.now()))


def code_seconds_left(*, at: datetime | None = None) -> int:
    """Seconds until the code shown at `at` rotates."""
    window = code_window_seconds()
    return window - int((at or clock.now()).timestamp()) % window


def normalise_code(code: str) -> str:
    """Upper-case and drop spaces and dashes, as people type codes off a screen."""
    return "".join((code or "").split()).replace("-", "").upper()


def signin_code_valid(
    *, session: TrainingSession, code: str, at: datetime | None = None
) -> bool:
    """Whether `code` is the current or the previous window's code for `session`."""
    typed = normalise_code(code)
    # compare_digest raises TypeError on non-ASCII text (e.g. full-width input).
    if len(typed) != CODE_LENGTH or not typed.isascii():
        return False
    current = _window_index(at or clock.now())
    return any(
        hmac.compare_digest(typed, _code_for_window(session, current - back))
        for back in range(GRACE_WINDOWS + 1)
    )
