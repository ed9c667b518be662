"""Demo enterprises with valid USCCs, penalties, archive data and one representative.

All enterprises, people and decision numbers are fictional.
"""

import datetime

from django.utils import timezone

from accounts.models import Region, User
from common.validators import make_uscc
from enterprises import services
from enterprises.models import (
    CalendarDay,
    Enterprise,
    FollowUp,
    PenaltyRecord,
)

from .accounts import DEMO_PASSWORD

# (region code, 17-character USCC body, name, legal representative, representative's
# login or None). Each enterprise plays one part in the story (demo.story).
ENTERPRISES = [
    ("01", "91320621MA1MXK2B3", "海安恒达机械制造有限公司", "张建国", "13900000401"),
    ("01", "91320621MA1NP4C5D", "海安顺丰源食品有限公司", "李春梅", "13900000402"),
    ("01", "91320621MA1PQ2R3T", "海安通达建材有限公司", "钱立新", "13900000403"),
    ("01", "91320621MA1RT4U5W", "海安华锦纺织有限公司", "冯秀英", "13900000404"),
    ("01", "91320621MA1UW6X7Y", "海安宏盛物流有限公司", "褚志刚", "13900000405"),
    ("01", "91320621MA1WX8Y9A", "海安新天地餐饮管理有限公司", "卫丽娟", "13900000406"),
    ("02", "91320682MA1QR6E7F", "如皋华美纺织有限公司", "陈国华", None),
    ("03", "91320623MA1TU8G9H", "如东海润水产有限公司", "黄海波", None),
    ("05", "91320602MA1WX1J2K", "南通崇川明远装饰工程有限公司", "杨帆", None),
    ("05", "91320602MA1YA3L4M", "南通市崇川区鑫源物流有限公司", "吴勇", "13900000407"),
    ("05", "91320602MA1AB2C3D", "南通崇川宏图印务有限公司", "蒋文", None),
    ("05", "91320602MA1CD4E5F", "南通崇川佳禾餐饮有限公司", "沈梅", "13900000408"),
    ("07", "91320684MA1BC5N6P", "海门江海建材有限公司", "徐红", None),
    ("08", "91320691MA1DE7Q8R", "南通开发区博创电子科技有限公司", "朱磊", None),
]


def _representative(username: str, enterprise: Enterprise) -> User:
    rep, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "real_name": enterprise.legal_representative,
            "mobile": username,
            "role": User.Role.ENTERPRISE,
            "enterprise": enterprise,
        },
    )
    if not rep.check_password(DEMO_PASSWORD):
        rep.set_password(DEMO_PASSWORD)
        rep.save(update_fields=["password"])
    return rep


def seed(*, stdout=None) -> None:
    """Create or update the demo enterprises, their representatives and penalties."""
    regions = {r.code: r for r in Region.objects.all()}
    created = []
    reps = 0
    for number, (code, body, name, legal, login) in enumerate(ENTERPRISES, start=1):
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
        if login:
            _representative(login, enterprise)
            reps += 1
    penalties = _seed_penalties(created)
    _seed_archive(created)
    _seed_calendar()
    if stdout:
        stdout.write(
            f"演示企业 {len(created)} 家（处罚记录 {penalties} 条），"
            f"企业代表账号 {reps} 个。"
        )


# (enterprise index, authority, its number prefix, sequence, days before today,
# severity, content). Numbers follow the authorities' format, e.g.
# 海市监处罚〔2025〕158号; the year is that of the decision date.
PENALTIES = [
    (0, "海安市市场监督管理局", "海市监处罚", 158, 200, "general",
     "责令停止违法行为，限期整改，罚款人民币八千元。"),
    (0, "海安市应急管理局", "海应急罚", 23, 150, "general",
     "责令限期改正，罚款人民币二万元。"),
    (1, "海安市市场监督管理局", "海市监处罚", 96, 430, "general",
     "责令改正，罚款人民币五千元。"),
    (1, "南通市海安生态环境局", "通海环罚", 12, 395, "general",
     "责令停止违法行为，限期整改，罚款人民币三万元。"),
    (2, "海安市住房和城乡建设局", "海住建罚", 31, 410, "general",
     "责令整改，罚款人民币一万元。"),
    (2, "海安市市场监督管理局", "海市监处罚", 47, 380, "serious",
     "没收违法所得，罚款人民币十万元。"),
    (3, "海安市应急管理局", "海应急罚", 8, 300, "general",
     "责令限期整改，罚款人民币一万五千元。"),
    (4, "海安市交通运输局", "海交罚", 55, 260, "general", "罚款人民币二千元。"),
    (5, "海安市市场监督管理局", "海市监处罚", 201, 130, "general",
     "责令改正，罚款人民币三千元。"),
    (5, "海安市卫生健康委员会", "海卫罚", 17, 100, "general",
     "警告，罚款人民币一千元。"),
    (6, "南通市如皋生态环境局", "通皋环罚", 41, 120, "general",
     "责令改正并限期整改，罚款人民币三万元。"),
    (7, "如东县交通运输局", "东交罚", 66, 300, "general", "警告，罚款人民币二千元。"),
    (8, "南通市崇川区消防救援大队", "崇消行罚决字", 12, 500, "specially_serious",
     "责令停产停业。"),
    (9, "南通市交通运输局", "通交罚", 87, 700, "serious",
     "罚款人民币五万元，责令整改。"),
    (9, "南通市市场监督管理局", "通市监处罚", 302, 420, "serious",
     "罚款人民币八万元。"),
    (10, "南通市崇川区市场监督管理局", "崇市监处罚", 73, 240, "general",
     "责令改正，罚款人民币六千元。"),
    (11, "南通市崇川区市场监督管理局", "崇市监处罚", 88, 210, "general",
     "责令停止违法行为，罚款人民币四千元。"),
    (12, "海门区住房和城乡建设局", "海门住建罚", 19, 95, "general",
     "责令整顿，罚款人民币一万元。"),
    (13, "南通市经济技术开发区应急管理局", "通开应急罚", 7, 30, "general",
     "责令限期改正。"),
]  # fmt: skip


def decision_no(prefix: str, year: int, sequence: int) -> str:
    """A decision number in the authorities' format: 海市监处罚〔2025〕158号."""
    return f"{prefix}〔{year}〕{sequence}号"


def _seed_penalties(enterprises: list[Enterprise]) -> int:
    today = timezone.localdate()
    for index, authority, prefix, seq, days, severity, content in PENALTIES:
        enterprise = enterprises[index]
        exists = PenaltyRecord.objects.filter(
            enterprise=enterprise,
            authority=authority,
            decision_no__startswith=f"{prefix}〔",
            decision_no__endswith=f"〕{seq}号",
        ).exists()
        if exists:
            continue
        decided = today - datetime.timedelta(days=days)
        services.penalty_create(
            enterprise=enterprise,
            decision_no=decision_no(prefix, decided.year, seq),
            authority=authority,
            decision_date=decided,
            content=content,
            severity=severity,
        )
        services.enterprise_key_refresh(enterprise=enterprise)
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
    overdue = next(e for e in enterprises if e.name == "如皋华美纺织有限公司")
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
    key = next(e for e in enterprises if e.name == "南通市崇川区鑫源物流有限公司")
    if helper and key.key_helper_id is None:
        services.enterprise_key_assign(enterprise=key, helper=helper)


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
