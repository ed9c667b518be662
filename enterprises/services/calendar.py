"""The yearly check that the official holiday calendar covers next year."""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.services import notify

from ..dates import calendar_covers

CALENDAR_MISSING_TITLE = "节假日数据缺少{year}年：请升级 chinesecalendar"
CALENDAR_MISSING_BODY = (
    "平台按国务院办公厅公布的节假日和调休安排计算工作日（如摸排时限）。所用的 "
    "chinesecalendar 软件包尚未收录{year}年的安排：在升级之前，{year}年只把周末"
    "算作休息日。请联系运维人员升级该软件包；如需临时调整，可在管理后台“节假日与"
    "调休”中录入本市的日期。"
)
CALENDAR_CHECK_FROM_MONTH = 11  # next year's arrangement is published in Nov/Dec


def calendar_coverage_check(*, today: datetime.date | None = None) -> int:
    """From November on, tell each city office once when the official calendar has
    no data for next year; returns how many were told."""
    today = today or timezone.localdate()
    year = today.year + 1
    if today.month < CALENDAR_CHECK_FROM_MONTH or calendar_covers(year):
        return 0
    title = CALENDAR_MISSING_TITLE.format(year=year)
    users = User.objects.filter(role=User.Role.CITY_OFFICE, is_active=True).exclude(
        notices__title=title
    )
    body = CALENDAR_MISSING_BODY.format(year=year)
    return len(notify(users=users, title=title, body=body))
