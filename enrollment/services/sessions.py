"""Writes about training sessions: create and edit within the agency's plan lines."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.audit import audit_record

from ..models import PlanLine, TrainingSession

SESSION_END_BEFORE_START = "结束时间：结束时间必须晚于开始时间。"
SESSION_TOO_SHORT = (
    "结束时间：培训时长仅 {hours} 学时，少于规则要求的 {minimum} 学时"
    "（每学时 {minutes} 分钟）。"
)
SESSION_CAPACITY_POSITIVE = "容量：容量必须大于 0。"
SESSION_CAPACITY_OVER_QUOTA = "容量：容量不能超过计划行的计划企业数 {planned}。"
SESSION_CAPACITY_BELOW_TAKEN = "容量：已有 {taken} 家企业报名，容量不能小于该数。"
SESSION_LINE_NOT_OURS = "计划行：只能在本机构负责的计划行下安排场次。"
SESSION_TITLE_REQUIRED = "名称：请填写场次名称。"
SESSION_TRAINER_NOT_AGENCY = "讲师：{names} 不是负责该计划行的服务机构的讲师。"
SESSION_VENUE_REQUIRED = "地点或线上会议室：请填写培训地点或线上会议室。"

_EDITABLE = ("title", "mode", "venue", "starts_at", "ends_at", "capacity", "status")


def class_hours_between(
    *, starts_at: datetime.datetime, ends_at: datetime.datetime, minutes: int
) -> Decimal:
    """Class hours between two times, rounded down to one decimal place."""
    seconds = Decimal((ends_at - starts_at).total_seconds())
    hours = seconds / Decimal(60 * minutes)
    return hours.quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def _validate(session: TrainingSession, line: PlanLine) -> None:
    errors: dict[str, str] = {}
    if not (session.title or "").strip():
        errors["title"] = SESSION_TITLE_REQUIRED
    if not (session.venue or "").strip():
        errors["venue"] = SESSION_VENUE_REQUIRED
    if session.capacity is None or session.capacity <= 0:
        errors["capacity"] = SESSION_CAPACITY_POSITIVE
    elif session.capacity > line.planned_count:
        errors["capacity"] = SESSION_CAPACITY_OVER_QUOTA.format(
            planned=line.planned_count
        )
    elif session.pk and session.capacity < session.seats_taken:
        errors["capacity"] = SESSION_CAPACITY_BELOW_TAKEN.format(
            taken=session.seats_taken
        )
    if session.ends_at <= session.starts_at:
        errors["ends_at"] = SESSION_END_BEFORE_START
    else:
        profile = line.programme.rule_profile
        session.class_hours = class_hours_between(
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            minutes=profile.class_hour_minutes,
        )
        if session.class_hours < profile.min_class_hours:
            errors["ends_at"] = SESSION_TOO_SHORT.format(
                hours=session.class_hours,
                minimum=profile.min_class_hours,
                minutes=profile.class_hour_minutes,
            )
    if errors:
        raise ValidationError(errors)


def _check_line(actor: User, line: PlanLine) -> None:
    if actor.is_trainer and line.agency_id != actor.agency_id:
        raise ValidationError({"plan_line": SESSION_LINE_NOT_OURS})


def _check_trainers(trainers: list[User], line: PlanLine) -> None:
    strangers = [
        t for t in trainers if not t.is_trainer or t.agency_id != line.agency_id
    ]
    if strangers:
        names = "、".join(str(t) for t in strangers)
        raise ValidationError(
            {"trainers": SESSION_TRAINER_NOT_AGENCY.format(names=names)}
        )


@transaction.atomic
def session_create(
    *,
    actor: User,
    plan_line: PlanLine,
    title: str,
    mode: str,
    venue: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    status: str = TrainingSession.Status.DRAFT,
    trainers: list[User] | None = None,
) -> TrainingSession:
    """Create a session under `plan_line`; class hours come from the times."""
    _check_line(actor, plan_line)
    session = TrainingSession(
        plan_line=plan_line,
        title=title.strip(),
        mode=mode,
        venue=venue.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        status=status,
        class_hours=0,
    )
    trainers = list(trainers or ([actor] if actor.is_trainer else []))
    _check_trainers(trainers, plan_line)
    _validate(session, plan_line)
    session.full_clean()
    session.save()
    session.trainers.set(trainers)
    audit_record(actor=actor, action="session.create", obj=session)
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: TrainingSession,
    trainers: list[User] | None = None,
    **fields,
) -> TrainingSession:
    """Edit a session's times, venue, capacity, status or trainers, re-validated."""
    # Lock order everywhere: plan line, then session (see services.enrolment).
    line = PlanLine.objects.select_for_update().get(pk=session.plan_line_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _check_line(actor, line)
    for name, value in fields.items():
        if name not in _EDITABLE:
            raise TypeError(f"session_update() does not change {name!r}")
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    if trainers is not None:
        _check_trainers(list(trainers), line)
    _validate(session, line)
    session.full_clean()
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
    audit_record(
        actor=actor,
        action="session.update",
        obj=session,
        detail={k: str(v) for k, v in fields.items()},
    )
    if "capacity" in fields:
        from .enrolment import waitlist_promote

        waitlist_promote(session=session)
    return session


# Sessions whose end has passed but which nobody closed.
_LEFT_OPEN = (
    TrainingSession.Status.OPEN,
    TrainingSession.Status.CLOSED,
    TrainingSession.Status.LIVE,
)


def sessions_finish_ended(*, now: datetime.datetime | None = None) -> int:
    """Mark every session whose end has passed as finished; returns how many."""
    now = now or timezone.now()
    return TrainingSession.objects.filter(
        status__in=_LEFT_OPEN, ends_at__lte=now
    ).update(status=TrainingSession.Status.FINISHED)
