import datetime as dt

import pytest
from django.core.exceptions import ValidationError

import journey
from common.models import AuditEntry
from enrollment import clock, live
from enrollment.live import (
    STATE_LEFT_EARLY,
    attendance_result,
    board_counts,
    board_rows,
    signin_code_for,
)
from enrollment.models import Attendance, TrainingSession
from enrollment.tests.live_factories import START, attendee_of, live_session
from journey import exam_blockers

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


def _open(session, at=START - 5 * MIN):
    return live.signin_window_open(session=session, actor=session.trainer_user, now=at)


def _sign_in(session, user, at, code=None):
    code = code if code is not None else signin_code_for(session=session, at=at)
    return live.attendance_sign_in(session=session, user=user, code=code, now=at)


def _message(excinfo):
    return excinfo.value.messages[0]


@pytest.mark.smoke
def test_attendee_signs_in_with_current_code():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    attendance = _sign_in(session, user, START)
    assert attendance.signed_in_at == START
    assert attendance.signin_method == Attendance.Method.CODE


def test_second_sign_in_changes_nothing():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    first = _sign_in(session, user, START)
    again = _sign_in(session, user, START + 10 * MIN, code="WRONG9")
    assert again.pk == first.pk and again.signed_in_at == START
    assert Attendance.objects.count() == 1


def test_sign_in_before_window_opens_is_refused():
    session = live_session()
    user = attendee_of(session)
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, user, START)
    assert _message(excinfo) == live.SIGNIN_NOT_OPEN


def test_window_cannot_open_long_before_the_session():
    session = live_session()
    with pytest.raises(ValidationError) as excinfo:
        _open(session, at=START - 31 * MIN)
    assert _message(excinfo) == live.TOO_EARLY_TO_OPEN.format(minutes=30)
    session.refresh_from_db()
    assert session.signin_opened_at is None


def test_sign_in_after_window_closes_is_refused():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    live.signin_window_close(session=session, actor=session.trainer_user, now=START)
    session.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, user, START + MIN)
    assert _message(excinfo) == live.SIGNIN_CLOSED


def test_only_the_sessions_trainer_opens_the_window():
    session = live_session()
    other = live_session()
    with pytest.raises(ValidationError) as excinfo:
        live.signin_window_open(session=session, actor=other.trainer_user, now=START)
    assert _message(excinfo) == live.NOT_TRAINER


def test_attendee_of_another_session_is_refused():
    session, other = live_session(), live_session()
    stranger = attendee_of(other)
    _open(session)
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, stranger, START)
    assert _message(excinfo) == live.NOT_ENROLLED_IN_SESSION


def test_expired_code_is_refused(settings):
    settings.SIGNIN_CODE_WINDOW_SECONDS = 30
    session = live_session()
    user = attendee_of(session)
    _open(session)
    old = signin_code_for(session=session, at=START - 2 * MIN)
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, user, START, code=old)
    assert _message(excinfo) == live.CODE_INVALID


def test_forged_code_is_refused():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, user, START, code="ABCDEF")
    assert _message(excinfo) == live.CODE_INVALID
    assert not Attendance.objects.filter(signed_in_at__isnull=False).exists()


def test_unsigned_letters_refuse_sign_in():
    session = live_session()
    user = attendee_of(session, letters_signed=False)
    _open(session)
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, user, START)
    assert _message(excinfo) == live.LETTERS_UNSIGNED.format(count=1)


@pytest.mark.smoke
def test_more_than_ten_wrong_codes_a_minute_are_limited():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    at = START.replace(second=0)
    for i in range(10):
        with pytest.raises(ValidationError) as excinfo:
            _sign_in(session, user, at + dt.timedelta(seconds=i), code="ZZZZZZ")
        assert _message(excinfo) == live.CODE_INVALID
    with pytest.raises(ValidationError) as excinfo:
        _sign_in(session, user, at + dt.timedelta(seconds=20))
    assert _message(excinfo) == live.CODE_RATE_LIMITED
    assert _sign_in(session, user, at + MIN).signed_in_at == at + MIN


def test_offline_sign_out_counts_time_within_the_session():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    _sign_in(session, user, START - 4 * MIN)  # early arrival is not credited
    out_at = START + 170 * MIN
    live.signout_window_open(
        session=session, actor=session.trainer_user, now=out_at - 5 * MIN
    )
    code = signin_code_for(session=session, at=out_at)
    out = live.attendance_sign_out(session=session, user=user, code=code, now=out_at)
    assert out.attended_seconds == 170 * 60


def test_offline_sign_out_before_window_is_refused():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    _sign_in(session, user, START)
    with pytest.raises(ValidationError) as excinfo:
        live.attendance_sign_out(session=session, user=user, code="", now=START)
    assert _message(excinfo) == live.SIGNOUT_NOT_OPEN


def test_offline_without_sign_out_is_credited_until_sign_out_opened():
    session = live_session()
    user = attendee_of(session)
    _open(session)
    _sign_in(session, user, START)
    trainer = session.trainer_user
    live.signout_window_open(session=session, actor=trainer, now=START + 100 * MIN)
    live.signout_window_close(session=session, actor=trainer, now=START + 120 * MIN)
    result = attendance_result(enrolment=user.live_enrolment, now=START + 200 * MIN)
    assert result.attended_minutes == 100
    assert not result.hours_met
    assert board_rows(session=session)[0]["state"] == "no_signout"


def _online_signed_in(settings, interval=20):
    settings.PRESENCE_HEARTBEAT_SECONDS = interval
    session = live_session(mode=TrainingSession.Mode.ONLINE)
    user = attendee_of(session)
    _open(session)
    _sign_in(session, user, START)
    return session, user


def test_online_heartbeats_sum_attended_time(settings):
    session, user = _online_signed_in(settings)
    for i in range(1, 10):
        live.attendance_heartbeat(
            session=session, user=user, now=START + dt.timedelta(seconds=20 * i)
        )
    assert user.live_enrolment.attendance.attended_seconds == 180


def test_online_gap_longer_than_twice_the_interval_does_not_count(settings):
    session, user = _online_signed_in(settings)
    live.attendance_heartbeat(
        session=session, user=user, now=START + dt.timedelta(seconds=40)
    )
    live.attendance_heartbeat(
        session=session, user=user, now=START + dt.timedelta(seconds=81)
    )
    live.attendance_heartbeat(
        session=session, user=user, now=START + dt.timedelta(seconds=100)
    )
    attendance = Attendance.objects.get()
    assert attendance.attended_seconds == 40 + 19


def test_heartbeats_before_sign_in_are_refused(settings):
    settings.PRESENCE_HEARTBEAT_SECONDS = 20
    session = live_session(mode=TrainingSession.Mode.ONLINE)
    user = attendee_of(session)
    with pytest.raises(ValidationError) as excinfo:
        live.attendance_heartbeat(session=session, user=user, now=START)
    assert _message(excinfo) == live.NOT_SIGNED_IN


def test_attendance_met_with_test_clock_clears_exam_blockers(settings, monkeypatch):
    """The browser journey's recipe: patch enrollment.clock.now, send heartbeats."""
    session, user = _online_signed_in(settings, interval=30)
    now = START
    monkeypatch.setattr(clock, "now", lambda: now)
    assert exam_blockers(enrolment=user.live_enrolment)
    while now < START + dt.timedelta(hours=3):
        now += dt.timedelta(seconds=30)
        live.attendance_heartbeat(session=session, user=user)
    assert exam_blockers(enrolment=user.live_enrolment) == []
    assert attendance_result(enrolment=user.live_enrolment).attended_minutes == 180


def test_online_early_sign_out_shows_left_early(settings):
    session, user = _online_signed_in(settings)
    live.attendance_heartbeat(
        session=session, user=user, now=START + dt.timedelta(seconds=20)
    )
    live.attendance_sign_out(
        session=session, user=user, now=START + dt.timedelta(seconds=30)
    )
    row = board_rows(session=session, now=START + MIN)[0]
    assert row["state"] == STATE_LEFT_EARLY and row["minutes"] == 0
    assert Attendance.objects.get().attended_seconds == 30


def test_manual_mark_needs_a_reason_and_is_audited():
    session = live_session()
    user = attendee_of(session)
    trainer = session.trainer_user
    with pytest.raises(ValidationError) as excinfo:
        live.attendance_mark_manual(
            session=session,
            actor=trainer,
            enrolment=user.live_enrolment,
            minutes=180,
            reason="  ",
        )
    assert _message(excinfo) == live.MANUAL_REASON_REQUIRED
    live.attendance_mark_manual(
        session=session,
        actor=trainer,
        enrolment=user.live_enrolment,
        minutes=180,
        reason="手机没电，讲师现场确认",
        now=START,
    )
    result = attendance_result(enrolment=user.live_enrolment, now=START)
    assert result.attended_minutes == 180 and result.status == journey.MET
    entry = AuditEntry.objects.get(action="live.attendance_manual")
    assert entry.actor == trainer and entry.detail["reason"] == "手机没电，讲师现场确认"


def test_manual_mark_minutes_are_bounded_by_the_session():
    session = live_session()
    user = attendee_of(session)
    with pytest.raises(ValidationError) as excinfo:
        live.attendance_mark_manual(
            session=session,
            actor=session.trainer_user,
            enrolment=user.live_enrolment,
            minutes=181,
            reason="补录",
        )
    assert _message(excinfo) == live.MANUAL_MINUTES_INVALID.format(max=180)
    assert not Attendance.objects.filter(manual_by__isnull=False).exists()


def test_window_changes_are_audited():
    session = live_session()
    _open(session)
    assert AuditEntry.objects.filter(action="live.signin_open").count() == 1


def test_board_counts_show_who_fell_short():
    session = live_session()
    short, full, absent = (
        attendee_of(session),
        attendee_of(session),
        attendee_of(session),
    )
    trainer = session.trainer_user
    for user, minutes in ((short, 90), (full, 180)):
        live.attendance_mark_manual(
            session=session,
            actor=trainer,
            enrolment=user.live_enrolment,
            minutes=minutes,
            reason="现场核对",
            now=START,
        )
    rows = board_rows(session=session, now=START + dt.timedelta(hours=4))
    counts = board_counts(rows=rows)
    assert counts == {
        "enrolled": 3,
        "signed_in": 2,
        "not_signed_in": 1,
        "left_early": 0,
        "met": 1,
        "short": 1,
    }
    by_id = {r["enrolment"]: r for r in rows}
    assert by_id[short.live_enrolment.pk]["met"] is False
    assert by_id[absent.live_enrolment.pk]["state"] == "absent"
