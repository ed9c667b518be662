"""Demo rules and programmes (seed 001 attachment 1, seed 003's Suzhou table).
Contacts and groups are fictional."""

from django.utils import timezone

from accounts.models import Agency, Region
from common.validators import make_uscc
from enrollment.models import PlanLine, Programme
from enterprises.models import RuleProfile, Severity, SeverityRule

from .accounts import AGENCIES

# This year's programme, planned as seed 001 attachment 1 planned 2022's.
NANTONG_PROGRAMME = "{year}年南通市信用修复公益培训"
SUZHOU_PROGRAMME = "2020年苏州市企业信用管理贯标"
DEFAULT_PROFILE = "江苏省2022年信用修复规则（默认）"

# Seed 001 attachment 1: (label, region code, joint region codes, planned, agency).
# The agencies are the fictional demo agencies in the seed's places:
# 立尔信 -> AGENCIES[0], 惠国 -> AGENCIES[1], 远东 -> AGENCIES[2].
NANTONG_LINES = [
    ("海安市", "01", [], 170, 0),
    ("如皋市", "02", [], 170, 0),
    ("如东县", "03", [], 170, 0),
    ("启东市", "04", [], 170, 1),
    ("崇川区和交通运输领域", "05", [], 200, 1),
    ("通州区联合通州湾示范区", "06", ["10"], 170, 1),
    ("海门区", "07", [], 170, 2),
    ("开发区联合苏锡通园区", "08", ["09"], 130, 2),
    ("卫生健康领域", None, [], 50, 0),
    ("城管、税务等相关重点领域", None, [], 100, 0),
]

# Seed 003 attachment: 2020 贯标企业 per county, under Region codes 51-60.
SUZHOU_CITY = "苏州市"
SUZHOU_LINES = [
    ("51", "张家港市", 40),
    ("52", "常熟市", 30),
    ("53", "太仓市", 35),
    ("54", "昆山市", 66),
    ("55", "吴江区", 70),
    ("56", "吴中区", 50),
    ("57", "相城区", 50),
    ("58", "姑苏区", 20),
    ("59", "苏州工业园区", 30),
    ("60", "苏州高新区", 30),
]
SUZHOU_AGENCY = {
    "name": "苏州信和企业信用管理咨询有限公司",
    "uscc": make_uscc("91320500MA1T2A3B4"),
    "contact_person": "沈嘉怡",
    "contact_phone": "13900000104",
    "service_group": "QQ群：100000104",
}

# (general, serious, specially serious) per the 2022 rules.
SEVERITY_RULES = [
    (Severity.GENERAL, True, True, False, 3, 12),
    (Severity.SERIOUS, True, True, True, 6, 36),
    (Severity.SPECIALLY_SERIOUS, False, False, False, 36, 36),
]


def _rule_profile() -> RuleProfile:
    profile = RuleProfile.objects.filter(is_default=True).first()
    if profile is not None:
        return profile
    profile, _ = RuleProfile.objects.get_or_create(
        name=DEFAULT_PROFILE,
        defaults={"is_default": True, "min_class_hours": 3, "class_hour_minutes": 60},
    )
    for severity, repairable, training, report, low, high in SEVERITY_RULES:
        SeverityRule.objects.get_or_create(
            profile=profile,
            severity=severity,
            defaults={
                "repairable": repairable,
                "training_required": training,
                "credit_report_required": report,
                "min_publicity_months": low,
                "max_publicity_months": high,
            },
        )
    return profile


def nantong_programme_name() -> str:
    """The demo's Nantong programme: this year's (the year of loading)."""
    existing = Programme.objects.filter(
        name__endswith=NANTONG_PROGRAMME.format(year="")
    ).first()
    if existing is not None:
        return existing.name
    return NANTONG_PROGRAMME.format(year=timezone.localdate().year)


def _nantong(profile: RuleProfile) -> Programme:
    name = nantong_programme_name()
    programme, _ = Programme.objects.update_or_create(
        name=name,
        defaults={
            "year": int(name[:4]),
            "city": "南通市",
            "kind": Programme.Kind.REPAIR_TRAINING,
            "rule_profile": profile,
        },
    )
    regions = {r.code: r for r in Region.objects.all()}
    agencies = [Agency.objects.get(name=spec["name"]) for spec in AGENCIES]
    for label, code, joint, planned, agency_no in NANTONG_LINES:
        agency = agencies[agency_no]
        line, _ = PlanLine.objects.update_or_create(
            programme=programme,
            label=label,
            defaults={
                "region": regions[code] if code else None,
                "planned_count": planned,
                "agency": agency,
                "contact_person": agency.contact_person,
                "contact_phone": agency.contact_phone,
                "service_group": agency.service_group,
            },
        )
        line.extra_regions.set([regions[c] for c in joint])
    return programme


def _suzhou(profile: RuleProfile) -> Programme:
    programme, _ = Programme.objects.update_or_create(
        name=SUZHOU_PROGRAMME,
        defaults={
            "year": 2020,
            "city": SUZHOU_CITY,
            "kind": Programme.Kind.CREDIT_STANDARD,
            "rule_profile": profile,
        },
    )
    agency, _ = Agency.objects.update_or_create(
        name=SUZHOU_AGENCY["name"], defaults=SUZHOU_AGENCY
    )
    for code, name, planned in SUZHOU_LINES:
        region, _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "city": SUZHOU_CITY}
        )
        agency.regions.add(region)
        PlanLine.objects.update_or_create(
            programme=programme,
            label=name,
            defaults={
                "region": region,
                "planned_count": planned,
                "agency": agency,
                "contact_person": agency.contact_person,
                "contact_phone": agency.contact_phone,
                "service_group": agency.service_group,
            },
        )
    return programme


def seed(*, stdout=None) -> None:
    """Create or update the demo rules, programmes and plan lines (sessions and
    enrolments are demo.story's)."""
    profile = _rule_profile()
    nantong = _nantong(profile)
    suzhou = _suzhou(profile)
    if stdout:
        total = sum(line.planned_count for line in nantong.plan_lines.all())
        stdout.write(
            f"培训项目 2 个（南通计划 {total} 家，苏州贯标 "
            f"{sum(line.planned_count for line in suzhou.plan_lines.all())} 家）。"
        )
