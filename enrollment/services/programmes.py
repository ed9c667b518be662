"""Writes about programmes and plan lines: created and raised by the city office."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Agency, City, Region, User
from common.audit import audit_record
from enterprises.models import RuleProfile

from ..models import PlanLine, Programme

QUOTA_CITY_ONLY = "计划企业数：只有市级信用办可以调整计划企业数。"
QUOTA_NOT_HIGHER = "计划企业数：新的计划企业数须大于当前的 {current}。"
QUOTA_REASON_REQUIRED = "调整原因：请填写调整原因。"


@transaction.atomic
def plan_line_quota_raise(
    *, actor: User, line: PlanLine, planned_count: int, reason: str
) -> PlanLine:
    """The city office raises a plan line's quota (audited); waitlists move up."""
    line = PlanLine.objects.select_for_update().get(pk=line.pk)
    _city_only(actor, QUOTA_CITY_ONLY, "planned_count", city_id=line.programme.city_id)
    if planned_count is None or planned_count <= line.planned_count:
        raise ValidationError(
            {"planned_count": QUOTA_NOT_HIGHER.format(current=line.planned_count)}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": QUOTA_REASON_REQUIRED})
    before = line.planned_count
    line.planned_count = planned_count
    line.full_clean()
    line._history_user = actor  # 规则变更记录 names who, outside a request too
    line._change_reason = reason.strip()
    line.save(update_fields=["planned_count"])
    audit_record(
        actor=actor,
        action="plan_line.quota_raise",
        obj=line,
        detail={"from": before, "to": planned_count, "reason": reason.strip()},
    )
    from .enrolment import line_waitlist_promote

    line_waitlist_promote(line=line)
    return line


PROGRAMME_CITY_ONLY = "培训项目：只有市级信用办可以创建培训项目。"
PROGRAMME_NAME_REQUIRED = "名称：请填写培训项目名称。"
PROGRAMME_NAME_TAKEN = "名称：已有同名的培训项目“{name}”。"
PROGRAMME_YEAR_INVALID = "年度：请填写 2000 至 2100 之间的年度。"
PLAN_LINE_CITY_ONLY = "计划行：只有市级信用办可以添加计划行。"
PLAN_LINE_LABEL_REQUIRED = "名称：请填写计划行名称。"
PLAN_LINE_LABEL_TAKEN = "名称：该培训项目已有名为“{label}”的计划行。"
PLAN_LINE_COUNT_POSITIVE = "计划企业数：计划企业数须大于 0。"
PROGRAMME_OTHER_CITY = "城市：市级信用办只能为本市创建培训项目。"
PLAN_LINE_REGION_OTHER_CITY = "地区：“{region}”不属于培训项目所在的{city}。"


def _city_only(
    actor: User, message: str, field: str, *, city_id: int | None = None
) -> None:
    """Only a city office (of `city_id`, when given) or an administrator."""
    if not (actor.is_city_office or actor.is_platform_admin):
        raise ValidationError({field: message})
    if city_id is not None and actor.is_city_office:
        if actor.office.city_id != city_id:
            raise ValidationError({field: message})


@transaction.atomic
def programme_create(
    *,
    actor: User,
    name: str,
    year: int,
    city: City,
    kind: str,
    rule_profile: RuleProfile,
) -> Programme:
    """The city office opens a programme (audited)."""
    _city_only(actor, PROGRAMME_CITY_ONLY, "name")
    if actor.is_city_office and actor.office.city_id != city.pk:
        raise ValidationError({"city": PROGRAMME_OTHER_CITY})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": PROGRAMME_NAME_REQUIRED})
    if year is None or not 2000 <= year <= 2100:
        raise ValidationError({"year": PROGRAMME_YEAR_INVALID})
    if Programme.objects.filter(name=name).exists():
        raise ValidationError({"name": PROGRAMME_NAME_TAKEN.format(name=name)})
    programme = Programme(
        name=name,
        year=year,
        city=city,
        kind=kind,
        rule_profile=rule_profile,
    )
    programme.full_clean()
    programme.save()
    audit_record(
        actor=actor,
        action="programme.create",
        obj=programme,
        detail={"name": name, "year": year, "kind": kind},
    )
    return programme


@transaction.atomic
def plan_line_create(
    *,
    actor: User,
    programme: Programme,
    label: str,
    planned_count: int,
    agency: Agency,
    region: Region | None = None,
    extra_regions: Iterable[Region] = (),
    contact_person: str = "",
    contact_phone: str = "",
    service_group: str = "",
) -> PlanLine:
    """The city office adds a plan line to a programme (audited)."""
    _city_only(actor, PLAN_LINE_CITY_ONLY, "label", city_id=programme.city_id)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": PLAN_LINE_LABEL_REQUIRED})
    if planned_count is None or planned_count <= 0:
        raise ValidationError({"planned_count": PLAN_LINE_COUNT_POSITIVE})
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    for place in [region, *extra_regions]:
        if place is not None and place.city_id != programme.city_id:
            raise ValidationError(
                {
                    "region": PLAN_LINE_REGION_OTHER_CITY.format(
                        region=place.name, city=programme.city.name
                    )
                }
            )
    if programme.plan_lines.filter(label=label).exists():
        raise ValidationError({"label": PLAN_LINE_LABEL_TAKEN.format(label=label)})
    line = PlanLine(
        programme=programme,
        label=label,
        region=region,
        planned_count=planned_count,
        agency=agency,
        contact_person=(contact_person or "").strip(),
        contact_phone=(contact_phone or "").strip(),
        service_group=(service_group or "").strip(),
    )
    line.full_clean()
    line._history_user = actor
    line.save()
    extra = [r for r in extra_regions if region is None or r.pk != region.pk]
    if extra:
        line.extra_regions.set(extra)
    audit_record(
        actor=actor,
        action="plan_line.create",
        obj=line,
        detail={
            "programme": programme.pk,
            "label": label,
            "planned_count": planned_count,
            "agency": agency.pk,
            "region": region.pk if region else None,
            "extra_regions": [r.pk for r in extra],
        },
    )
    return line
