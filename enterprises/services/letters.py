"""Reminder letters, repair-eligibility notices and representative invitations."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import CreditOffice, User
from accounts.offices import document_number_next
from accounts.services import representatives_notify
from common.audit import audit_record
from common.models import AuditEntry

from .. import selectors
from ..models import Enterprise, Invitation, PenaltyRecord, ReminderLetter
from .registration import representative_register

LETTER_ALREADY_CONFIRMED = "该提醒函已于 {time} 确认收到。"
LETTER_NOT_YOURS = "只能确认本企业收到的提醒函。"
OFFICE_REQUIRED = "出具单位：只有信用办工作人员可以出具提醒函。"
INVITATION_INVALID = "邀请链接无效或已使用，请联系信用办重新邀请。"
INVITATION_EXPIRED = "邀请链接已过期，请联系信用办重新邀请。"
INVITATION_ENTERPRISE_TAKEN = "该企业已有代表注册，请联系已注册的代表或信用办。"
LETTER_NOTICE_BODY = "{office} 向 {name} 出具了信用修复提醒函，请查看并确认收到。"
INVITATION_DAYS = 14
REPAIR_NOTICE_TITLE = "信用修复提醒：{decision_no} 已满最短公示期"
REPAIR_NOTICE_BODY = (
    "{enterprise} 的行政处罚（{decision_no}，{authority}）已于 {date} 满最短公示期，"
    "可以申请信用修复。请登录平台签署承诺书、报名培训。"
)


@transaction.atomic
def reminder_letter_issue(
    *, enterprise: Enterprise, actor: User, office: CreditOffice | None = None
) -> ReminderLetter:
    """Issue a reminder letter from the actor's office (or `office`)."""
    office = office or actor.office
    if office is None:
        raise ValidationError({"office": OFFICE_REQUIRED})
    letter = ReminderLetter.objects.create(
        enterprise=enterprise,
        office=office,
        issued_by=actor,
        document_no=document_number_next(office=office),
    )
    audit_record(actor=actor, action="reminder_letter.issue", obj=letter)
    representatives_notify(
        enterprise_id=enterprise.pk,
        title="您有一份信用修复提醒函",
        body=LETTER_NOTICE_BODY.format(office=office.name, name=enterprise.name),
        url=reverse("enterprises:detail", args=[enterprise.pk]),
    )
    return letter


@transaction.atomic
def reminder_letter_confirm(*, letter: ReminderLetter, actor: User) -> ReminderLetter:
    """The enterprise confirms receipt online; the time is recorded once."""
    letter = ReminderLetter.objects.select_for_update().get(pk=letter.pk)
    if actor.enterprise_id != letter.enterprise_id:
        raise ValidationError({"letter": LETTER_NOT_YOURS})
    if letter.confirmed_at:
        local = timezone.localtime(letter.confirmed_at)
        raise ValidationError(
            {"letter": LETTER_ALREADY_CONFIRMED.format(time=f"{local:%Y-%m-%d %H:%M}")}
        )
    letter.confirmed_at = timezone.now()
    letter.confirmed_by = actor
    letter.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(actor=actor, action="reminder_letter.confirm", obj=letter)
    return letter


def repair_eligible_notify(*, today: datetime.date | None = None) -> int:
    """Tell representatives (email + notice) of penalties now repairable; once each."""
    today = today or timezone.localdate()
    sent = 0
    for penalty in selectors.repair_due_penalties(today=today):
        with transaction.atomic():
            locked = PenaltyRecord.objects.select_for_update().get(pk=penalty.pk)
            if locked.repair_eligible_notified_at:
                continue
            _notify_penalty(penalty)
            locked.repair_eligible_notified_at = timezone.now()
            locked.save(update_fields=["repair_eligible_notified_at"])
            sent += 1
    return sent


def _notify_penalty(penalty: PenaltyRecord) -> None:
    enterprise = penalty.enterprise
    profile = selectors.rule_profile_for(enterprise=enterprise)
    status = selectors.penalty_status(penalty=penalty, profile=profile)
    title = REPAIR_NOTICE_TITLE.format(decision_no=penalty.decision_no)
    body = REPAIR_NOTICE_BODY.format(
        enterprise=enterprise.name,
        decision_no=penalty.decision_no,
        authority=penalty.authority,
        date=status.earliest_repair_date,
    )
    representatives_notify(
        enterprise_id=enterprise.pk,
        title=title,
        body=body,
        url=reverse("enterprises:detail", args=[enterprise.pk]),
        mail=True,
    )


@transaction.atomic
def invitation_create(*, enterprise: Enterprise, actor: User) -> Invitation:
    """A one-time link that registers its user straight into `enterprise`."""
    if enterprise.representatives.exists():
        raise ValidationError({"enterprise": INVITATION_ENTERPRISE_TAKEN})
    invitation = Invitation.objects.create(
        enterprise=enterprise,
        token=secrets.token_urlsafe(32),
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    audit_record(actor=actor, action="invitation.create", obj=invitation)
    return invitation


def invitation_get(*, token: str) -> Invitation:
    """A usable invitation for `token`; ValidationError naming why otherwise."""
    invitation = (
        Invitation.objects.select_related("enterprise").filter(token=token).first()
    )
    if invitation is None or invitation.used_at:
        raise ValidationError({"token": INVITATION_INVALID})
    if invitation.expires_at < timezone.now():
        raise ValidationError({"token": INVITATION_EXPIRED})
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    real_name: str,
    mobile: str,
    password: str,
    ip_address: str | None = None,
) -> User:
    """Register the invited representative into the invitation's enterprise."""
    invitation = invitation_get(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at:
        raise ValidationError({"token": INVITATION_INVALID})
    user = representative_register(
        real_name=real_name, mobile=mobile, password=password, ip_address=ip_address
    )
    user.enterprise = invitation.enterprise
    user.save(update_fields=["enterprise"])
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    audit_record(
        actor=user,
        action="invitation.accept",
        kind=AuditEntry.Kind.SECURITY,
        obj=invitation,
        ip_address=ip_address,
    )
    return user
