"""Reads for live sessions: who may see a console, board rows, attendance results.

Attended time and when it is final are journey rules (journey.attendance).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

import journey
from accounts.models import User
from accounts.selectors import user_scope
from common.pdf import qr_svg

from .. import clock
from ..models import Attendance, Enrolment, TrainingSession
from .signin import code_seconds_left, signin_code_for

ROLE_TRAINER = "trainer"
ROLE_OFFICE = "office"
ROLE_ATTENDEE = "attendee"

STATE_ABSENT = "absent"
STATE_PRESENT = "present"
STATE_AWAY = "away"
STATE_SIGNED_OUT = "signed_out"
STATE_LEFT_EARLY = "left_early"
STATE_NO_SIGNOUT = "no_signout"
STATE_LABELS = {
    STATE_ABSENT: "未签到",
    STATE_PRESENT: "已签到",
    STATE_AWAY: "已离线",
    STATE_SIGNED_OUT: "已签退",
    STATE_LEFT_EARLY: "早退",
    STATE_NO_SIGNOUT: "未签退",
}


def heartbeat_seconds() -> int:
    """Interval between presence heartbeats (settings.PRESENCE_HEARTBEAT_SECONDS)."""
    return int(getattr(settings, "PRESENCE_HEARTBEAT_SECONDS", 20))


def live_enrolment_for(*, session: TrainingSession, user: User) -> Enrolment | None:
    """The active enrolment through which `user` attends `session`, if any.

    One query: its session (re-read, with the rule profile), enterprise, attendee
    and attendance come with it."""
    if not user.is_authenticated or not user.enterprise_id:
        return None
    return (
        Enrolment.objects.filter(
            session_id=session.pk,
            status=Enrolment.Status.ENROLLED,
            enterprise_id=user.enterprise_id,
        )
        .filter(Q(attendee__isnull=True) | Q(attendee=user))
        .select_related(
            "enterprise",
            "attendee",
            "attendance",
            "session__plan_line__programme__rule_profile",
        )
        .first()
    )


def live_enrolment_by_pk(*, session: TrainingSession, pk) -> Enrolment | None:
    """An enrolment of `session` picked on the trainer's board, if it is one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Enrolment.objects.filter(session=session, pk=pk).first()


def signin_code_payload(*, session: TrainingSession, now=None) -> dict:
    """What the trainer's console shows: code, seconds left, QR (SVG) to scan."""
    now = now or clock.now()
    code = signin_code_for(session=session, at=now)
    path = reverse("enrollment:live_scan", args=[session.pk])
    url = f"{settings.SITE_BASE_URL.rstrip('/')}{path}?c={code}"
    return {
        "code": code,
        "seconds_left": code_seconds_left(at=now),
        "url": url,
        "qr_svg": qr_svg(url, scale=5),
    }


def _office_sees(session: TrainingSession, user: User) -> bool:
    if user.role not in (User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE) and not (
        user.role == User.Role.ADMIN or user.is_superuser
    ):
        return False
    scope = user_scope(user=user)
    line = session.plan_line
    if scope.sees_city(line.programme.city_id):
        return True
    region_ids = {line.region_id, *line.extra_regions.values_list("id", flat=True)}
    return bool(region_ids & scope.region_ids)


def live_role(*, session: TrainingSession, user: User) -> str | None:
    """How `user` takes part in `session` live: trainer, office, attendee or None."""
    if not user.is_authenticated:
        return None
    if user.role == User.Role.ENTERPRISE:
        enrolment = live_enrolment_for(session=session, user=user)
        return ROLE_ATTENDEE if enrolment is not None else None
    if session.trainers.filter(pk=user.pk).exists():
        return ROLE_TRAINER
    if _office_sees(session, user):
        return ROLE_OFFICE
    if live_enrolment_for(session=session, user=user) is not None:
        return ROLE_ATTENDEE
    return None


def live_session_get(*, user: User, pk: int, roles: tuple[str, ...]) -> tuple:
    """(session, role) if `user` has one of `roles` there; 404 otherwise."""
    session = (
        TrainingSession.objects.select_related("plan_line__programme__rule_profile")
        .filter(pk=pk)
        .first()
    )
    role = live_role(session=session, user=user) if session else None
    if role not in roles:
        raise Http404
    return session, role


def live_session_fresh(*, pk: int) -> TrainingSession:
    """The session re-read with its rule profile (windows change during a session)."""
    return TrainingSession.objects.select_related(
        "plan_line__programme__rule_profile"
    ).get(pk=pk)


def live_join(*, user: User, session_id: int) -> tuple | None:
    """(session, role, enrolment or None) for a live socket; None if not theirs.

    Attendees (by far the most sockets) cost one query."""
    if user.role == User.Role.ENTERPRISE:
        enrolment = live_enrolment_for(
            session=TrainingSession(pk=session_id), user=user
        )
        if enrolment is None:
            return None
        return enrolment.session, ROLE_ATTENDEE, enrolment
    try:
        session, role = live_session_get(
            user=user, pk=session_id, roles=(ROLE_TRAINER, ROLE_OFFICE)
        )
    except Http404:
        return None
    return session, role, None


def live_sessions_under_way(
    *, user: User, now: datetime | None = None
) -> QuerySet[TrainingSession]:
    """Sessions in `user`'s scope that are running now or have sign-in open."""
    now = now or clock.now()
    scope = user_scope(user=user)
    qs = TrainingSession.objects.filter(
        Q(starts_at__lte=now + timedelta(hours=1), ends_at__gte=now)
        | Q(signin_opened_at__isnull=False, signin_closed_at__isnull=True)
    ).select_related("plan_line__region")
    if not scope.all_regions:
        qs = qs.filter(
            Q(plan_line__region_id__in=scope.region_ids)
            | Q(plan_line__extra_regions__in=scope.region_ids)
            | Q(plan_line__programme__city_id=scope.city_id or 0)
        ).distinct()
    return qs.order_by("starts_at")


def window_state(*, session: TrainingSession) -> dict:
    """Whether the sign-in and sign-out windows are open right now."""
    return {
        "signin_open": bool(session.signin_opened_at and not session.signin_closed_at),
        "signout_open": bool(
            session.signout_opened_at and not session.signout_closed_at
        ),
    }


def _present(attendance: Attendance, now: datetime) -> bool:
    if attendance.signed_out_at or not attendance.last_seen_at:
        return False
    return now - attendance.last_seen_at <= timedelta(seconds=2 * heartbeat_seconds())


def _state(attendance, session, now, minutes, required) -> str:
    if attendance is None or attendance.signed_in_at is None:
        return STATE_ABSENT
    if attendance.signed_out_at:
        early = attendance.signed_out_at < session.ends_at and minutes < required
        return STATE_LEFT_EARLY if early else STATE_SIGNED_OUT
    if session.mode == TrainingSession.Mode.ONLINE and not attendance.manual_by_id:
        return STATE_PRESENT if _present(attendance, now) else STATE_AWAY
    if session.signout_closed_at:
        return STATE_NO_SIGNOUT
    return STATE_PRESENT


def board_row(
    *, enrolment: Enrolment, session: TrainingSession, now=None, required=None
) -> dict:
    """One attendee's line on the live board, JSON-ready."""
    now = now or clock.now()
    if required is None:
        required = journey.required_minutes(session=session)
    attendance = journey.attendance_of(enrolment)
    minutes = (
        journey.attended_seconds(attendance=attendance, session=session, now=now) // 60
    )
    state = _state(attendance, session, now, minutes, required)
    signed_in_at = attendance.signed_in_at if attendance else None
    attendee = enrolment.attendee
    return {
        "enrolment": enrolment.pk,
        "enterprise": enrolment.enterprise.name,
        "attendee": attendee.real_name if attendee else "",
        "state": state,
        "state_label": STATE_LABELS[state],
        "signed_in_at": (
            timezone.localtime(signed_in_at).strftime("%H:%M:%S")
            if signed_in_at
            else ""
        ),
        "method": attendance.get_signin_method_display() if signed_in_at else "",
        "minutes": minutes,
        "required": required,
        "met": minutes >= required,
        "manual": bool(attendance and attendance.manual_by_id),
    }


def board_rows(*, session: TrainingSession, now: datetime | None = None) -> list[dict]:
    """The whole live board of `session`, one row per enrolled enterprise."""
    now = now or clock.now()
    session = live_session_fresh(pk=session.pk)
    required = journey.required_minutes(session=session)
    enrolments = (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.ENROLLED)
        .select_related("enterprise", "attendee", "attendance")
        .order_by("enterprise__name", "pk")
    )
    return [
        board_row(enrolment=e, session=session, now=now, required=required)
        for e in enrolments
    ]


def board_counts(*, rows: list[dict]) -> dict:
    """Counts shown above the board (the browser recomputes them the same way)."""
    signed = [r for r in rows if r["state"] != STATE_ABSENT]
    return {
        "enrolled": len(rows),
        "signed_in": len(signed),
        "not_signed_in": len(rows) - len(signed),
        "left_early": sum(r["state"] == STATE_LEFT_EARLY for r in rows),
        "met": sum(r["met"] for r in rows),
        "short": sum(not r["met"] for r in signed),
    }


@dataclass(frozen=True)
class AttendanceResult:
    """Minutes attended against the session's class-hour rule."""

    signed_in: bool
    attended_minutes: int
    required_minutes: int
    status: str

    @property
    def hours_met(self) -> bool:
        return self.signed_in and self.attended_minutes >= self.required_minutes


def attendance_result(
    *, enrolment: Enrolment, now: datetime | None = None
) -> AttendanceResult:
    """Minutes attended so far against the session's rule, and the rule's status."""
    now = now or clock.now()
    session = live_session_fresh(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_related("attendance").get(pk=enrolment.pk)
    enrolment.session = session
    attendance = journey.attendance_of(enrolment)
    seconds = journey.attended_seconds(attendance=attendance, session=session, now=now)
    return AttendanceResult(
        signed_in=bool(attendance and attendance.signed_in_at),
        attended_minutes=seconds // 60,
        required_minutes=journey.required_minutes(session=session),
        status=journey.attendance_status(enrolment=enrolment, now=now),
    )


def attendee_state_for(
    *, enrolment: Enrolment, session: TrainingSession, now: datetime | None = None
) -> dict:
    """The attendee's page state from objects in hand (attendance cached on it)."""
    row = board_row(enrolment=enrolment, session=session, now=now)
    return {
        "signed_in": row["state"] != STATE_ABSENT,
        "signed_out": row["state"] in (STATE_SIGNED_OUT, STATE_LEFT_EARLY),
        "state": row["state"],
        "state_label": row["state_label"],
        "minutes": row["minutes"],
        "required": row["required"],
        "mode": session.mode,
        **window_state(session=session),
        "heartbeat_seconds": heartbeat_seconds(),
    }


def attendee_state(*, enrolment: Enrolment, now: datetime | None = None) -> dict:
    """What the attendee's own live page shows: signed in/out, minutes, required."""
    session = live_session_fresh(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_related(
        "enterprise", "attendee", "attendance"
    ).get(pk=enrolment.pk)  # fresh: a socket keeps its enrolment for hours
    return attendee_state_for(enrolment=enrolment, session=session, now=now)
