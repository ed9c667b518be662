"""Date arithmetic used by the repair rules (no third-party dependency)."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def add_working_days(
    start: datetime.date,
    days: int,
    *,
    holidays: set[datetime.date],
    extra_workdays: set[datetime.date],
) -> datetime.date:
    """The date `days` working days after `start` (which itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        weekend = current.weekday() >= 5
        if current in extra_workdays or (not weekend and current not in holidays):
            remaining -= 1
    return current
