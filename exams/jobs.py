"""Background jobs of the exams app."""

import datetime

from exams.services import attempts_close_expired
from jobs import periodic


@periodic(every=datetime.timedelta(minutes=1))
def close_expired_attempts() -> int:
    """Auto-submit every attempt past its deadline and grace (every minute)."""
    return attempts_close_expired()
