"""WebSocket smoke tests through the full ASGI router (origin check, auth, routing)."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from accounts.consumers import CLOSE_UNAUTHENTICATED
from accounts.services import notify
from config.asgi import application
from tests.factories import RepresentativeFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.smoke]


def _session_cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _communicator(origin: str, cookie: str | None = None) -> WebsocketCommunicator:
    headers = [(b"origin", origin.encode()), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, "/ws/notices/", headers=headers)


async def test_authenticated_user_with_allowed_origin_is_accepted():
    user = await sync_to_async(RepresentativeFactory)()
    cookie = await sync_to_async(_session_cookie_for)(user)
    communicator = _communicator("http://testserver", cookie)
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from()
    assert hello == {"type": "hello", "user": user.pk}
    await sync_to_async(notify)(users=[user], title="报名成功")
    pushed = await communicator.receive_json_from(timeout=2)
    assert pushed["type"] == "notice" and pushed["title"] == "报名成功"
    await communicator.disconnect()


async def test_foreign_origin_is_rejected():
    user = await sync_to_async(RepresentativeFactory)()
    cookie = await sync_to_async(_session_cookie_for)(user)
    communicator = _communicator("http://evil.example.com", cookie)
    connected, _ = await communicator.connect()
    assert not connected


async def test_anonymous_user_is_closed_with_code():
    communicator = _communicator("http://testserver")
    connected, code = await communicator.connect()
    assert not connected
    assert code == CLOSE_UNAUTHENTICATED
