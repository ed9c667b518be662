"""The navbar per role, in Chinese by default and in English after switching."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.navigation import NAVIGATION, nav_items_for, nav_labels
from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    RepresentativeFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

# Per role: labels (Chinese, English) that must show, and URL names that must not.
EXPECTED = {
    RepresentativeFactory: (
        [("承诺书", "Commitment letters"), ("结业考试", "Completion exam")],
        ["reports:dashboard", "enterprises:import", "reports:audit"],
    ),
    TrainerFactory: (
        [("我的场次", "My sessions"), ("题库", "Question bank")],
        ["reports:dashboard", "enrollment:letters", "reports:audit"],
    ),
    CountyOfficerFactory: (
        [("数据看板", "Dashboard"), ("名单导入", "List import")],
        ["reports:audit", "enrollment:letters", "exams:papers"],
    ),
    CityOfficerFactory: (
        [("数据看板", "Dashboard"), ("审计日志", "Audit log")],
        ["enrollment:letters", "exams:papers"],
    ),
    AdminFactory: (
        [("审计日志", "Audit log"), ("企业档案", "Enterprise archive")],
        ["enrollment:letters", "enterprises:import"],
    ),
}


def _navbar(client) -> str:
    page = client.get(reverse("home")).content.decode()
    return page[page.index('id="mainNav"') : page.index("</nav>")]


@pytest.mark.parametrize("factory", list(EXPECTED), ids=lambda f: f.__name__)
def test_navigation_per_role_in_chinese_and_english(client, factory):
    shown, hidden = EXPECTED[factory]
    client.force_login(factory())
    navbar = _navbar(client)
    for chinese, _english in shown:
        assert chinese in navbar
    for name in hidden:
        assert f'href="{reverse(name)}"' not in navbar

    client.get(reverse("accounts:language_switch", args=["en"]), {"next": "/"})
    navbar = _navbar(client)
    for chinese, english in shown:
        assert english in navbar
        assert chinese not in navbar


def test_every_role_reaches_home_and_every_link_resolves():
    for role, entries in NAVIGATION.items():
        assert entries[0].url_name == "home", role
    user = CityOfficerFactory()
    urls = [item["url"] for item in nav_items_for(user=user) if item["url"]]
    urls += [c["url"] for i in nav_items_for(user=user) for c in i["children"]]
    assert reverse("reports:audit") in urls
    assert len(urls) == len(set(urls))


def test_nav_labels_are_the_chinese_source_strings_whatever_the_language():
    with translation.override("en"):
        labels = nav_labels()
    assert "首页" in labels
    assert "Home" not in labels


def test_visitors_get_no_navigation(client):
    response = client.get(reverse("home"))
    assert response.context["nav_items"] == []
