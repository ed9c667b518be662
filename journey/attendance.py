"""Attendance met: attended time against the class-hour rule, provisional or final.

Attended time (decided here once for every caller: board, gates, lists, exports):
- online sessions: the server sums heartbeats (enrollment live services); a gap
  longer than twice PRESENCE_HEARTBEAT_SECONDS does not count; time is clipped to
  the session.
- offline sessions: sign-out minus sign-in, clipped to [starts_at, ends_at], stored on
  sign-out. Someone who never signs out is credited up to the moment the trainer
  opened the sign-out window, stored when the trainer closes it; until then the
  figure is provisional (up to now / the session end if no window was opened).
- a trainer's manual mark (with an audited reason) sets the time outright.

An attendee's figure is final once it can no longer change: a manual mark, a
sign-out, the trainer closing the sign-out window, or an online session's end.
Until then it is provisional and lists show 出勤待确定.
"""

from datetime import datetime

from django.db.models import ExpressionWrapper, F, IntegerField, Q

from enrollment import clock
from enrollment.models import Attendance, Enrolment, TrainingSession
from enterprises.models import RuleProfile

ABSENT = "absent"
PENDING = "pending"
SHORT = "short"
MET = "met"
STATUS_LABELS = {
    ABSENT: "未签到",
    PENDING: "出勤待确定",
    SHORT: "出勤未达标",
    MET: "出勤达标",
}


def required_seconds(*, profile: RuleProfile) -> int:
    """Seconds the rule asks for: class hours x class-hour minutes."""
    return profile.min_class_hours * profile.class_hour_minutes * 60


def required_minutes(*, session: TrainingSession) -> int:
    """Minutes an attendee of `session` must attend."""
    return session.plan_line.programme.rule_profile.min_attendance_minutes


def _overlap_seconds(start, end, lo, hi) -> int:
    start, end = max(start, lo), min(end, hi)
    return max(0, int((end - start).total_seconds()))


def attendance_of(enrolment: Enrolment) -> Attendance | None:
    """The enrolment's attendance row (cached on it), or None."""
    try:
        return enrolment.attendance
    except Attendance.DoesNotExist:
        return None


def attendance_final(
    *, attendance: Attendance | None, session: TrainingSession, now: datetime
) -> bool:
    """Whether the attended time can no longer change (see module docstring)."""
    if attendance is None or attendance.signed_in_at is None:
        return session.signout_closed_at is not None or (
            session.mode == TrainingSession.Mode.ONLINE and session.ends_at <= now
        )
    return bool(
        attendance.manual_by_id
        or attendance.signed_out_at
        or session.signout_closed_at
        or (session.mode == TrainingSession.Mode.ONLINE and session.ends_at <= now)
    )


def provisional_offline_seconds(
    *, attendance: Attendance, session: TrainingSession, now: datetime | None
) -> int:
    """Offline credit of someone not signed out: sign-in to the sign-out window's
    opening, the session end or now, whichever comes first."""
    end = min(now or clock.now(), session.ends_at)
    if session.signout_opened_at:
        end = min(end, session.signout_opened_at)
    return _overlap_seconds(
        attendance.signed_in_at, end, session.starts_at, session.ends_at
    )


def attended_seconds(
    *, attendance: Attendance | None, session: TrainingSession, now: datetime | None
) -> int:
    """Seconds `attendance` counts toward the class-hour rule, provisional or final."""
    if attendance is None or attendance.signed_in_at is None:
        return 0
    stored_is_whole = (
        session.mode == TrainingSession.Mode.ONLINE
        or attendance.manual_by_id
        or attendance.signed_out_at
        or session.signout_closed_at
    )
    if stored_is_whole:
        return attendance.attended_seconds
    provisional = provisional_offline_seconds(
        attendance=attendance, session=session, now=now
    )
    return max(attendance.attended_seconds, provisional)


def status_of(
    *, attendance: Attendance | None, session: TrainingSession, now: datetime
) -> str:
    """ABSENT, PENDING (provisional), SHORT or MET (both final) of one attendance."""
    if attendance is None or attendance.signed_in_at is None:
        return ABSENT
    if not attendance_final(attendance=attendance, session=session, now=now):
        return PENDING
    required = required_seconds(profile=session.plan_line.programme.rule_profile)
    return MET if attendance.attended_seconds >= required else SHORT


def attendance_status(*, enrolment: Enrolment, now: datetime | None = None) -> str:
    """`status_of` the enrolment's attendance at its session."""
    return status_of(
        attendance=attendance_of(enrolment),
        session=enrolment.session,
        now=now or clock.now(),
    )


def attendance_met(*, enrolment: Enrolment, now: datetime | None = None) -> bool:
    """Signed in and the final attended time reaches the rule."""
    return attendance_status(enrolment=enrolment, now=now) == MET


def provisional_met(*, enrolment: Enrolment, now: datetime | None = None) -> bool:
    """The time attended so far (provisional or final) reaches the rule."""
    session = enrolment.session
    seconds = attended_seconds(
        attendance=attendance_of(enrolment), session=session, now=now
    )
    return seconds >= required_seconds(profile=session.plan_line.programme.rule_profile)


def required_seconds_expr():
    """`required_seconds` of an Enrolment row's programme, in SQL."""
    return ExpressionWrapper(
        F("programme__rule_profile__min_class_hours")
        * F("programme__rule_profile__class_hour_minutes")
        * 60,
        output_field=IntegerField(),
    )


def attendance_final_q(now: datetime | None = None) -> Q:
    """`attendance_final` for a signed-in Enrolment row, in SQL."""
    now = now or clock.now()
    return (
        Q(attendance__manual_by__isnull=False)
        | Q(attendance__signed_out_at__isnull=False)
        | Q(session__signout_closed_at__isnull=False)
        | Q(session__mode=TrainingSession.Mode.ONLINE, session__ends_at__lte=now)
    )


def signed_in_q() -> Q:
    """The Enrolment row's attendee signed in."""
    return Q(attendance__signed_in_at__isnull=False)


def attendance_met_q(now: datetime | None = None) -> Q:
    """`attendance_met` as a condition on Enrolment rows."""
    return (
        signed_in_q()
        & attendance_final_q(now)
        & Q(attendance__attended_seconds__gte=required_seconds_expr())
    )


def attendance_pending_q(now: datetime | None = None) -> Q:
    """Signed in, time still provisional (lists show 出勤待确定)."""
    return signed_in_q() & ~attendance_final_q(now)


def attendance_gate_open(*, enrolment: Enrolment, now: datetime | None = None) -> bool:
    """The attendance part of the exam gate: the final time reaches the rule, or,
    where the rule profile lets the exam open before attendance is final, the time
    so far does."""
    status = attendance_status(enrolment=enrolment, now=now)
    if status == PENDING and exam_opens_early(enrolment=enrolment):
        return provisional_met(enrolment=enrolment, now=now)
    return status == MET


def exam_opens_early(*, enrolment: Enrolment) -> bool:
    """The rule profile lets the exam open before attendance is final."""
    return enrolment.programme.rule_profile.exam_before_attendance_final
