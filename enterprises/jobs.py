"""Background jobs of the enterprises app."""

import datetime

from enterprises.services import calendar_coverage_check, repair_eligible_notify
from jobs import periodic


@periodic(every=datetime.timedelta(days=1), at=datetime.time(8, 0))
def notify_repair_eligible() -> int:
    """Tell representatives which penalties became repairable (daily at 08:00)."""
    return repair_eligible_notify()


@periodic(every=datetime.timedelta(days=1), at=datetime.time(8, 30))
def check_holiday_calendar() -> int:
    """From November on, warn city offices once if next year's holidays are missing."""
    return calendar_coverage_check()
