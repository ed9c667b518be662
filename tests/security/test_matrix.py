"""Every route × every role answers the status the matrix expects.

The routes come from the URL configuration, so a new view that is not in
tests/security/matrix.py fails here until someone decides who may see it.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from .matrix import LOGIN, MATRIX
from .routes import project_routes
from .world import ROLES

ROUTES = project_routes()
MISSING_HELP = (
    "Route {name!r} ({pattern}) is not in the security matrix. Add it to MATRIX in "
    "tests/security/matrix.py: URL kwargs built from the world "
    "(tests/security/world.py), the method, and the status each role must get."
)
# A few quick cells run in the smoke subset.
SMOKE = {
    ("home", "anon"),
    ("enterprises:detail", "rep"),
    ("enterprises:detail", "rep_other"),
    ("enterprises:detail", "county_other"),
    ("enrollment:enrolment_detail", "trainer_other"),
    ("exams:take", "rep_other"),
}


def _cells():
    for route in ROUTES:
        for role in ROLES:
            marks = [pytest.mark.smoke] if (route.name, role) in SMOKE else []
            yield pytest.param(route, role, id=f"{route.name}-{role}", marks=marks)


def _client_for(world, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def test_every_route_is_in_the_matrix():
    missing = [r for r in ROUTES if r.name not in MATRIX]
    assert not missing, "\n".join(
        MISSING_HELP.format(name=r.name, pattern=r.pattern) for r in missing
    )


def test_matrix_names_no_stale_routes():
    known = {r.name for r in ROUTES}
    assert not set(MATRIX) - known, "remove these from MATRIX: routes are gone"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), list(_cells()))
def test_route_answers_role_as_expected(world, route, role):
    spec = MATRIX.get(route.name)
    assert spec is not None, MISSING_HELP.format(name=route.name, pattern=route.pattern)
    url = reverse(route.name, kwargs=spec.kwargs(world.objects))
    client = _client_for(world, role)
    response = getattr(client, spec.method)(url, spec.data or {})
    expected = spec.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, (url, response.status_code)
        login = resolve_url(settings.LOGIN_URL)
        assert response["Location"].startswith(login + "?next="), response["Location"]
        return
    assert response.status_code == expected, (
        f"{spec.method.upper()} {url} as {role}: got {response.status_code}, "
        f"matrix says {expected}"
    )
    if response.status_code == 200 and spec.leak_check:
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        leaked = [m for m in world.foreign[role] if m in text]
        assert not leaked, f"{url} shows {role} out-of-scope data: {leaked}"
