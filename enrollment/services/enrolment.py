"""Writes about enrolments: enrol, bulk enrol, cancel, waitlist, reminders.

Seats are never oversold: every write locks the plan line row and then the session
row (always in that order, so concurrent writers cannot deadlock), decides from the
real counts, and bumps the `enrolled_count` / `seats_taken` counters with F()
expressions that the database checks against `planned_count` / `capacity`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import representatives_notify
from common.audit import audit_record
from enterprises.models import Enterprise

from ..models import Enrolment, PlanLine, TrainingSession

ENROL_NOT_OPEN = "场次：该场次当前状态为“{status}”，不接受报名。"
ENROL_AFTER_START = "场次：该场次已于 {start} 开始，不能再报名。"
ENROL_OUTSIDE_REGION = (
    "场次：该场次面向 {line}，不属于企业所在地区（{region}），不能报名。"
)
ENROL_TWICE = (
    "培训项目：该企业已报名本项目的场次“{session}”，同一培训项目只能报名一次。"
)
ENROL_SECTOR_BY_OFFICE = (
    "场次：该场次面向 {line}，由信用办统一为相关企业报名，企业不能自行报名。"
)
ENROL_FULL_RETRY = "场次：该场次名额刚刚被占满，请刷新后重试或选择其他场次。"
ENROL_BULK_EMPTY = "企业名单：请至少填写一家企业。"
CANCEL_AFTER_START = "场次：培训已开始，不能取消报名。"
CANCEL_ALREADY = "报名：该报名已取消。"

ACTIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


def line_serves_region(*, line: PlanLine, region_id: int) -> bool:
    """Whether `line` is for `region_id`, as its region or one of its joint regions."""
    if line.region_id == region_id:
        return True
    return line.extra_regions.filter(pk=region_id).exists()


def _locked(session: TrainingSession) -> tuple[PlanLine, TrainingSession]:
    line = (
        PlanLine.objects.select_for_update()
        .select_related("programme")
        .get(pk=session.plan_line_id)
    )
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    return line, session


def _has_room(line: PlanLine, session: TrainingSession) -> bool:
    seats = session.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    places = line.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    return seats < session.capacity and places < line.planned_count


def _take_place(line: PlanLine, session: TrainingSession) -> None:
    # The check constraints make the database refuse an oversold row.
    PlanLine.objects.filter(pk=line.pk).update(enrolled_count=F("enrolled_count") + 1)
    TrainingSession.objects.filter(pk=session.pk).update(
        seats_taken=F("seats_taken") + 1
    )


def _free_place(line: PlanLine, session: TrainingSession) -> None:
    PlanLine.objects.filter(pk=line.pk).update(
        enrolled_count=Greatest(F("enrolled_count") - 1, 0)
    )
    TrainingSession.objects.filter(pk=session.pk).update(
        seats_taken=Greatest(F("seats_taken") - 1, 0)
    )


def _check_region(line: PlanLine, enterprise: Enterprise, actor: User) -> None:
    is_sector_line = line.region_id is None and not line.extra_regions.exists()
    if is_sector_line:
        # Sector lines (卫生健康领域 …) take enterprises of any region, by an office.
        if actor.is_office or actor.is_platform_admin:
            return
        raise ValidationError(
            {"session": ENROL_SECTOR_BY_OFFICE.format(line=line.label)}
        )
    if not line_serves_region(line=line, region_id=enterprise.region_id):
        raise ValidationError(
            {
                "session": ENROL_OUTSIDE_REGION.format(
                    line=line.label, region=enterprise.region.name
                )
            }
        )


def _check_enrollable(
    line: PlanLine, session: TrainingSession, enterprise: Enterprise, actor: User
) -> None:
    if session.starts_at <= timezone.now():
        start = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError({"session": ENROL_AFTER_START.format(start=start)})
    if session.status != TrainingSession.Status.OPEN:
        raise ValidationError(
            {"session": ENROL_NOT_OPEN.format(status=session.get_status_display())}
        )
    _check_region(line, enterprise, actor)
    existing = (
        Enrolment.objects.filter(
            enterprise=enterprise, programme_id=line.programme_id, status__in=ACTIVE
        )
        .select_related("session")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {"programme": ENROL_TWICE.format(session=existing.session.title)}
        )


def _representatives_notify(enrolment: Enrolment, *, title: str, body: str) -> None:
    representatives_notify(
        enterprise_id=enrolment.enterprise_id,
        title=title,
        body=body,
        url=reverse("enrollment:enrolment_detail", args=[enrolment.pk]),
        mail=True,
    )


def _confirmation(enrolment: Enrolment) -> None:
    session = enrolment.session
    start = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    if enrolment.status == Enrolment.Status.ENROLLED:
        title = f"报名成功：{session.title}"
        body = (
            f"{enrolment.enterprise.name} 已报名“{session.title}”，"
            f"{start} 开始，地点：{session.venue}。{WHAT_TO_BRING}"
        )
    else:
        title = f"已进入候补：{session.title}"
        body = (
            f"“{session.title}”名额已满，{enrolment.enterprise.name} 已进入候补，"
            "有空位时将自动转为正式报名并通知您。"
        )
    _representatives_notify(enrolment, title=title, body=body)


@transaction.atomic
def enrolment_create(
    *,
    session: TrainingSession,
    enterprise: Enterprise,
    actor: User,
) -> Enrolment:
    """Enrol `enterprise` in `session`, or put it on the waitlist when full."""
    line, session = _locked(session)
    _check_enrollable(line, session, enterprise, actor)
    room = _has_room(line, session)
    attendee = actor if actor.enterprise_id == enterprise.pk else None
    if attendee is None:
        attendee = enterprise.representatives.filter(role=User.Role.ENTERPRISE).first()
    enrolment = Enrolment(
        session=session,
        programme_id=line.programme_id,
        plan_line=line,
        enterprise=enterprise,
        attendee=attendee,
        enrolled_by=actor,
        status=Enrolment.Status.ENROLLED if room else Enrolment.Status.WAITLISTED,
    )
    enrolment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
            if room:
                _take_place(line, session)
    except IntegrityError as exc:
        # Either the enterprise was enrolled concurrently (unique constraint) or a
        # counter check refused an oversold seat; the savepoint keeps us usable.
        twice = Enrolment.objects.filter(
            enterprise=enterprise, programme_id=line.programme_id, status__in=ACTIVE
        ).exists()
        if twice:
            raise ValidationError(
                {"programme": ENROL_TWICE.format(session=session.title)}
            ) from exc
        raise ValidationError({"session": ENROL_FULL_RETRY}) from exc
    audit_record(
        actor=actor,
        action="enrolment.create",
        obj=enrolment,
        detail={"status": enrolment.status},
    )
    _confirmation(enrolment)
    return enrolment


@transaction.atomic
def enrolment_bulk_create(
    *, session: TrainingSession, enterprises: list[Enterprise], actor: User
) -> list[Enrolment]:
    """An office enrols a list of enterprises in one action: all or nothing."""
    if not enterprises:
        raise ValidationError({"enterprises": ENROL_BULK_EMPTY})
    created, errors = [], []
    for enterprise in enterprises:
        try:
            with transaction.atomic():
                created.append(
                    enrolment_create(
                        session=session, enterprise=enterprise, actor=actor
                    )
                )
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                errors.extend(f"{enterprise.name}：{m}" for m in messages)
    if errors:
        raise ValidationError({"enterprises": errors})
    return created


def _promote_in(line: PlanLine, session: TrainingSession) -> list[Enrolment]:
    promoted = []
    if session.starts_at <= timezone.now():
        return promoted
    waiting = session.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by(
        "created_at", "id"
    )
    for enrolment in waiting.select_related("enterprise", "session"):
        if not _has_room(line, session):
            break
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.promoted_at = timezone.now()
        enrolment.save(update_fields=["status", "promoted_at"])
        _take_place(line, session)
        _representatives_notify(
            enrolment,
            title=f"候补转正：{session.title}",
            body=(
                f"有名额空出，{enrolment.enterprise.name} 已由候补转为正式报名"
                f"“{session.title}”，请按时参加。"
            ),
        )
        audit_record(actor=None, action="enrolment.promote", obj=enrolment)
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def waitlist_promote(*, session: TrainingSession) -> list[Enrolment]:
    """Move the waitlist of `session` up while it and its plan line have room."""
    line, session = _locked(session)
    return _promote_in(line, session)


@transaction.atomic
def line_waitlist_promote(*, line: PlanLine) -> list[Enrolment]:
    """Move up the waitlists of every session of `line` (after its quota rose)."""
    line = PlanLine.objects.select_for_update().get(pk=line.pk)
    promoted = []
    for session in line.sessions.select_for_update().order_by("starts_at", "id"):
        promoted += _promote_in(line, session)
    return promoted


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, actor: User) -> Enrolment:
    """Cancel an enrolment before the session starts; the waitlist moves up."""
    line, session = _locked(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        raise ValidationError({"enrolment": CANCEL_ALREADY})
    if session.starts_at <= timezone.now():
        raise ValidationError({"session": CANCEL_AFTER_START})
    held_place = enrolment.status == Enrolment.Status.ENROLLED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    audit_record(actor=actor, action="enrolment.cancel", obj=enrolment)
    if held_place:
        _free_place(line, session)
        _promote_in(line, session)
        # A place on the line freed: other sessions' waitlists may move up too.
        for other in line.sessions.exclude(pk=session.pk).select_for_update():
            _promote_in(line, other)
    return enrolment


WHAT_TO_BRING = (
    "请携带：营业执照复印件、法定代表人或经办人身份证件、行政处罚决定书及缴款凭证、"
    "整改材料；线上参训请提前调试电脑或手机的摄像头和网络。"
)


def enrolment_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind enrolled enterprises one day before their session; idempotent."""
    now = now or timezone.now()
    due = Enrolment.objects.filter(
        status=Enrolment.Status.ENROLLED,
        reminded_at__isnull=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + datetime.timedelta(days=1),
    ).select_related("session", "enterprise")
    sent = 0
    for enrolment in due:
        with transaction.atomic():
            # Claim the row first so two concurrent runs never both send.
            claimed = Enrolment.objects.filter(
                pk=enrolment.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            session = enrolment.session
            start = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
            _representatives_notify(
                enrolment,
                title=f"开课提醒：{session.title}",
                body=(
                    f"“{session.title}”将于 {start} 开始，地点：{session.venue}。"
                    f"{WHAT_TO_BRING}"
                ),
            )
            sent += 1
    return sent
