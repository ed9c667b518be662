"""The trainer's live console as the room meets it: projector view, roster filters,
and an online attendee's minutes counting up, all over the real WebSocket."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from enrollment.models import TrainingSession
from enrollment.tests.live_factories import attendee_of, live_session
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


@pytest.fixture
def clock_file(settings, tmp_path):
    """A test clock the live server (forked after this) honours; starts at +0 s.
    Heartbeats every 100 s, so one moved-clock step of 90 s counts as presence."""
    path = tmp_path / "clock-offset"
    path.write_text("0")
    settings.TEST_CLOCK_ENABLED = True
    settings.TEST_CLOCK_FILE = str(path)
    settings.PRESENCE_HEARTBEAT_SECONDS = 100
    return path


@pytest.fixture
def server(clock_file, live_server_url):
    return live_server_url


def _started(mode):
    return live_session(
        mode=mode, starts_at=timezone.now() - datetime.timedelta(minutes=10)
    )


def _console(page, base, session):
    login(page, base, session.trainer_user.username, "pass-1234")
    page.goto(f"{base}/training/live/{session.pk}/console/")
    expect(page.locator("#live-conn")).to_have_text("实时")


def test_projector_view_updates_when_an_attendee_signs_in(server, new_page):
    session = _started(TrainingSession.Mode.OFFLINE)
    rep = attendee_of(session)
    other = attendee_of(session)
    trainer = new_page()
    _console(trainer, server, session)
    trainer.click("button[data-ws-action=open_signin]")
    expect(trainer.locator("#live-signin-open")).to_have_text("开放中")

    trainer.click("#projector-open")
    projector = trainer.locator("#projector")
    expect(projector).to_be_visible()
    box = projector.bounding_box()
    assert box["width"] >= 1280 and box["height"] >= 900
    expect(projector.locator("[data-count=signed_in]")).to_have_text("0")
    expect(projector.locator("[data-count=enrolled]")).to_have_text("2")
    expect(projector.locator("[data-live=signin-state]")).to_have_text("开放中")
    assert projector.locator("[data-live=qr] svg").count() == 1
    seconds = int(projector.locator("[data-live=seconds]").inner_text())
    assert 0 <= seconds <= settings.SIGNIN_CODE_WINDOW_SECONDS
    code = projector.locator("[data-live=code]").inner_text()
    assert code == trainer.locator("#live-code").inner_text() and len(code) >= 4
    trainer.evaluate("window.__noReload = 1")

    # A representative signs in on a phone over the WebSocket with the projected code.
    phone = new_page(phone=True, touch=True)
    login(phone, server, rep.username, "pass-1234")
    phone.goto(f"{server}/training/live/{session.pk}/")
    expect(phone.locator("#live-conn")).to_have_text("已连接")
    phone.fill("#live-code", projector.locator("[data-live=code]").inner_text())
    phone.tap("#live-sign-in")
    expect(projector.locator("[data-count=signed_in]")).to_have_text("1")
    expect(projector.locator("[data-count=not_signed_in]")).to_have_text("1")
    assert trainer.evaluate("window.__noReload") == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    trainer.screenshot(path=str(SCREENSHOTS / "console-projector-1280.png"))
    trainer.keyboard.press("Escape")
    expect(projector).to_be_hidden()

    # Live roster filters: 未签到 shows only the other enterprise; search narrows.
    board = trainer.locator("#live-board tbody tr:visible")
    expect(board).to_have_count(2)
    trainer.click("[data-filter=absent]")
    expect(board).to_have_count(1)
    expect(board.first).to_contain_text(other.enterprise.name)
    expect(trainer.locator("[data-filter-count=absent]")).to_have_text("1")
    trainer.click("[data-filter=in]")
    expect(board).to_have_count(1)
    expect(board.first).to_contain_text(rep.enterprise.name)
    trainer.click("[data-filter=all]")
    trainer.fill("#live-search", other.enterprise.name[-6:])
    expect(board).to_have_count(1)
    trainer.fill("#live-search", "")
    expect(board).to_have_count(2)
    trainer.screenshot(path=str(SCREENSHOTS / "console-1280.png"), full_page=True)

    small = new_page(phone=True)
    _console(small, server, session)
    assert small.evaluate("document.documentElement.scrollWidth") <= 375
    small.screenshot(path=str(SCREENSHOTS / "console-375.png"), full_page=True)
    small.click("#projector-open")
    expect(small.locator("#projector [data-count=signed_in]")).to_have_text("1")
    small.screenshot(path=str(SCREENSHOTS / "console-projector-375.png"))


def test_online_attendee_sees_how_minutes_count_and_the_total_rise(
    server, clock_file, new_page
):
    session = _started(TrainingSession.Mode.ONLINE)
    rep = attendee_of(session)
    trainer = new_page()
    _console(trainer, server, session)
    expect(trainer.locator("#online-minutes-note")).to_be_visible()
    trainer.click("button[data-ws-action=open_signin]")
    expect(trainer.locator("#live-signin-open")).to_have_text("开放中")

    phone = new_page(phone=True, touch=True)
    phone.clock.install()
    login(phone, server, rep.username, "pass-1234")
    phone.goto(f"{server}/training/live/{session.pk}/")
    expect(phone.locator("#live-conn")).to_have_text("已连接")
    note = phone.locator("#online-minutes-note")
    expect(note).to_contain_text("页面每 100 秒自动向平台报到一次")
    expect(note).to_contain_text("超过 200 秒")
    expect(note).to_contain_text("累计满 180 分钟即学时达标")
    phone.fill("#live-code", trainer.locator("#live-code").inner_text())
    phone.tap("#live-sign-in")
    expect(phone.locator("#live-state")).to_have_text("已签到")
    expect(phone.locator("#live-minutes")).to_have_text("0")

    # 90 s pass on the server; the page's next heartbeat credits them.
    clock_file.write_text("90")
    phone.clock.run_for(101_000)
    expect(phone.locator("#live-minutes")).to_have_text("1")
    expect(phone.locator("#live-last-beat")).to_contain_text("上次报到")
    row = trainer.locator(f"#live-board tr[data-enrolment='{rep.live_enrolment.pk}']")
    expect(row.locator("td").nth(4)).to_have_text("1/180")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
