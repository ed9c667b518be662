"""The penalty authority's own work (seed 001 §三, seed 004 item 2): it records its
decisions, and each goes out with a reminder letter (「两书同达」); it sets the
rectification deadline and records its checks and warning interviews (约谈)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region, User
from accounts.selectors import city_office_for
from accounts.services import representatives_notify
from common.audit import audit_record

from ..models import Enterprise, FollowUp, PenaltyRecord, ReminderLetter
from .archive import FOLLOW_UP_IN_FUTURE, enterprise_create, penalty_create

AUTHORITY_ONLY = "只有行政处罚机关可以录入本机关的处罚决定。"
AUTHORITY_REGION_OTHER_CITY = "地区：“{region}”不属于本机关所在的{city}。"
AUTHORITY_NO_CITY_OFFICE = "企业所在城市尚未设立市信用办，无法出具信用修复提醒函。"
DECISION_NOT_YOURS = "只能对本机关作出的处罚决定记录整改核查和约谈。"
RECTIFICATION_BEFORE_DECISION = "整改期限：不能早于处罚决定日期 {date}。"
FOLLOW_UP_KIND_INVALID = "类别：请选择整改核查或警示约谈。"
DECISION_NOTICE_TITLE = "行政处罚决定书和信用修复提醒函"
DECISION_NOTICE_BODY = (
    "{authority} 对 {name} 作出行政处罚决定（{decision_no}），并一并送达信用修复"
    "提醒函。请查看修复条件，并在线确认收到提醒函。"
)
AUTHORITY_FOLLOW_UP_KINDS = (FollowUp.Kind.RECTIFICATION_CHECK, FollowUp.Kind.INTERVIEW)


def _authority_of(actor: User):
    if not (actor.is_penalty_authority and actor.authority_id):
        raise PermissionDenied(AUTHORITY_ONLY)
    return actor.authority


@transaction.atomic
def penalty_decision_record(
    *,
    actor: User,
    region: Region,
    uscc: str,
    name: str,
    decision_no: str,
    decision_date: datetime.date,
    content: str,
    severity: str,
    domain: str = "ordinary",
    rectification_due_on: datetime.date | None = None,
    ip_address: str | None = None,
) -> tuple[PenaltyRecord, ReminderLetter]:
    """Record one decision of the actor's authority and deliver a reminder letter
    with it, in the name of the enterprise's city office (两书同达)."""
    authority = _authority_of(actor)
    if region.city_id != authority.city_id:
        raise ValidationError(
            {
                "region": AUTHORITY_REGION_OTHER_CITY.format(
                    region=region.name, city=authority.city.name
                )
            }
        )
    if rectification_due_on and decision_date and rectification_due_on < decision_date:
        raise ValidationError(
            {
                "rectification_due_on": RECTIFICATION_BEFORE_DECISION.format(
                    date=decision_date
                )
            }
        )
    enterprise = Enterprise.objects.filter(uscc=uscc.strip()).first()
    if enterprise is None:
        enterprise = enterprise_create(region=region, uscc=uscc, name=name, actor=actor)
    office = city_office_for(city_id=enterprise.region.city_id)
    if office is None:
        raise ValidationError({"uscc": AUTHORITY_NO_CITY_OFFICE})
    penalty = penalty_create(
        enterprise=enterprise,
        decision_no=decision_no,
        authority=authority.name,
        decision_date=decision_date,
        content=content,
        severity=severity,
        domain=domain,
        actor=actor,
    )
    penalty.decided_by = authority
    penalty.rectification_due_on = rectification_due_on
    penalty.save(update_fields=["decided_by", "rectification_due_on"])
    letter = ReminderLetter.objects.create(
        enterprise=enterprise,
        office=office,
        issued_by=actor,
        penalty=penalty,
        delivered_on=decision_date,
    )
    audit_record(
        actor=actor,
        action="penalty.decision_record",
        obj=penalty,
        scope=enterprise.uscc,
        detail={"letter": letter.pk, "authority": authority.name},
        ip_address=ip_address,
    )
    representatives_notify(
        enterprise_id=enterprise.pk,
        title=DECISION_NOTICE_TITLE,
        body=DECISION_NOTICE_BODY.format(
            authority=authority.name, name=enterprise.name, decision_no=decision_no
        ),
        url=reverse("enterprises:detail", args=[enterprise.pk]),
    )
    return penalty, letter


@transaction.atomic
def penalty_follow_up_record(
    *,
    actor: User,
    penalty: PenaltyRecord,
    kind: str,
    note: str,
    date: datetime.date | None = None,
    ip_address: str | None = None,
) -> FollowUp:
    """A rectification check or a warning interview (约谈) on one of the actor's own
    decisions, in the enterprise's follow-up history."""
    authority = _authority_of(actor)
    if penalty.decided_by_id != authority.pk:
        raise PermissionDenied(DECISION_NOT_YOURS)
    if kind not in AUTHORITY_FOLLOW_UP_KINDS:
        raise ValidationError({"kind": FOLLOW_UP_KIND_INVALID})
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": FOLLOW_UP_IN_FUTURE})
    follow_up = FollowUp(
        enterprise=penalty.enterprise,
        penalty=penalty,
        author=actor,
        kind=kind,
        note=(note or "").strip(),
        date=date,
    )
    follow_up.full_clean()
    follow_up.save()
    audit_record(
        actor=actor,
        action=f"penalty.{kind}",
        obj=penalty,
        scope=penalty.enterprise.uscc,
        detail={"date": date.isoformat()},
        ip_address=ip_address,
    )
    return follow_up
