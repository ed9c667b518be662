import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

ROLE_FACTORIES = {
    "enterprise": RepresentativeFactory,
    "trainer": TrainerFactory,
    "county": CountyOfficerFactory,
    "city": CityOfficerFactory,
    "admin": AdminFactory,
}


@pytest.mark.parametrize("role", list(ROLE_FACTORIES))
def test_home_page_query_count_is_bounded(client, django_assert_max_num_queries, role):
    for code in ("01", "02", "03"):
        region = RegionFactory(code=code)
        EnterpriseFactory.create_batch(3, region=region)
    user = ROLE_FACTORIES[role]()
    client.force_login(user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "接下来要做的事" in response.content.decode() or role == "admin"


def test_home_page_is_chinese_by_default(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
    assert "信用修复培训考试平台" in response.content.decode()


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
    user.refresh_from_db()
    assert user.check_password("Changed#2026x")


def test_language_switch_by_link_sets_cookie_and_language(client):
    url = reverse("accounts:language_switch", args=["en"])
    response = client.get(url, {"next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()
    client.get(reverse("accounts:language_switch", args=["zh-hans"]), {"next": "/"})
    assert 'lang="zh-hans"' in client.get(reverse("home")).content.decode()


def test_language_switch_ignores_offsite_next(client):
    url = reverse("accounts:language_switch", args=["en"])
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get(url, {"next": unsafe})
        assert response["Location"] == "/"


def test_language_switch_rejects_unknown_language_and_post(client):
    assert (
        client.get(reverse("accounts:language_switch", args=["fr"])).status_code == 404
    )
    url = reverse("accounts:language_switch", args=["en"])
    assert client.post(url).status_code == 405


def test_anonymous_navbar_switches_language_without_csrf_token(client):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    switch = reverse("accounts:language_switch", args=["en"])
    assert f'href="{switch}?next=/accounts/login/"' in html
    home = client.get(reverse("home"))
    assert "csrfmiddlewaretoken" not in home.content.decode()
    assert "csrftoken" not in home.cookies


def test_an_english_browser_still_gets_chinese_until_the_user_switches(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
    client.get(reverse("accounts:language_switch", args=["en"]))
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="en"' in response.content.decode()
