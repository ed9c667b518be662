"""The exam page as a candidate meets it: a phone with touch, and a desktop keyboard."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from exams.models import Attempt
from exams.tests.factories import exam_setup
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def _start(page, base: str, user) -> Attempt:
    login(page, base, user.username, "pass-1234")
    page.goto(f"{base}/exams/mine/")
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_url("**/exams/attempts/*/")
    page.wait_for_selector("#exam[data-ready='1']")
    return Attempt.objects.get(candidate=user)


def _counts(page) -> tuple[int, int, int]:
    return tuple(
        int(page.inner_text(f"#count-{name}"))
        for name in ("answered", "unanswered", "flagged")
    )


def _visible_positions(page) -> list[str]:
    return page.eval_on_selector_all(
        "fieldset.question",
        "qs => qs.filter(q => q.offsetParent !== null).map(q => q.dataset.position)",
    )


def _swipe(page, *, dx: int) -> None:
    """A real touch gesture through the DevTools protocol (touch emulation on)."""
    cdp = page.context.new_cdp_session(page)
    x, y = 190 if dx < 0 else 80, 400
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 6):
        point = {"x": x + dx * step // 5, "y": y}
        cdp.send(touch, {"type": "touchMove", "touchPoints": [point]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})


def _state(page, position: int):
    return page.locator(f"#q{_qid(page, position)} .answer-state")


def _first_option(page, position: int):
    return page.locator(f"fieldset.question[data-position='{position}'] input").first


def test_exam_on_a_phone_is_one_question_per_screen_with_a_navigator(
    live_server_url, new_page
):
    paper, user, enrolment = exam_setup()
    page = new_page(phone=True, touch=True)
    _start(page, live_server_url, user)
    assert _visible_positions(page) == ["1"]
    assert _counts(page) == (0, 5, 0)
    expect(page.locator("#timer")).to_be_visible()

    # Answer 1: the question shows its own save state, the navigator counts it.
    page.locator("fieldset.question[data-position='1'] label").first.tap()
    expect(_state(page, 1)).to_have_text("已保存")
    assert _counts(page) == (1, 4, 0)
    assert page.inner_text("#count-answered-bar") == "1"

    # Swipe left → question 2; flag it (标记); 下一题 → question 3, answer it.
    _swipe(page, dx=-150)
    assert _visible_positions(page) == ["2"]
    page.locator("fieldset.question[data-position='2'] .flag-btn").tap()
    assert _counts(page) == (1, 4, 1)
    page.tap("#next-q")
    assert _visible_positions(page) == ["3"]
    _first_option(page, 3).check()
    expect(_state(page, 3)).to_have_text("已保存")
    # Swipe right goes back.
    _swipe(page, dx=150)
    assert _visible_positions(page) == ["2"]

    # The navigator grid: answered, unanswered, flagged; tapping 5 jumps there.
    page.get_by_role("button", name="题目导航").first.tap()
    page.wait_for_selector("#exam-nav.collapse.show")
    grid = page.locator("#qnav .qnav-btn")
    expect(grid.nth(4)).to_be_visible()
    classes = [grid.nth(i).get_attribute("class") for i in range(5)]
    assert ["answered" in c for c in classes] == [True, False, True, False, False]
    assert ["flagged" in c for c in classes] == [False, True, False, False, False]
    assert _counts(page) == (2, 3, 1)
    grid.nth(4).tap()
    assert _visible_positions(page) == ["5"]
    expect(page.locator("#exam-nav")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "exam-375.png"))

    # Hand-in asks first and lists what is unanswered and flagged.
    page.locator("#exam-form > button[type=submit]").tap()
    modal = page.locator("#handin-modal")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text("共 5 题，已答 2 题，未答 3 题。")
    assert page.locator("#handin-unanswered li").all_inner_texts() == ["2", "4", "5"]
    assert page.locator("#handin-flagged li").all_inner_texts() == ["2"]
    modal.get_by_role("button", name="返回作答").tap()
    expect(modal).to_be_hidden()
    attempt = Attempt.objects.get(candidate=user)
    assert attempt.status == Attempt.Status.OPEN

    # A reload keeps answers (server) and flags (this browser).
    page.reload()
    page.wait_for_selector("#exam[data-ready='1']")
    assert _counts(page) == (2, 3, 1)
    page.locator("#exam-form > button[type=submit]").tap()
    page.tap("#handin-confirm")
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


def _qid(page, position: int) -> str:
    return page.get_attribute(
        f"fieldset.question[data-position='{position}']", "data-question"
    )


def test_exam_on_a_desktop_with_the_keyboard_alone(live_server_url, new_page):
    paper, user, enrolment = exam_setup()
    page = new_page()
    attempt = _start(page, live_server_url, user)
    # Side panel beside the questions, every question on one page.
    nav = page.locator("#exam-nav").bounding_box()
    first = page.locator("fieldset.question").first.bounding_box()
    assert nav["x"] > first["x"] + first["width"] - 1
    assert len(_visible_positions(page)) == 5

    # Tab to the first answer, Space to choose, arrow key to change it.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == f"q{_qid(page, 1)}":
            break
    else:
        pytest.fail("Tab never reached the first question's options")
    page.keyboard.press("Space")
    expect(_state(page, 1)).to_have_text("已保存")
    assert _counts(page) == (1, 4, 0)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#count-answered")).to_have_text("1")
    # Tab on to its 标记 button, Enter flags it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('flag-btn')"):
            break
    page.keyboard.press("Enter")
    assert _counts(page) == (1, 4, 1)
    assert "flagged" in page.locator("#qnav .qnav-btn").first.get_attribute("class")
    # The navigator's buttons move the focus to the chosen question.
    page.locator("#qnav .qnav-btn").nth(3).focus()
    page.keyboard.press("Enter")
    focused = "document.activeElement.closest('fieldset').dataset.position"
    assert page.evaluate(focused) == "4"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "exam-1280.png"))

    # Hand-in from the keyboard: the confirmation opens, Escape returns.
    page.locator("#exam-nav button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#handin-modal")).to_be_visible()
    unanswered = page.locator("#handin-unanswered li").all_inner_texts()
    assert unanswered == ["2", "3", "4", "5"]
    expect(page.get_by_role("button", name="返回作答")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#handin-modal")).to_be_hidden()
    saved = Attempt.objects.get(pk=attempt.pk).items.get(position=1)
    assert len(saved.answer) == 1


def test_exam_timer_warns_at_five_and_at_one_minute(live_server_url, new_page):
    paper, user, enrolment = exam_setup()
    page = new_page()
    attempt = _start(page, live_server_url, user)
    warning = page.locator("#time-warning")
    expect(warning).to_be_hidden()
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + datetime.timedelta(seconds=75)
    )
    page.clock.install()
    page.reload()
    page.wait_for_selector("#exam[data-ready='1']")
    expect(warning).to_have_text("还剩 5 分钟，请抓紧作答。")
    expect(page.locator("#timer")).to_have_class(
        "badge bg-warning text-dark fs-6 font-monospace"
    )
    page.clock.run_for(20_000)
    expect(warning).to_have_text("还剩 1 分钟，到时将自动交卷。")
    expect(page.locator("#timer")).to_have_class("badge bg-danger fs-6 font-monospace")
