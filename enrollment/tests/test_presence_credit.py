"""Online presence credits exactly the time present, whatever the beat interval."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment import live
from enrollment.live import signin_code_for
from enrollment.models import Attendance, TrainingSession
from enrollment.tests.live_factories import START, attendee_of, live_session

pytestmark = pytest.mark.django_db

HEARTBEAT = 20


def _online_signed_in(at):
    session = live_session(mode=TrainingSession.Mode.ONLINE)
    user = attendee_of(session)
    live.signin_window_open(
        session=session, actor=session.trainer_user, now=START - dt.timedelta(minutes=5)
    )
    code = signin_code_for(session=session, at=at)
    live.attendance_sign_in(session=session, user=user, code=code, now=at)
    return session, user


def _beat_every(session, user, signed_in_at, intervals) -> dt.datetime:
    now = signed_in_at
    for seconds in intervals:
        now += dt.timedelta(seconds=seconds)
        live.attendance_heartbeat(session=session, user=user, now=now)
    return now


@override_settings(PRESENCE_HEARTBEAT_SECONDS=HEARTBEAT)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    offset=st.floats(min_value=0, max_value=600),
    intervals=st.lists(
        st.floats(min_value=0.001, max_value=2 * HEARTBEAT), min_size=1, max_size=40
    ),
)
def test_beats_up_to_twice_the_heartbeat_credit_the_whole_time_present(
    offset, intervals
):
    signed_in_at = START + dt.timedelta(seconds=offset)
    session, user = _online_signed_in(signed_in_at)
    last_beat = _beat_every(session, user, signed_in_at, intervals)
    present = (min(last_beat, session.ends_at) - signed_in_at).total_seconds()
    credited = Attendance.objects.get(enrolment=user.live_enrolment).attended_seconds
    assert abs(credited - present) <= 1


@override_settings(PRESENCE_HEARTBEAT_SECONDS=HEARTBEAT)
def test_beats_every_20_9_seconds_for_130_minutes_credit_130_minutes():
    session, user = _online_signed_in(START)
    beats = int(130 * 60 / 20.9)
    last_beat = _beat_every(session, user, START, [20.9] * beats)
    present = (last_beat - START).total_seconds()
    credited = Attendance.objects.get(enrolment=user.live_enrolment).attended_seconds
    assert abs(credited - present) <= 1
    assert credited >= 129 * 60


@override_settings(PRESENCE_HEARTBEAT_SECONDS=HEARTBEAT)
def test_a_gap_longer_than_twice_the_heartbeat_is_not_credited():
    session, user = _online_signed_in(START)
    _beat_every(session, user, START, [10, 10, 2 * HEARTBEAT + 5, 10])
    credited = Attendance.objects.get(enrolment=user.live_enrolment).attended_seconds
    assert credited == 30


def test_manual_marks_are_refused_before_the_session_starts():
    session = live_session()
    user = attendee_of(session)
    with pytest.raises(ValidationError) as excinfo:
        live.attendance_mark_manual(
            session=session,
            actor=session.trainer_user,
            enrolment=user.live_enrolment,
            minutes=180,
            reason="提前补录",
            now=START - dt.timedelta(minutes=1),
        )
    assert excinfo.value.messages[0] == live.MANUAL_TOO_EARLY
    assert not Attendance.objects.filter(enrolment=user.live_enrolment).exists()
