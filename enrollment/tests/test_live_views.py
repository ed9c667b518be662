"""HTTP fallback, QR landing and the live pages: same services, same refusals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEntry
from enrollment import live
from enrollment.live import signin_code_for
from enrollment.models import Attendance
from enrollment.tests.live_factories import attendee_of, live_session
from tests.factories import CountyOfficerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running():
    session = live_session(starts_at=timezone.now() - dt.timedelta(minutes=5))
    attendee = attendee_of(session)
    live.signin_window_open(session=session, actor=session.trainer_user)
    return session, attendee


def _act(client, session, **data):
    return client.post(
        reverse("enrollment:live_attendee_action", args=[session.pk]),
        data,
        HTTP_X_REQUESTED_WITH="fetch",
    )


@pytest.mark.smoke
def test_http_fallback_signs_in_under_the_same_rules(client, running):
    session, attendee = running
    client.force_login(attendee)
    refused = _act(client, session, action="sign_in", code="ZZZZZZ")
    assert refused.status_code == 400
    assert refused.json()["message"] == live.CODE_INVALID
    code = signin_code_for(session=session)
    response = _act(client, session, action="sign_in", code=code)
    assert response.json()["state"]["signed_in"] is True
    assert Attendance.objects.get().signin_method == Attendance.Method.HTTP


def test_http_fallback_without_javascript_redirects_with_a_message(client, running):
    session, attendee = running
    client.force_login(attendee)
    response = client.post(
        reverse("enrollment:live_attendee_action", args=[session.pk]),
        {"action": "sign_in", "code": "ZZZZZZ"},
        follow=True,
    )
    assert live.CODE_INVALID in response.content.decode()


def test_scanning_the_qr_code_signs_a_logged_in_phone_in(client, running):
    session, attendee = running
    client.force_login(attendee)
    code = signin_code_for(session=session)
    response = client.get(
        reverse("enrollment:live_scan", args=[session.pk]), {"c": code}, follow=True
    )
    assert "签到成功" in response.content.decode()
    assert Attendance.objects.get().signin_method == Attendance.Method.QR


def test_scan_with_an_expired_code_is_refused(client, running, settings):
    session, attendee = running
    client.force_login(attendee)
    old = signin_code_for(
        session=session, at=timezone.now() - dt.timedelta(seconds=3 * 30)
    )
    response = client.get(
        reverse("enrollment:live_scan", args=[session.pk]), {"c": old}, follow=True
    )
    assert live.CODE_INVALID in response.content.decode()
    assert not Attendance.objects.filter(signed_in_at__isnull=False).exists()


def test_attendee_page_of_another_session_answers_404(client, running):
    session, _ = running
    stranger = attendee_of(live_session())
    client.force_login(stranger)
    url = reverse("enrollment:live_attendee", args=[session.pk])
    assert client.get(url).status_code == 404


def test_console_shows_code_and_qr_to_its_trainer_only(client, running):
    session, attendee = running
    client.force_login(session.trainer_user)
    page = client.get(reverse("enrollment:live_console", args=[session.pk]))
    assert page.status_code == 200
    assert signin_code_for(session=session) in page.content.decode()
    assert "<svg" in page.content.decode()
    for other in (attendee, TrainerFactory()):
        client.force_login(other)
        url = reverse("enrollment:live_console", args=[session.pk])
        assert client.get(url).status_code == 404


def test_office_sees_read_only_board_in_its_region_only(client, running):
    session, _ = running
    officer = CountyOfficerFactory(office__region=session.plan_line.region)
    client.force_login(officer)
    listing = client.get(reverse("enrollment:live_office_list"))
    assert session.title in listing.content.decode()
    board = client.get(reverse("enrollment:live_board", args=[session.pk]))
    assert board.status_code == 200 and "补录" not in board.content.decode()
    client.force_login(CountyOfficerFactory())
    listing = client.get(reverse("enrollment:live_office_list"))
    assert session.title not in listing.content.decode()
    url = reverse("enrollment:live_board", args=[session.pk])
    assert client.get(url).status_code == 404


def test_manual_mark_without_reason_changes_nothing(client, running):
    session, attendee = running
    client.force_login(session.trainer_user)
    url = reverse("enrollment:live_mark", args=[session.pk])
    enrolment = attendee.live_enrolment.pk
    response = client.post(url, {"enrolment": enrolment, "minutes": 180}, follow=True)
    assert live.MANUAL_REASON_REQUIRED in response.content.decode()
    assert not Attendance.objects.filter(manual_by__isnull=False).exists()
    client.post(url, {"enrolment": enrolment, "minutes": 180, "reason": "现场确认"})
    assert Attendance.objects.get().attended_seconds == 180 * 60
    assert AuditEntry.objects.filter(action="live.attendance_manual").exists()


def test_console_buttons_work_without_javascript(client, running):
    session, _ = running
    client.force_login(session.trainer_user)
    client.post(reverse("enrollment:live_window", args=[session.pk, "close_signin"]))
    session.refresh_from_db()
    assert session.signin_closed_at is not None


def test_attendee_page_shows_state_and_required_minutes(client, running):
    session, attendee = running
    client.force_login(attendee)
    page = client.get(reverse("enrollment:live_attendee", args=[session.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "未签到" in body and "/ 180" in body and "live_attendee.js" in body
