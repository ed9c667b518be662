"""Lists on a phone: one card per row, nothing wider than the screen, no text squeezed
into a sliver (the 海安恒达… name used to wrap one character per line)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    CityOfficerFactory,
    EnrolmentFactory,
    EnterpriseFactory,
    PlanLineFactory,
    RegionFactory,
    TrainerFactory,
    TrainingSessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "海安恒达机械制造有限公司"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"

# Every element's right edge inside the viewport, and every text cell at least four
# characters (4em of its own font) wide; returns the offenders.
LAYOUT_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth, problems = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === "hidden") continue;
    if (el.closest(".visually-hidden, thead")) continue;
    if (box.right > width + 1 || box.left < -1) {
      problems.push(`wide: ${el.tagName}.${el.className} ${Math.round(box.right)}`);
    }
  }
  for (const cell of document.querySelectorAll("td, th")) {
    const box = cell.getBoundingClientRect();
    if (!box.width || !cell.textContent.trim() || cell.closest("thead")) continue;
    const em = parseFloat(getComputedStyle(cell).fontSize);
    if (box.width < 4 * em) {
      problems.push(`narrow: ${cell.textContent.trim().slice(0, 20)} ${box.width}`);
    }
  }
  return problems;
}"""


def _check(page, url: str, *, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LAYOUT_PROBLEMS) == [], url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
    cards = page.locator("table.table-cards > tbody > tr")
    expect(cards.first).to_be_visible()
    assert cards.first.evaluate("tr => getComputedStyle(tr).display") == "flex"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-375.png"), full_page=True)


def _world():
    region = RegionFactory(code="01", name="海安市")
    agency = AgencyFactory(regions=[region])
    line = PlanLineFactory(region=region, agency=agency)
    session = TrainingSessionFactory(plan_line=line, title="海安市第一期信用修复培训")
    enterprise = EnterpriseFactory(name=LONG_NAME, region=region)
    enrolment = EnrolmentFactory(session=session, enterprise=enterprise)
    AttendanceFactory(enrolment=enrolment, attended_seconds=3 * 3600)
    trainer = TrainerFactory(agency=agency)
    session.trainers.add(trainer)
    return session, trainer


def test_every_list_is_a_card_per_row_on_a_phone(live_server_url, new_page):
    session, trainer = _world()
    city = CityOfficerFactory()
    page = new_page(phone=True, touch=True)
    login(page, live_server_url, city.username, "pass-1234")
    _check(page, f"{live_server_url}/reports/lists/", name="lists")
    # The name is one line of the card, not a column of single characters.
    name = page.get_by_role("link", name=LONG_NAME).first
    line_height = name.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
    assert name.bounding_box()["height"] < 2.5 * line_height
    _check(page, f"{live_server_url}/enterprises/", name="enterprises")
    _check(page, f"{live_server_url}/reports/", name="dashboard")
    # The dashboard's region card opens with the region, then the repair rate.
    card = page.locator("#funnel > tbody > tr").first
    first_two = card.evaluate(
        """tr => [...tr.cells].sort((a, b) => a.getBoundingClientRect().top
                 - b.getBoundingClientRect().top).slice(0, 2)
                 .map(c => [c.dataset.label, c.textContent.trim()])"""
    )
    assert first_two[0] == ["地区", "海安市"]
    assert first_two[1][0] == "修复率"

    trainer_page = new_page(phone=True, touch=True)
    login(trainer_page, live_server_url, trainer.username, "pass-1234")
    _check(trainer_page, f"{live_server_url}/training/my-sessions/", name="sessions")
    actions = trainer_page.locator("table.table-cards td[data-label='']").first
    expect(actions.get_by_role("link", name="名单")).to_be_visible()


def test_lists_stay_tables_on_a_desktop(live_server_url, new_page):
    _world()
    city = CityOfficerFactory()
    page = new_page()
    login(page, live_server_url, city.username, "pass-1234")
    page.goto(f"{live_server_url}/reports/lists/")
    expect(page.locator("table.table-cards thead")).to_be_visible()
    row = page.locator("table.table-cards > tbody > tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "table-row"
