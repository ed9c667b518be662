"""Content-Security-Policy and the other security headers; no inline script in
any template; the WebSocket origin check with its scheme."""

import re
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import override_settings

from tests.factories import RepresentativeFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_security_headers(client):
    client.force_login(RepresentativeFactory())
    response = client.get("/")
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "ws://testserver" in policy["connect-src"]
    assert "wss://testserver" in policy["connect-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert _directives(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_sites_may_run_their_own_inline_scripts(admin_client):
    policy = _directives(admin_client.get("/django-admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            tag = match.group(0)
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: {tag}")
        for match in re.finditer(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path}: {match.group(0)}")
        if "javascript:" in text:
            offenders.append(f"{path}: javascript: URL")
    assert offenders == []


@pytest.mark.django_db(transaction=True)
@override_settings(WEBSOCKET_ORIGIN_SCHEMES=["https"])
@pytest.mark.parametrize(("origin", "code"), [("http", 1000), ("https", 4401)])
async def test_websocket_origin_must_use_the_allowed_scheme(origin, code):
    from config.asgi import application

    communicator = WebsocketCommunicator(
        application,
        "/ws/notices/",
        headers=[(b"origin", f"{origin}://testserver".encode())],
    )
    connected, closed_with = await communicator.connect()
    # A refused origin is closed by the validator (1000); an accepted one reaches
    # the consumer, which refuses the anonymous user with its own code (4401).
    assert (connected, closed_with) == (False, code)
    await communicator.disconnect()
