"""Each role's home page and navigation in a real browser, on a phone and a desktop."""

import pytest

from tests.browser.conftest import login
from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    RepresentativeFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# role factory -> (what the home page shows, a navigation label of that role)
HOMES = {
    RepresentativeFactory: ("#journey-steps", "承诺书"),
    TrainerFactory: ("#workbench", "我的场次"),
    CountyOfficerFactory: ("#workbench", "数据看板"),
    CityOfficerFactory: ("#workbench", "审计日志"),
    AdminFactory: ("a[href='/django-admin/']", "审计日志"),
}


def test_every_role_meets_its_home_and_navigation_on_phone_and_desktop(
    live_server_url, new_page
):
    for factory, (marker, label) in HOMES.items():
        user = factory()
        for phone in (True, False):
            page = new_page(phone=phone)
            login(page, live_server_url, user.username, "pass-1234")
            assert page.locator(marker).first.is_visible(), factory.__name__
            nav = page.locator("#mainNav")
            if phone:
                assert not nav.is_visible()
                page.click("button.navbar-toggler")
                nav.wait_for(state="visible")
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 375, factory.__name__
            assert nav.get_by_text(label, exact=True).first.is_visible()
