"""Date arithmetic used by the repair rules.

Working days follow the State Council's calendar as the `chinesecalendar` package
publishes it (public holidays and 调休 make-up working days); an office's own
calendar days override it. For a year the package does not cover yet, weekends are
the only days off until it is upgraded (see `calendar_covers`).
"""

import calendar
import datetime

import chinese_calendar


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def official_workday(day: datetime.date) -> bool | None:
    """Whether `day` is a working day by the official calendar (holidays and 调休),
    or None when the package has no data for its year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def calendar_covers(year: int) -> bool:
    """Whether the official calendar package holds `year`'s holidays."""
    return official_workday(datetime.date(year, 12, 31)) is not None


def is_working_day(
    day: datetime.date,
    *,
    holidays: set[datetime.date],
    extra_workdays: set[datetime.date],
) -> bool:
    """The office's own days first, then the official calendar, then weekends."""
    if day in extra_workdays:
        return True
    if day in holidays:
        return False
    official = official_workday(day)
    return official if official is not None else day.weekday() < 5


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
        if is_working_day(current, holidays=holidays, extra_workdays=extra_workdays):
            remaining -= 1
    return current
