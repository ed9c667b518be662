"""Live sockets through the full ASGI app (origin check, session auth, routing)."""

import datetime as dt

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from config.asgi import application
from enrollment import live
from enrollment.live import (
    CLOSE_NOT_IN_SESSION,
    CLOSE_UNAUTHENTICATED,
    UNKNOWN_ACTION,
    signin_code_for,
)
from enrollment.models import Attendance, TrainingSession
from enrollment.tests.live_factories import attendee_of, live_session
from tests.factories import CountyOfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


async def _connect(session_id, user=None, origin="http://testserver"):
    headers = [(b"origin", origin.encode()), (b"host", b"testserver")]
    if user is not None:
        cookie = await sync_to_async(session_cookie_for)(user)
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(
        application, f"/ws/live/{session_id}/", headers=headers
    )
    connected, code = await communicator.connect()
    return communicator, connected, code


@sync_to_async
def _running_session(mode=TrainingSession.Mode.OFFLINE, open_signin=True):
    session = live_session(
        mode=mode, starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    attendee = attendee_of(session)
    if open_signin:
        live.signin_window_open(session=session, actor=session.trainer_user)
    return session, attendee


@pytest.mark.smoke
async def test_anonymous_socket_is_closed_with_a_code():
    session, _ = await _running_session()
    _, connected, code = await _connect(session.pk)
    assert not connected and code == CLOSE_UNAUTHENTICATED


async def test_foreign_origin_is_rejected():
    session, attendee = await _running_session()
    _, connected, _ = await _connect(session.pk, attendee, origin="http://evil.example")
    assert not connected


async def test_attendee_of_another_session_is_closed():
    session, _ = await _running_session()
    _, stranger = await _running_session()
    _, connected, code = await _connect(session.pk, stranger)
    assert not connected and code == CLOSE_NOT_IN_SESSION


@pytest.mark.smoke
async def test_sign_in_over_socket_reaches_the_trainer_board():
    session, attendee = await _running_session()
    board, connected, _ = await _connect(session.pk, session.trainer_user)
    assert connected
    hello = await board.receive_json_from()
    assert hello["role"] == "trainer" and hello["counts"]["not_signed_in"] == 1
    page, connected, _ = await _connect(session.pk, attendee)
    hello = await page.receive_json_from()
    assert hello["state"]["signed_in"] is False and hello["signin_open"] is True
    code = await sync_to_async(signin_code_for)(session=session)
    await page.send_json_to({"action": "sign_in", "code": code, "ref": 1})
    reply = await page.receive_json_from()
    assert reply["type"] == "signed_in" and reply["ref"] == 1
    assert reply["state"]["signed_in"] is True
    pushed = await board.receive_json_from(timeout=2)
    assert pushed["type"] == "board.row" and pushed["row"]["state"] == "present"
    await page.disconnect()
    await board.disconnect()


async def test_wrong_code_over_socket_gets_the_message():
    session, attendee = await _running_session()
    page, _, _ = await _connect(session.pk, attendee)
    await page.receive_json_from()
    await page.send_json_to({"action": "sign_in", "code": "ZZZZZZ"})
    reply = await page.receive_json_from()
    assert reply == {"type": "error", "action": "sign_in", "message": live.CODE_INVALID}
    await page.disconnect()


async def test_sign_in_before_window_opens_is_refused_over_socket():
    session, attendee = await _running_session(open_signin=False)
    page, _, _ = await _connect(session.pk, attendee)
    await page.receive_json_from()
    code = await sync_to_async(signin_code_for)(session=session)
    await page.send_json_to({"action": "sign_in", "code": code})
    reply = await page.receive_json_from()
    assert reply["message"] == live.SIGNIN_NOT_OPEN


async def test_reconnect_resumes_and_second_sign_in_changes_nothing():
    session, attendee = await _running_session(mode=TrainingSession.Mode.ONLINE)
    page, _, _ = await _connect(session.pk, attendee)
    await page.receive_json_from()
    code = await sync_to_async(signin_code_for)(session=session)
    await page.send_json_to({"action": "sign_in", "code": code})
    assert (await page.receive_json_from())["type"] == "signed_in"
    await page.disconnect()
    first = await sync_to_async(Attendance.objects.get)()
    again, _, _ = await _connect(session.pk, attendee)
    hello = await again.receive_json_from()
    assert hello["state"]["signed_in"] is True
    await again.send_json_to({"action": "sign_in", "code": "ZZZZZZ"})
    assert (await again.receive_json_from())["type"] == "signed_in"
    await again.send_json_to({"action": "heartbeat", "ref": "hb"})
    beat = None
    while beat is None or beat.get("ref") != "hb":
        beat = await again.receive_json_from()
    assert beat["type"] == "heartbeat"
    second = await sync_to_async(Attendance.objects.get)()
    assert second.signed_in_at == first.signed_in_at
    assert second.last_seen_at > first.last_seen_at
    await again.disconnect()


async def test_trainer_opening_signout_reaches_attendees_and_attendee_cannot():
    session, attendee = await _running_session()
    page, _, _ = await _connect(session.pk, attendee)
    await page.receive_json_from()
    await page.send_json_to({"action": "open_signout"})
    assert (await page.receive_json_from())["message"] == UNKNOWN_ACTION
    console, _, _ = await _connect(session.pk, session.trainer_user)
    await console.receive_json_from()
    await console.send_json_to({"action": "open_signout"})
    pushed = await page.receive_json_from(timeout=2)
    assert pushed == {"type": "windows", "signin_open": True, "signout_open": True}
    await console.send_json_to({"action": "code"})
    replies = [await console.receive_json_from() for _ in range(3)]
    code = next(r for r in replies if r["type"] == "code")
    assert code["code"] in code["url"] and code["qr_svg"].startswith("<svg")


async def test_office_board_is_read_only():
    session, _ = await _running_session()
    officer = await sync_to_async(CountyOfficerFactory)(
        office__region=session.plan_line.region
    )
    board, connected, _ = await _connect(session.pk, officer)
    assert connected
    hello = await board.receive_json_from()
    assert hello["role"] == "office" and len(hello["rows"]) == 1
    await board.send_json_to({"action": "open_signin"})
    assert (await board.receive_json_from())["message"] == UNKNOWN_ACTION
    other = await sync_to_async(CountyOfficerFactory)()
    _, connected, code = await _connect(session.pk, other)
    assert not connected and code == CLOSE_NOT_IN_SESSION
