"""The province around Nantong: the other seed cities, their offices, a county office
and a penalty authority in two of them, and the provincial office. All people are
fictional; the places and their codes are real (accounts/divisions.py)."""

import datetime

from django.utils import timezone

from accounts.models import CreditOffice, PenaltyAuthority, User
from common.validators import make_uscc
from enterprises.models import PenaltyRecord
from enterprises.services import penalty_decision_record, penalty_follow_up_record

from .accounts import CHANGZHOU, HUAIAN, NANTONG, SUZHOU, _user, city_seed

PROVINCE_OFFICE = "江苏省社会信用体系建设领导小组办公室"
# city code → (city office, its login, the login's fictional holder, mobile)
CITY_OFFICES = {
    SUZHOU: (
        "苏州市社会信用体系建设领导小组办公室",
        "city_sz",
        "顾文清",
        "13900000211",
    ),
    HUAIAN: (
        "淮安市社会信用体系建设领导小组办公室",
        "city_ha",
        "蒋明远",
        "13900000212",
    ),
    CHANGZHOU: (
        "常州市社会信用体系建设领导小组办公室",
        "city_cz",
        "钱若楠",
        "13900000213",
    ),
}
# (city, region sequence, login, holder, mobile)
COUNTY_OFFICES = [
    (HUAIAN, "03", "county_ha03", "许志刚", "13900000221"),
    (CHANGZHOU, "01", "county_cz01", "邵敏", "13900000222"),
]
# (city, authority, login, holder, mobile)
AUTHORITIES = [
    (NANTONG, "南通市市场监督管理局", "authority_nt", "冯建国", "13900000231"),
    (CHANGZHOU, "常州市市场监督管理局", "authority_cz", "严晓东", "13900000232"),
]


def seed(*, stdout=None) -> None:
    """Create or update the other cities, their offices and the provincial office."""
    cities = {code: city_seed(code) for code in (NANTONG, SUZHOU, HUAIAN, CHANGZHOU)}
    province = cities[NANTONG].province
    office, _ = CreditOffice.objects.update_or_create(
        name=PROVINCE_OFFICE,
        defaults={
            "level": CreditOffice.Level.PROVINCE,
            "province": province,
            "city": None,
            "region": None,
        },
    )
    _user(
        "province",
        real_name="韩启明",
        role=User.Role.PROVINCE_OFFICE,
        office=office,
        mobile="13900000210",
    )
    for code, (name, username, holder, mobile) in CITY_OFFICES.items():
        office, _ = CreditOffice.objects.update_or_create(
            name=name,
            defaults={
                "level": CreditOffice.Level.CITY,
                "city": cities[code],
                "region": None,
            },
        )
        _user(
            username,
            real_name=holder,
            role=User.Role.CITY_OFFICE,
            office=office,
            mobile=mobile,
        )
    for code, seq, username, holder, mobile in COUNTY_OFFICES:
        region = cities[code].regions.get(code=seq)
        office, _ = CreditOffice.objects.update_or_create(
            name=f"{cities[code].short_name}{region.name}信用办",
            defaults={
                "level": CreditOffice.Level.COUNTY,
                "city": cities[code],
                "region": region,
            },
        )
        _user(
            username,
            real_name=holder,
            role=User.Role.COUNTY_OFFICE,
            office=office,
            mobile=mobile,
        )
    users = {}
    for code, name, username, holder, mobile in AUTHORITIES:
        authority, _ = PenaltyAuthority.objects.update_or_create(
            city=cities[code], name=name, defaults={"region": None}
        )
        users[code] = _user(
            username,
            real_name=holder,
            role=User.Role.PENALTY_AUTHORITY,
            authority=authority,
            mobile=mobile,
        )
        # The demo's penalties already decided by this authority become its own.
        PenaltyRecord.objects.filter(authority=name, decided_by__isnull=True).update(
            decided_by=authority
        )
    _changzhou_decision(users[CHANGZHOU], cities[CHANGZHOU])
    if stdout:
        stdout.write(
            f"设区市 {len(cities)} 个；省信用办、其他市信用办 {len(CITY_OFFICES)} 个、"
            f"县级信用办 {len(COUNTY_OFFICES)} 个、处罚机关 {len(AUTHORITIES)} 个。"
        )


def _changzhou_decision(actor: User, city) -> None:
    """Changzhou 2024 (seed 004 item 2): a decision recorded by the authority, its
    reminder letter delivered with it, a rectification deadline and an interview."""
    number = "常市监处罚〔{year}〕216号"
    today = timezone.localdate()
    decided = today - datetime.timedelta(days=12)
    if PenaltyRecord.objects.filter(decided_by=actor.authority).exists():
        return
    penalty, _ = penalty_decision_record(
        actor=actor,
        region=city.regions.get(code="01"),
        uscc=make_uscc("91320402MA1Q7K8P3"),
        name="常州天宁恒远五金制品有限公司",
        decision_no=number.format(year=decided.year),
        decision_date=decided,
        content="警告，罚款人民币五千元，并责令限期整改。",
        severity="general",
        rectification_due_on=decided + datetime.timedelta(days=10),
    )

    penalty_follow_up_record(
        actor=actor,
        penalty=penalty,
        kind="interview",
        note="约谈法定代表人，告知信用修复条件和整改要求。",
        date=decided + datetime.timedelta(days=5),
    )
