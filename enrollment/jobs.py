"""Background jobs of the enrollment app."""

import datetime

from enrollment.live import sessions_finish_ended
from enrollment.services import enrolment_send_reminders
from jobs import periodic


@periodic(every=datetime.timedelta(hours=1))
def send_session_reminders() -> int:
    """Remind enterprises of sessions starting within 24 hours (hourly, once each)."""
    return enrolment_send_reminders()


@periodic(every=datetime.timedelta(minutes=15))
def finish_ended_sessions() -> int:
    """Mark sessions whose end has passed as finished (every 15 minutes)."""
    return sessions_finish_ended()
