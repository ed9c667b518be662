"""Pages as a person meets them, in a real browser."""

import threading

import pytest

from accounts.models import User
from common.validators import MOBILE_INVALID, make_uscc
from tests.browser.conftest import login
from tests.factories import RegionFactory, RepresentativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_representative_registers_on_a_phone(live_server_url, new_page):
    RegionFactory(code="01", name="海安市")
    page = new_page(phone=True)
    page.goto(f"{live_server_url}/enterprises/register/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.fill("input[name=real_name]", "李四")
    page.fill("input[name=mobile]", "12812345678")
    page.fill("input[name=password1]", "Xinyong#2026")
    page.fill("input[name=password2]", "Xinyong#2026")
    page.click("input[type=submit]")
    assert page.get_by_text(MOBILE_INVALID).is_visible()
    assert not User.objects.filter(username="12812345678").exists()

    page.fill("input[name=mobile]", "13812345678")
    page.fill("input[name=password1]", "Xinyong#2026")
    page.fill("input[name=password2]", "Xinyong#2026")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server_url}/enterprises/claim/")
    # Linked to nothing until a claim succeeds; the claim page offers both ways.
    assert User.objects.get(username="13812345678").enterprise is None
    good = make_uscc("91320621MA1ABCDE1")
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    page.fill("input[name=uscc]", wrong_check)
    page.get_by_role("button", name="获取验证码").click()
    assert page.get_by_text("统一社会信用代码校验位错误").first.is_visible()
    assert page.get_by_role("button", name="提交认领申请").is_visible()
    # Nothing on the page is wider than the phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


@pytest.mark.redis  # the notice is sent from this process, the page is on the server
def test_notice_badge_updates_live_over_websocket(live_server_url, new_page):
    from accounts.services import notify

    rep = RepresentativeFactory()
    page = new_page()
    login(page, live_server_url, rep.username, "pass-1234")
    badge = page.locator("#notice-count")
    assert badge.is_hidden()
    page.wait_for_selector("body[data-notice-socket=open]")
    # Playwright's loop owns this thread; send from another, as a server worker would.
    sender = threading.Thread(
        target=notify, kwargs={"users": [rep], "title": "报名成功"}
    )
    sender.start()
    sender.join()
    badge.wait_for(state="visible", timeout=5000)
    assert badge.inner_text() == "1"
