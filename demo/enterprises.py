"""Demo enterprises with valid USCCs, penalties, archive data and one representative.

All enterprises, people and decision numbers are fictional.
"""

import datetime

from django.utils import timezone

from accounts.models import CreditOffice, Region, User
from common.validators import make_uscc
from enterprises import services
from enterprises.models import (
    CalendarDay,
    Enterprise,
    FollowUp,
    PenaltyRecord,
    ReminderLetter,
)

from .accounts import DEMO_PASSWORD, NANTONG

# (region code, 17-character USCC body, name, legal representative)
ENTERPRISES = [
    ("01", "91320621MA1MXK2B3", "海安恒达机械制造有限公司", "张建国"),
    ("01", "91320621MA1NP4C5D", "海安顺丰源食品有限公司", "李春梅"),
    ("02", "91320682MA1QR6E7F", "如皋华美纺织有限公司", "陈国华"),
    ("03", "91320623MA1TU8G9H", "如东海润水产有限公司", "黄海波"),
    ("05", "91320602MA1WX1J2K", "南通崇川明远装饰工程有限公司", "杨帆"),
    ("05", "91320602MA1YA3L4M", "南通市崇川区鑫源物流有限公司", "吴勇"),
    ("07", "91320684MA1BC5N6P", "海门江海建材有限公司", "徐红"),
    ("08", "91320691MA1DE7Q8R", "南通开发区博创电子科技有限公司", "朱磊"),
]


def seed(*, stdout=None) -> None:
    """Create or update the demo enterprises and the demo representative."""
    regions = {r.code: r for r in Region.objects.filter(city__code=NANTONG)}
    created = []
    for number, (code, body, name, legal) in enumerate(ENTERPRISES, start=1):
        address = f"江苏省南通市{regions[code].name}示范路{number}号"
        enterprise, _ = Enterprise.objects.update_or_create(
            uscc=make_uscc(body),
            defaults={
                "name": name,
                "region": regions[code],
                "legal_representative": legal,
                "registered_address": address,
            },
        )
        created.append(enterprise)
    rep, _ = User.objects.update_or_create(
        username="13900000401",
        defaults={
            "real_name": created[0].legal_representative,
            "mobile": "13900000401",
            "role": User.Role.ENTERPRISE,
            "enterprise": created[0],
        },
    )
    if not rep.check_password(DEMO_PASSWORD):
        rep.set_password(DEMO_PASSWORD)
        rep.save(update_fields=["password"])
    penalties = _seed_penalties(created)
    _seed_archive(created)
    _seed_calendar()
    if stdout:
        stdout.write(
            f"演示企业 {len(created)} 家（处罚记录 {penalties} 条），"
            f"企业代表账号 {rep.username}。"
        )


# (enterprise index, n, authority, days before today, severity, content)
PENALTIES = [
    (0, 1, "海安市市场监督管理局", 200, "general", "责令限期整改，罚款人民币五千元。"),
    (0, 2, "海安市应急管理局", 60, "general", "责令停止违法行为，罚款人民币二万元。"),
    (1, 3, "海安市市场监督管理局", 400, "serious", "没收违法所得，罚款人民币十万元。"),
    (2, 4, "如皋市生态环境局", 120, "general", "责令改正并限期整改，罚款三万元。"),
    (3, 5, "如东县交通运输局", 300, "general", "警告，罚款人民币二千元。"),
    (4, 6, "南通市崇川区消防救援大队", 500, "specially_serious", "责令停产停业。"),
    (5, 7, "南通市交通运输局", 700, "serious", "罚款人民币五万元，责令整改。"),
    (5, 8, "南通市市场监督管理局", 420, "serious", "罚款人民币八万元。"),
    (6, 9, "海门区住房和城乡建设局", 95, "general", "责令整顿，罚款人民币一万元。"),
    (7, 10, "南通开发区安全生产监督管理局", 30, "general", "责令限期改正。"),
]


def _seed_penalties(enterprises: list[Enterprise]) -> int:
    today = timezone.localdate()
    for index, n, authority, days, severity, content in PENALTIES:
        penalty, created = PenaltyRecord.objects.get_or_create(
            authority=authority,
            decision_no=f"通X罚决字〔2026〕{n}号",
            defaults={
                "enterprise": enterprises[index],
                "decision_date": today - datetime.timedelta(days=days),
                "content": content,
                "severity": severity,
            },
        )
        if created:
            services.enterprise_key_refresh(enterprise=enterprises[index])
    return len(PENALTIES)


def _seed_archive(enterprises: list[Enterprise]) -> None:
    today = timezone.localdate()
    first = enterprises[0]
    if not first.archive_no:
        services.enterprise_update(
            enterprise=first,
            list_received_on=today - datetime.timedelta(days=20),
            survey_department="海安市信用办",
            surveyor="演示调查员",
            survey_date=today - datetime.timedelta(days=18),
            land_status="leased",
            buildings_status="certified",
            machinery_status="some",
            machinery_notes="数控机床若干台",
            operating_status="normal",
            governance_type="help",
            governance_measures=["warning", "credit_training"],
            repair_intention="willing",
            contact_person="演示联系人",
            contact_phone="13900000499",
        )
    overdue = enterprises[2]
    if not overdue.list_received_on:
        services.enterprise_update(
            enterprise=overdue, list_received_on=today - datetime.timedelta(days=10)
        )
    if not FollowUp.objects.filter(enterprise=first).exists():
        services.follow_up_add(
            enterprise=first,
            author=None,
            kind=FollowUp.Kind.SURVEY,
            note="现场核查：企业正常经营，已了解修复流程，有修复意向。",
            date=today - datetime.timedelta(days=18),
        )
    helper = User.objects.filter(username="trainer2").first()
    key = enterprises[5]
    if helper and key.key_helper_id is None:
        services.enterprise_key_assign(enterprise=key, helper=helper)
    office = CreditOffice.objects.filter(region=first.region).first()
    if office and not ReminderLetter.objects.filter(enterprise=first).exists():
        ReminderLetter.objects.create(enterprise=first, office=office)


# Demo calendar only: the city office enters each year's official schedule.
CALENDAR = [
    ("2026-10-01", "国庆节", False),
    ("2026-10-02", "国庆节", False),
    ("2026-10-05", "国庆节", False),
    ("2026-10-06", "国庆节", False),
    ("2026-10-07", "国庆节", False),
    ("2026-10-10", "国庆节调休", True),
    ("2027-01-01", "元旦", False),
]


def _seed_calendar() -> None:
    for day, name, workday in CALENDAR:
        CalendarDay.objects.update_or_create(
            date=datetime.date.fromisoformat(day),
            defaults={"name": name, "is_workday": workday},
        )
