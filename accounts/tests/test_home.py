import pytest
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
    with django_assert_max_num_queries(12):
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
