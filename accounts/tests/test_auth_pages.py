import pytest
from django.urls import reverse

from tests.factories import RepresentativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_language_switcher_offers_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=True
    )
    assert 'lang="en"' in response.content.decode()


def test_login_page_renders_and_logs_in(client):
    user = RepresentativeFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "pass-1234"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_password_change(client):
    user = RepresentativeFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pass-1234",
            "new_password1": "Changed#2026x",
            "new_password2": "Changed#2026x",
        },
    )
    assert response.status_code == 302
