"""Every route refuses a POST without a CSRF token (403), for the role that could
otherwise use it. Views marked csrf_exempt must be listed here with the reason."""

import pytest
from django.test import Client
from django.urls import resolve, reverse

from .matrix import LOGIN, MATRIX
from .routes import project_routes
from .world import ROLES

ROUTES = project_routes()

# name -> why it may take a POST without a token. Keep empty unless unavoidable.
CSRF_EXEMPT: dict[str, str] = {}


def _best_role(spec) -> str:
    """The first role that gets past the view's own checks (else anonymous)."""
    for role in ROLES:
        if spec.expect[role] not in (404, LOGIN):
            return role
    return "anon"


def _client(world, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_csrf_exempt_views_are_listed_with_a_reason():
    exempt = set()
    for route in ROUTES:
        spec = MATRIX.get(route.name)
        if spec is None:
            continue  # test_matrix reports it
        url = reverse(route.name, kwargs=spec.kwargs(_FakeObjects()))
        if getattr(resolve(url).func, "csrf_exempt", False):
            exempt.add(route.name)
    assert exempt == set(CSRF_EXEMPT), (
        "csrf_exempt views must be listed in CSRF_EXEMPT with a reason"
    )


class _FakeObjects:
    """Stands in for the world when only the URL shape matters (pk 1 everywhere)."""

    def __getattr__(self, name):
        return self

    pk = 1
    token = "x"  # noqa: S105


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_post_without_csrf_token_is_refused(world, route):
    spec = MATRIX.get(route.name)
    assert spec is not None, f"add {route.name} to tests/security/matrix.py"
    if route.name in CSRF_EXEMPT:
        pytest.skip(CSRF_EXEMPT[route.name])
    role = _best_role(spec)
    url = reverse(route.name, kwargs=spec.kwargs(world.objects))
    response = _client(world, role).post(url, {})
    assert response.status_code == 403, (url, role, response.status_code)


@pytest.mark.django_db
def test_post_with_csrf_token_passes_the_check(world):
    # The control: the same kind of POST with its token is not refused.
    client = _client(world, "rep")
    client.get(reverse("accounts:notices"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("accounts:notices"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
