"""Live sessions: sign-in/sign-out windows, code sign-in, presence, manual marks.

Every write is atomic; board updates go to the session's channel groups only after
commit. All functions take `now=None` (default `enrollment.clock.now()`) so tests and
the browser journey drive time without sleeping.
"""

import asyncio
from datetime import datetime, timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from common.audit import audit_record

from .. import clock
from ..live_selectors import (
    attendee_state_for,
    board_row,
    heartbeat_seconds,
    live_enrolment_for,
    provisional_offline_seconds,
    window_state,
)
from ..models import Attendance, Enrolment, TrainingSession
from ..selectors import letters_missing
from ..signin import signin_code_valid
from .sessions import session_go_live

__all__ = [
    "attendance_heartbeat",
    "attendance_mark_manual",
    "attendance_sign_in",
    "attendance_sign_out",
    "live_enrolment_group",
    "live_group",
    "live_staff_group",
    "live_windows_close",
    "signin_window_close",
    "signin_window_open",
    "signout_window_close",
    "signout_window_open",
]

NOT_TRAINER = "只有本场次的讲师可以操作签到。"
TOO_EARLY_TO_OPEN = "培训开始前 {minutes} 分钟内才能开放签到。"
SESSION_OVER = "培训已结束，不能再开放签到或签退。"
SESSION_NOT_PUBLISHED = "场次尚未发布，不能开放签到。"
SIGNIN_NOT_OPEN = "签到尚未开放。"
SIGNIN_CLOSED = "签到已关闭。"
SIGNOUT_NOT_OPEN = "签退尚未开放。"
SIGNOUT_CLOSED = "签退已关闭。"
NOT_ENROLLED_IN_SESSION = "您未报名本场次培训，不能签到。"
LETTERS_UNSIGNED = "请先签署全部信用修复承诺书（尚缺 {count} 份），再签到。"
CODE_INVALID = "签到码无效或已过期，请输入讲师屏幕上当前显示的签到码。"
CODE_RATE_LIMITED = "签到码错误次数过多，请 1 分钟后再试。"
NOT_SIGNED_IN = "请先签到。"
ALREADY_SIGNED_OUT = "您已签退。"
NOT_ONLINE_SESSION = "线下培训无需发送在线心跳。"
MANUAL_REASON_REQUIRED = "补录原因：请填写补录出勤的原因。"
MANUAL_MINUTES_INVALID = "出勤分钟数：应在 0 到 {max} 之间。"
ENROLMENT_NOT_IN_SESSION = "该报名不属于本场次。"

WRONG_CODES_PER_MINUTE = 10


def live_group(session_id: int) -> str:
    """Channel group of everyone on a session's live pages."""
    return f"live-{session_id}"


def live_staff_group(session_id: int) -> str:
    """Channel group of the boards (trainers, offices) of a session."""
    return f"live-{session_id}-staff"


def live_enrolment_group(session_id: int, enrolment_id: int) -> str:
    """Channel group of one attendee's open pages (all their tabs and phones)."""
    return f"live-{session_id}-e{enrolment_id}"


def _now(now: datetime | None) -> datetime:
    return now or clock.now()


def _send(*messages: tuple[str, dict]) -> None:
    """group_send each (group, event) in one hop to the event loop."""
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all():
        await asyncio.gather(*(layer.group_send(g, e) for g, e in messages))

    async_to_sync(send_all)()


def _broadcast_row(
    session: TrainingSession, enrolment: Enrolment, attendance: Attendance
) -> None:
    """After commit: the board row to staff, the new state to the attendee's pages.

    Both are built now from the objects in hand (no queries after commit)."""
    enrolment.attendance = attendance
    row = board_row(enrolment=enrolment, session=session)
    state = attendee_state_for(enrolment=enrolment, session=session)

    def send():
        _send(
            (live_staff_group(session.pk), {"type": "board.row", "row": row}),
            (
                live_enrolment_group(session.pk, enrolment.pk),
                {"type": "attendance.changed", "state": state},
            ),
        )

    transaction.on_commit(send)


def _broadcast_windows(session: TrainingSession) -> None:
    event = {"type": "windows.changed", "windows": window_state(session=session)}
    transaction.on_commit(lambda: _send((live_group(session.pk), event)))


def _require_trainer(session: TrainingSession, actor: User) -> None:
    if not session.trainers.filter(pk=actor.pk).exists():
        raise ValidationError(NOT_TRAINER)


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _set_window(*, session, actor, now, window, opening, ip_address):
    now = _now(now)
    _require_trainer(session, actor)
    session = _locked(session)
    opened_field, closed_field = f"{window}_opened_at", f"{window}_closed_at"
    if opening:
        early = int(getattr(settings, "SIGNIN_OPEN_EARLY_MINUTES", 30))
        if now >= session.ends_at or session.status == TrainingSession.Status.FINISHED:
            raise ValidationError(SESSION_OVER)
        if session.status == TrainingSession.Status.DRAFT:
            raise ValidationError(SESSION_NOT_PUBLISHED)
        if now < session.starts_at - timedelta(minutes=early):
            raise ValidationError(TOO_EARLY_TO_OPEN.format(minutes=early))
        if window == "signin" and session.status != TrainingSession.Status.LIVE:
            session = session_go_live(
                session=session, actor=actor, ip_address=ip_address
            )
        setattr(session, opened_field, now)
        setattr(session, closed_field, None)
    elif getattr(session, opened_field) and not getattr(session, closed_field):
        setattr(session, closed_field, now)
    session.full_clean()
    session.save(update_fields=[opened_field, closed_field])
    action = f"live.{window}_{'open' if opening else 'close'}"
    audit_record(actor=actor, action=action, obj=session, ip_address=ip_address)
    _broadcast_windows(session)
    return session


@transaction.atomic
def signin_window_open(
    *, session: TrainingSession, actor: User, now=None, ip_address=None
) -> TrainingSession:
    """Open (or reopen) the sign-in window; at most 30 min before the start."""
    return _set_window(
        session=session,
        actor=actor,
        now=now,
        window="signin",
        opening=True,
        ip_address=ip_address,
    )


@transaction.atomic
def signin_window_close(
    *, session: TrainingSession, actor: User, now=None, ip_address=None
) -> TrainingSession:
    """Close the sign-in window; later codes are refused."""
    return _set_window(
        session=session,
        actor=actor,
        now=now,
        window="signin",
        opening=False,
        ip_address=ip_address,
    )


@transaction.atomic
def signout_window_open(
    *, session: TrainingSession, actor: User, now=None, ip_address=None
) -> TrainingSession:
    """Open (or reopen) the sign-out window."""
    return _set_window(
        session=session,
        actor=actor,
        now=now,
        window="signout",
        opening=True,
        ip_address=ip_address,
    )


@transaction.atomic
def signout_window_close(
    *, session: TrainingSession, actor: User, now=None, ip_address=None
) -> TrainingSession:
    """Close the sign-out window; offline attendees who did not sign out show so."""
    session = _set_window(
        session=session,
        actor=actor,
        now=now,
        window="signout",
        opening=False,
        ip_address=ip_address,
    )
    _credit_unsigned_out(session, at=session.signout_closed_at)
    return session


def _credit_unsigned_out(session: TrainingSession, *, at: datetime) -> None:
    """Offline attendees who never signed out are credited up to `at`."""
    pending = Attendance.objects.select_for_update().filter(
        enrolment__session=session,
        signed_in_at__isnull=False,
        signed_out_at__isnull=True,
        manual_by__isnull=True,
    )
    if session.mode == TrainingSession.Mode.OFFLINE:
        for attendance in pending:
            attendance.attended_seconds = provisional_offline_seconds(
                attendance=attendance, session=session, now=at
            )
            attendance.save(update_fields=["attended_seconds"])
    transaction.on_commit(
        lambda: _send((live_staff_group(session.pk), {"type": "board.reload"}))
    )


@transaction.atomic
def live_windows_close(*, session: TrainingSession, now: datetime) -> TrainingSession:
    """Close whichever windows are still open when the session finishes (called by
    `session_finish`); closing sign-out credits offline attendees as it does from
    the console."""
    session = _locked(session)
    changed = []
    for window in ("signin", "signout"):
        opened, closed = f"{window}_opened_at", f"{window}_closed_at"
        if getattr(session, opened) and not getattr(session, closed):
            setattr(session, closed, max(now, getattr(session, opened)))
            changed.append(closed)
    if changed:
        session.save(update_fields=changed)
        _broadcast_windows(session)
    if "signout_closed_at" in changed:
        _credit_unsigned_out(session, at=session.signout_closed_at)
    return session


def _rate_key(user: User, now: datetime) -> str:
    return f"live:wrong-codes:{user.pk}:{int(now.timestamp()) // 60}"


def _check_code(*, session, user, code, now) -> None:
    key = _rate_key(user, now)
    if (cache.get(key) or 0) >= WRONG_CODES_PER_MINUTE:
        raise ValidationError(CODE_RATE_LIMITED)
    if not signin_code_valid(session=session, code=code, at=now):
        cache.add(key, 0, timeout=70)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=70)
        raise ValidationError(CODE_INVALID)


def _attendee_enrolment(session: TrainingSession, user: User) -> Enrolment:
    enrolment = live_enrolment_for(session=session, user=user)
    if enrolment is None:
        raise ValidationError(NOT_ENROLLED_IN_SESSION)
    return enrolment


def _attendance_of(enrolment: Enrolment) -> Attendance | None:
    try:
        return enrolment.attendance
    except Attendance.DoesNotExist:
        return None


def _locked_attendance(enrolment: Enrolment) -> Attendance:
    attendance = (
        Attendance.objects.select_for_update().filter(enrolment=enrolment).first()
    )
    if attendance is None:
        # ON CONFLICT DO NOTHING: two tabs signing in at once both end up here.
        Attendance.objects.bulk_create(
            [Attendance(enrolment=enrolment)], ignore_conflicts=True
        )
        attendance = Attendance.objects.select_for_update().get(enrolment=enrolment)
    return attendance


def _bound(
    attendance: Attendance, enrolment: Enrolment, session: TrainingSession
) -> Attendance:
    """Return `attendance` with its enrolment and fresh session cached on it, so
    callers can show the new state without querying again."""
    enrolment.session = session
    enrolment.attendance = attendance
    return attendance


def _save(attendance: Attendance) -> None:
    # One attendance per enrolment is the OneToOne's unique index; skip the query.
    attendance.full_clean(validate_unique=False)
    attendance.save()


@transaction.atomic
def attendance_sign_in(
    *,
    session: TrainingSession,
    user: User,
    code: str,
    method: str = Attendance.Method.CODE,
    now: datetime | None = None,
) -> Attendance:
    """Sign `user` in with the rotating code; a second sign-in changes nothing."""
    now = _now(now)
    enrolment = _attendee_enrolment(session, user)
    session = enrolment.session  # re-read with the enrolment: windows are current
    attendance = _attendance_of(enrolment)
    if attendance is not None and attendance.signed_in_at is not None:
        return _bound(attendance, enrolment, session)
    if not session.signin_opened_at or now < session.signin_opened_at:
        raise ValidationError(SIGNIN_NOT_OPEN)
    if session.signin_closed_at and now >= session.signin_closed_at:
        raise ValidationError(SIGNIN_CLOSED)
    _check_code(session=session, user=user, code=code, now=now)
    missing = letters_missing(enterprise=enrolment.enterprise).count()
    if missing:
        raise ValidationError(LETTERS_UNSIGNED.format(count=missing))
    signed = Attendance(
        enrolment=enrolment, signed_in_at=now, signin_method=method, last_seen_at=now
    )
    signed.full_clean(validate_unique=False)
    # ON CONFLICT DO NOTHING, then read back: whichever tab or phone won the race
    # is the sign-in; the others get it unchanged.
    Attendance.objects.bulk_create([signed], ignore_conflicts=True)
    attendance = Attendance.objects.select_for_update().get(enrolment=enrolment)
    if attendance.signed_in_at is None:  # a blank row left by a manual edit
        attendance.signed_in_at, attendance.last_seen_at = now, now
        attendance.signin_method = method
        _save(attendance)
    if attendance.signed_in_at == now and attendance.signin_method == method:
        _broadcast_row(session, enrolment, attendance)
    return _bound(attendance, enrolment, session)


def _credit_presence(attendance: Attendance, session: TrainingSession, now) -> None:
    """Add the time since the last heartbeat if the gap is short enough to count."""
    last = attendance.last_seen_at
    if last is not None and now - last <= timedelta(seconds=2 * heartbeat_seconds()):
        start, end = max(last, session.starts_at), min(now, session.ends_at)
        if end > start:
            attendance.attended_seconds += int((end - start).total_seconds())
    if last is None or now > last:
        attendance.last_seen_at = now


def attendance_heartbeat(
    *,
    session: TrainingSession,
    user: User,
    enrolment: Enrolment | None = None,
    now: datetime | None = None,
) -> Attendance:
    """Record presence of a signed-in online attendee and sum the attended time.

    Atomic without a transaction: one read, then one compare-and-set UPDATE on
    last_seen_at, so two tabs beating at once never count the same gap twice (the
    loser's beat is simply not counted). A socket passes the `enrolment` it
    resolved on connect, saving that lookup on every beat."""
    now = _now(now)
    if session.mode != TrainingSession.Mode.ONLINE:
        raise ValidationError(NOT_ONLINE_SESSION)
    if enrolment is None or enrolment.session_id != session.pk:
        enrolment = _attendee_enrolment(session, user)
    attendance = Attendance.objects.filter(enrolment=enrolment).first()
    if attendance is None or attendance.signed_in_at is None:
        raise ValidationError(NOT_SIGNED_IN)
    if attendance.signed_out_at is not None:
        raise ValidationError(ALREADY_SIGNED_OUT)
    last_seen, minutes_before = attendance.last_seen_at, attendance.attended_seconds
    minutes_before //= 60
    was_away = last_seen is None or now - last_seen > timedelta(
        seconds=2 * heartbeat_seconds()
    )
    _credit_presence(attendance, session, now)
    updated = Attendance.objects.filter(
        pk=attendance.pk, last_seen_at=last_seen, signed_out_at__isnull=True
    ).update(
        attended_seconds=attendance.attended_seconds,
        last_seen_at=attendance.last_seen_at,
    )
    if updated and (was_away or attendance.attended_seconds // 60 != minutes_before):
        enrolment.session = session
        _broadcast_row(session, enrolment, attendance)
    return attendance


@transaction.atomic
def attendance_sign_out(
    *,
    session: TrainingSession,
    user: User,
    code: str = "",
    now: datetime | None = None,
) -> Attendance:
    """Sign out. Offline: in the sign-out window with the current code. Online: any
    time, crediting presence up to now."""
    now = _now(now)
    enrolment = _attendee_enrolment(session, user)
    session = enrolment.session  # re-read with the enrolment: windows are current
    attendance = _locked_attendance(enrolment)
    if attendance.signed_in_at is None:
        raise ValidationError(NOT_SIGNED_IN)
    if attendance.signed_out_at is not None:
        return _bound(attendance, enrolment, session)
    if session.mode == TrainingSession.Mode.ONLINE:
        _credit_presence(attendance, session, now)
    else:
        if not session.signout_opened_at or now < session.signout_opened_at:
            raise ValidationError(SIGNOUT_NOT_OPEN)
        if session.signout_closed_at and now >= session.signout_closed_at:
            raise ValidationError(SIGNOUT_CLOSED)
        _check_code(session=session, user=user, code=code, now=now)
        if not attendance.manual_by_id:
            start = max(attendance.signed_in_at, session.starts_at)
            end = min(now, session.ends_at)
            attendance.attended_seconds = max(0, int((end - start).total_seconds()))
    attendance.signed_out_at = now
    _save(attendance)
    _broadcast_row(session, enrolment, attendance)
    return _bound(attendance, enrolment, session)


@transaction.atomic
def attendance_mark_manual(
    *,
    session: TrainingSession,
    actor: User,
    enrolment: Enrolment,
    minutes: int,
    reason: str,
    now: datetime | None = None,
    ip_address: str | None = None,
) -> Attendance:
    """Trainer sets an attendee's minutes by hand, with an audited reason."""
    now = _now(now)
    _require_trainer(session, actor)
    if enrolment.session_id != session.pk:
        raise ValidationError(ENROLMENT_NOT_IN_SESSION)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(MANUAL_REASON_REQUIRED)
    longest = int((session.ends_at - session.starts_at).total_seconds()) // 60
    if not isinstance(minutes, int) or not 0 <= minutes <= longest:
        raise ValidationError(MANUAL_MINUTES_INVALID.format(max=longest))
    attendance = _locked_attendance(enrolment)
    before = {
        "signed_in_at": attendance.signed_in_at.isoformat()
        if attendance.signed_in_at
        else None,
        "attended_seconds": attendance.attended_seconds,
    }
    if attendance.signed_in_at is None:
        attendance.signed_in_at = now
        attendance.signin_method = Attendance.Method.MANUAL
    attendance.attended_seconds = minutes * 60
    attendance.manual_reason = reason
    attendance.manual_by = actor
    _save(attendance)
    audit_record(
        actor=actor,
        action="live.attendance_manual",
        obj=attendance,
        detail={"before": before, "minutes": minutes, "reason": reason},
        ip_address=ip_address,
    )
    _broadcast_row(session, enrolment, attendance)
    return attendance
