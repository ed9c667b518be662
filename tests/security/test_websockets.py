"""Every WebSocket route rejects a foreign (or missing) Origin and closes on an
anonymous user; roles out of scope are refused, roles in scope get through.

Routes come from config.routing.websocket_urlpatterns; one missing from WS_MATRIX
fails with a message saying where to add it.
"""

from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import URLPattern, URLResolver

from config.asgi import application
from config.routing import websocket_urlpatterns

from .world import world_build

pytestmark = pytest.mark.django_db(transaction=True)

ALLOWED_ORIGIN = "http://testserver"


@dataclass(frozen=True)
class WsSpec:
    path: object  # world.objects -> the path to connect to
    allowed: tuple[str, ...]  # roles that must get a connection
    refused: tuple[str, ...] = ()  # signed-in roles that must not


WS_MATRIX: dict[str, WsSpec] = {
    # Each user's own notice stream: every signed-in role may open it.
    "ws/notices/": WsSpec(
        path=lambda o: "/ws/notices/",
        allowed=("rep", "rep_other", "trainer", "county", "city"),
    ),
    # A live session: its attendee, its trainer and the offices over its region.
    "ws/live/<int:session_id>/": WsSpec(
        path=lambda o: f"/ws/live/{o.a.session.pk}/",
        allowed=("rep", "trainer", "county", "city"),
        refused=("rep_other", "trainer_other", "county_other"),
    ),
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


WS_ROUTES = sorted(_walk(websocket_urlpatterns))


def _session_cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


async def _connects(path: str, *, origin: str | None, cookie: str | None) -> bool:
    headers = [(b"host", b"testserver")]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=3)
    if connected:
        await communicator.disconnect()
    return connected


def test_every_websocket_route_is_in_the_matrix():
    missing = set(WS_ROUTES) - set(WS_MATRIX)
    assert not missing, (
        f"WebSocket routes {sorted(missing)} are not in WS_MATRIX "
        "(tests/security/test_websockets.py): add the path builder and the roles "
        "allowed and refused."
    )


@pytest.mark.parametrize("pattern", WS_ROUTES)
async def test_websocket_route_checks_origin_and_user(pattern):
    spec = WS_MATRIX.get(pattern)
    assert spec is not None, f"add {pattern} to WS_MATRIX"
    world = await sync_to_async(world_build)(courses=False)
    path = spec.path(world.objects)
    cookies = {
        role: await sync_to_async(_session_cookie_for)(world.users[role])
        for role in (*spec.allowed, *spec.refused)
    }
    insider = cookies[spec.allowed[0]]
    answers = {
        "foreign origin": await _connects(
            path, origin="http://evil.example.com", cookie=insider
        ),
        "no origin": await _connects(path, origin=None, cookie=insider),
        "anonymous": await _connects(path, origin=ALLOWED_ORIGIN, cookie=None),
    }
    for role in spec.refused:
        answers[role] = await _connects(
            path, origin=ALLOWED_ORIGIN, cookie=cookies[role]
        )
    assert not any(answers.values()), f"{pattern} let in: {answers}"
    for role in spec.allowed:
        assert await _connects(path, origin=ALLOWED_ORIGIN, cookie=cookies[role]), (
            f"{pattern} refused {role}, which is in scope"
        )
