"""Writes about training sessions: create and edit within the agency's plan lines,
and every status transition (each one audited as `session.<transition>`)."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed

from accounts.models import User
from accounts.services import representatives_notify
from common.audit import audit_record

from .. import clock
from ..models import Enrolment, PlanLine, TrainingSession

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
SESSION_TRANSITION_REFUSED = "状态：场次当前为“{status}”，不能{action}。"
SESSION_NOT_STARTED = "培训尚未开始，不能结束。"
SESSION_NOT_TRAINER = "只有本场次的讲师可以开始或结束培训。"

# Transition name → the action as the refusal message words it.
SESSION_TRANSITIONS = {
    "publish": "发布报名",
    "close_enrolment": "截止报名",
    "reopen_enrolment": "重新开放报名",
    "go_live": "开始培训",
    "finish": "结束培训",
}

_EDITABLE = ("title", "mode", "venue", "starts_at", "ends_at", "capacity")
_WHEN_AND_WHERE = ("starts_at", "ends_at", "venue", "mode")
SESSION_MOVED_TITLE = "培训时间或地点变更：{title}"
SESSION_MOVED_BODY = (
    "{enterprise} 报名的“{title}”已调整为 {start}–{end}（{mode}），地点：{venue}。"
    "原定 {old_start}，地点：{old_venue}。如不能参加，请在报名详情中取消报名。"
)


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
    trainers: list[User] | None = None,
    publish: bool = False,
    ip_address: str | None = None,
) -> TrainingSession:
    """Create a draft session under `plan_line` (published at once if `publish`);
    class hours come from the times."""
    _check_line(actor, plan_line)
    session = TrainingSession(
        plan_line=plan_line,
        title=title.strip(),
        mode=mode,
        venue=venue.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        class_hours=0,
    )
    trainers = list(trainers or ([actor] if actor.is_trainer else []))
    _check_trainers(trainers, plan_line)
    _validate(session, plan_line)
    session.full_clean()
    session.save()
    session.trainers.set(trainers)
    audit_record(
        actor=actor, action="session.create", obj=session, ip_address=ip_address
    )
    if publish:
        session = session_publish(session=session, actor=actor, ip_address=ip_address)
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: TrainingSession,
    trainers: list[User] | None = None,
    ip_address: str | None = None,
    **fields,
) -> TrainingSession:
    """Edit a session's times, venue, capacity or trainers, re-validated (its status
    moves only through the transition services below)."""
    # Lock order everywhere: plan line, then session (see services.enrolment).
    line = PlanLine.objects.select_for_update().get(pk=session.plan_line_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _check_line(actor, line)
    before = {name: getattr(session, name) for name in _WHEN_AND_WHERE}
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
        ip_address=ip_address,
    )
    if any(getattr(session, name) != before[name] for name in _WHEN_AND_WHERE):
        _session_moved_notify(session=session, before=before)
    if "capacity" in fields:
        from .enrolment import waitlist_promote

        waitlist_promote(session=session)
    return session


def _session_moved_notify(*, session: TrainingSession, before: dict) -> None:
    """Tell every enrolled or waitlisted enterprise the new time and place."""

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    enrolments = session.enrolments.filter(
        status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
    ).select_related("enterprise")
    for enrolment in enrolments:
        representatives_notify(
            enterprise_id=enrolment.enterprise_id,
            title=SESSION_MOVED_TITLE.format(title=session.title),
            body=SESSION_MOVED_BODY.format(
                enterprise=enrolment.enterprise.name,
                title=session.title,
                start=when(session.starts_at),
                end=timezone.localtime(session.ends_at).strftime("%H:%M"),
                mode=session.get_mode_display(),
                venue=session.venue,
                old_start=when(before["starts_at"]),
                old_venue=before["venue"],
            ),
            url=reverse("enrollment:enrolment_detail", args=[enrolment.pk]),
            mail=True,
        )


def _transition(
    *,
    session: TrainingSession,
    name: str,
    actor: User | None,
    ip_address: str | None = None,
) -> TrainingSession:
    """Lock the session, apply the declared transition `name`, save and audit it."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    move = getattr(session, name)
    if not can_proceed(move):
        raise ValidationError(
            {
                "status": SESSION_TRANSITION_REFUSED.format(
                    status=session.get_status_display(),
                    action=SESSION_TRANSITIONS[name],
                )
            }
        )
    before = session.status
    move()
    session.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=f"session.{name}",
        obj=session,
        detail={"from": before, "to": session.status},
        ip_address=ip_address,
    )
    return session


@transaction.atomic
def session_publish(
    *, session: TrainingSession, actor: User, ip_address: str | None = None
) -> TrainingSession:
    """Draft → open for enrolment."""
    _check_line(actor, session.plan_line)
    return _transition(
        session=session, name="publish", actor=actor, ip_address=ip_address
    )


@transaction.atomic
def session_close_enrolment(
    *, session: TrainingSession, actor: User, ip_address: str | None = None
) -> TrainingSession:
    """Open → enrolment closed (the waitlist stays as it is)."""
    _check_line(actor, session.plan_line)
    return _transition(
        session=session, name="close_enrolment", actor=actor, ip_address=ip_address
    )


@transaction.atomic
def session_reopen_enrolment(
    *, session: TrainingSession, actor: User, ip_address: str | None = None
) -> TrainingSession:
    """Enrolment closed → open again."""
    _check_line(actor, session.plan_line)
    return _transition(
        session=session, name="reopen_enrolment", actor=actor, ip_address=ip_address
    )


def _check_session_trainer(session: TrainingSession, actor: User) -> None:
    if not session.trainers.filter(pk=actor.pk).exists():
        raise ValidationError(SESSION_NOT_TRAINER)


@transaction.atomic
def session_go_live(
    *, session: TrainingSession, actor: User, ip_address: str | None = None
) -> TrainingSession:
    """Open or closed for enrolment → under way; the console calls it when the
    trainer first opens sign-in."""
    _check_session_trainer(session, actor)
    return _transition(
        session=session, name="go_live", actor=actor, ip_address=ip_address
    )


@transaction.atomic
def session_finish(
    *,
    session: TrainingSession,
    actor: User | None,
    now: datetime.datetime | None = None,
    ip_address: str | None = None,
) -> TrainingSession:
    """End the session: close any open sign-in/sign-out window, then → finished.

    Called from the trainer's console, or with `actor=None` by the periodic job
    for a session left open after its end."""
    from .live import live_windows_close

    now = now or clock.now()
    if actor is not None:
        _check_session_trainer(session, actor)
    if now < session.starts_at:
        raise ValidationError(SESSION_NOT_STARTED)
    session = _transition(
        session=session, name="finish", actor=actor, ip_address=ip_address
    )
    live_windows_close(session=session, now=now)
    return session


# Sessions whose end has passed but which nobody closed.
_LEFT_OPEN = (
    TrainingSession.Status.OPEN,
    TrainingSession.Status.CLOSED,
    TrainingSession.Status.LIVE,
)


def sessions_finish_ended(*, now: datetime.datetime | None = None) -> int:
    """Finish every session whose end has passed (the same transition as the
    console's, one session per transaction); returns how many."""
    now = now or clock.now()
    ended = TrainingSession.objects.filter(status__in=_LEFT_OPEN, ends_at__lte=now)
    count = 0
    for session in ended.order_by("ends_at", "pk"):
        try:
            session_finish(session=session, actor=None, now=now)
        except ValidationError:
            continue  # finished meanwhile by its trainer
        count += 1
    return count
