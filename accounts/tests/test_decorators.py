"""The one role gate: visitors log in, other roles get a 404, listed roles pass."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.decorators import OFFICE_ROLES, role_required
from accounts.models import User
from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    RepresentativeFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


@role_required(*OFFICE_ROLES)
def _office_view(request):
    return HttpResponse("ok")


def _get(user):
    request = RequestFactory().get("/office/")
    request.user = user
    return _office_view(request)


def test_visitor_is_sent_to_the_login_page():
    response = _get(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("factory", [RepresentativeFactory, TrainerFactory])
def test_other_roles_get_a_404(factory):
    with pytest.raises(Http404):
        _get(factory())


@pytest.mark.parametrize(
    "factory", [CountyOfficerFactory, CityOfficerFactory, AdminFactory]
)
def test_listed_roles_and_superusers_pass(factory):
    assert _get(factory()).content == b"ok"


def test_admin_role_without_superuser_passes_only_where_listed():
    admin = TrainerFactory(role=User.Role.ADMIN, agency=None)
    with pytest.raises(Http404):
        _get(admin)
    view = role_required(User.Role.ADMIN)(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/")
    request.user = admin
    assert view(request).status_code == 200


def test_the_gate_keeps_the_view_name():
    assert _office_view.__name__ == "_office_view"
