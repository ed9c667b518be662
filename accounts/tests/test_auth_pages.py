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


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_language_switch_reads_each_language_in_its_own_name(client, language):
    client.cookies["django_language"] = language
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="zh-hans">简体中文</a>' in page
    assert 'lang="en">English</a>' in page
    assert "英语" not in page
