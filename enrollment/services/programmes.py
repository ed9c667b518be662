"""Writes about programmes and plan lines: the city office raises a quota."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common.audit import audit_record

from ..models import PlanLine

QUOTA_CITY_ONLY = "计划企业数：只有市级信用办可以调整计划企业数。"
QUOTA_NOT_HIGHER = "计划企业数：新的计划企业数须大于当前的 {current}。"
QUOTA_REASON_REQUIRED = "调整原因：请填写调整原因。"


@transaction.atomic
def plan_line_quota_raise(
    *, actor: User, line: PlanLine, planned_count: int, reason: str
) -> PlanLine:
    """The city office raises a plan line's quota (audited); waitlists move up."""
    if not (actor.is_city_office or actor.is_platform_admin):
        raise ValidationError({"planned_count": QUOTA_CITY_ONLY})
    line = PlanLine.objects.select_for_update().get(pk=line.pk)
    if planned_count is None or planned_count <= line.planned_count:
        raise ValidationError(
            {"planned_count": QUOTA_NOT_HIGHER.format(current=line.planned_count)}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": QUOTA_REASON_REQUIRED})
    before = line.planned_count
    line.planned_count = planned_count
    line.full_clean()
    line.save(update_fields=["planned_count"])
    audit_record(
        actor=actor,
        action="plan_line_quota_raise",
        obj=line,
        detail={"from": before, "to": planned_count, "reason": reason.strip()},
    )
    from .enrolment import line_waitlist_promote

    line_waitlist_promote(line=line)
    return line
