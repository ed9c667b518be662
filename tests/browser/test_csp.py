"""No page logs a Content-Security-Policy violation in a real browser.

Every GET route of the security matrix that answers a role with an HTML page is
opened in chromium as that role (representative, trainer, county and city office);
chromium reports each CSP violation on the console ("Refused to ... because it
violates the following Content Security Policy directive").
"""

import threading

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import login
from tests.security.matrix import MATRIX
from tests.security.routes import project_routes
from tests.security.world import world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("rep", "trainer", "county", "city")


def _html_pages(world, role):
    """(name, url) of the GET routes answering `role` with an HTML page."""
    client = Client()
    client.force_login(world.users[role])
    for route in project_routes():
        spec = MATRIX[route.name]
        if spec.method != "get" or spec.expect[role] != 200:
            continue
        url = reverse(route.name, kwargs=spec.kwargs(world.objects))
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith(
            "text/html"
        ):
            yield route.name, url


def _in_thread(function, *args):
    """Run Django work off Playwright's thread, whose event loop forbids sync calls
    into async code (notices' live push, the channel layer)."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(value=function(*args)))
    worker.start()
    worker.join()
    return result["value"]


def _prepare():
    world = world_build()
    pages = {}
    for role in ROLES:
        user = world.users[role]
        user.set_password("pass-1234")
        user.save()
        pages[role] = [
            url for name, url in _html_pages(world, role) if name != "healthz"
        ]
    return world, pages


def _watch(page, role, violations):
    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{role} {page.url}: {message.text[:200]}")

    page.on("console", on_console)


def test_no_page_logs_a_csp_violation(live_server_url, new_page):
    world, pages = _in_thread(_prepare)
    violations = []
    for role in ROLES:
        page = new_page()
        _watch(page, role, violations)
        login(page, live_server_url, world.users[role].username, "pass-1234")
        assert len(pages[role]) > 5
        for url in pages[role]:
            page.goto(f"{live_server_url}{url}")
            page.wait_for_load_state("networkidle")
        page.close()
    assert violations == []
