"""Every journey step on the freshly loaded demo, in a real browser, as a newcomer
would try it: nothing is prepared behind the pages after `seed_demo`.

Trainer: today's console (rotating code, live board). Representatives on a 375 px
phone: sign in to today's session with the code on the console; sign the letters and
enrol (13900000406); sit the open retake and get the certificate (13900000404); read
the certificate and move a repair application on (13900000402); see the waitlist
(13900000408). Offices: dashboard, lists and 规则变更记录.
"""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import story
from demo.accounts import DEMO_PASSWORD
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_phone(page) -> None:
    """Nothing on the representative's page is wider than the 375 px phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.url


def _seed_demo() -> None:
    from django.db import connection

    try:
        call_command("seed_demo", stdout=io.StringIO())
    finally:
        connection.close()


@pytest.fixture
def demo_server(transactional_db, live_server_url):
    """`seed_demo` on the test database, as `scripts/run.sh` runs it. In a thread of
    its own: Playwright's event loop runs in this one, and the services' live
    pushes use async_to_sync."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_seed_demo).result()
    return live_server_url


def test_every_journey_step_on_the_fresh_demo(demo_server, new_page):
    from certificates.models import Certificate, RepairApplication
    from enrollment.models import Attendance, CommitmentLetter, Enrolment
    from enrollment.models import TrainingSession as Session
    from exams.models import Option

    base = demo_server
    today = Session.objects.get(title=story.TODAY_SESSION)

    # Trainer: the console of today's session is live, sign-in open, code shown.
    trainer = new_page()
    login(trainer, base, "trainer1", DEMO_PASSWORD)
    trainer.goto(f"{base}/training/my-sessions/")
    expect(trainer.locator("main")).to_contain_text(story.TODAY_SESSION)
    trainer.goto(f"{base}/training/live/{today.pk}/console/")
    expect(trainer.locator("#live-conn")).to_have_text("实时")
    expect(trainer.locator("#live-signin-open")).to_have_text("开放中")
    expect(trainer.locator("#live-status")).to_have_text("进行中")
    signed_in = trainer.locator("#live-counts [data-count=signed_in]")
    expect(signed_in).to_have_text("0")

    # Representative (phone): signs in to today's session with the console's code.
    rep = new_page(phone=True)
    login(rep, base, story.TODAY_REP, DEMO_PASSWORD)
    rep.goto(f"{base}/training/live/{today.pk}/")
    expect(rep.locator("#live-conn")).to_have_text("已连接")
    _fits_phone(rep)
    rep.fill("#live-code", trainer.locator("#live-code").inner_text())
    rep.click("#live-sign-in")
    expect(signed_in).to_have_text("1")
    assert Attendance.objects.get(enrolment__session=today).signed_in_at

    # Newcomer (phone): signs the letters the rules ask for, then enrols.
    newcomer = new_page(phone=True)
    login(newcomer, base, story.NEWCOMER_REP, DEMO_PASSWORD)
    newcomer.goto(f"{base}/training/letters/")
    _fits_phone(newcomer)
    signs = newcomer.get_by_role("link", name="签署", exact=True)
    count = signs.count()
    assert count >= 1
    for _ in range(count):
        newcomer.goto(f"{base}/training/letters/")
        newcomer.get_by_role("link", name="签署", exact=True).first.click()
        newcomer.fill("input[name=signer_name]", "卫丽娟")
        newcomer.fill("input[name=id_last4]", "2046")
        newcomer.fill("input[name=typed_signature]", "卫丽娟")
        newcomer.check("input[name=confirm]")
        _fits_phone(newcomer)
        newcomer.click("#letter-form button[type=submit]")
        expect(newcomer.locator(".alert-success").first).to_be_visible()
    assert CommitmentLetter.objects.filter(signer__username=story.NEWCOMER_REP).count()
    upcoming = Session.objects.get(title=story.NEXT_SESSION)
    newcomer.goto(f"{base}/training/")
    # Only the open session of its own region is offered, not the full 崇川区 one.
    full = Session.objects.get(title=story.FULL_SESSION)
    expect(
        newcomer.locator(f"form[action$='/training/sessions/{full.pk}/enrol/']")
    ).to_have_count(0)
    newcomer.locator(
        f"form[action$='/training/sessions/{upcoming.pk}/enrol/'] button"
    ).click()
    expect(newcomer.locator(".alert-success").first).to_be_visible()
    assert (
        Enrolment.objects.get(
            session=upcoming, enterprise__representatives__username=story.NEWCOMER_REP
        ).status
        == Enrolment.Status.ENROLLED
    )

    # The one who failed last month (phone) sits the retake, passes, and has the
    # certificate at once; the exam page then offers no further attempt.
    retaker = new_page(phone=True)
    login(retaker, base, story.RETAKE_OPEN_REP, DEMO_PASSWORD)
    retaker.goto(f"{base}/exams/mine/")
    _fits_phone(retaker)
    retaker.get_by_role("button", name="开始考试").click()
    retaker.wait_for_url("**/exams/attempts/*/")
    questions = retaker.locator("fieldset.question")
    expect(questions.first).to_be_visible()
    # One question per screen on the phone: answer, then 下一题; hand in, confirm.
    count = questions.count()
    for index in range(count):
        question_id = int(questions.nth(index).get_attribute("data-question"))
        for option in Option.objects.filter(question_id=question_id, is_correct=True):
            retaker.check(f"#o{option.pk}")
        if index < count - 1:
            retaker.click("#next-q")
    retaker.click("#exam-form > button[type=submit]")
    retaker.click("#handin-confirm")
    retaker.wait_for_url("**/result/")
    expect(retaker.locator("body")).to_contain_text("通过")
    certificate = Certificate.objects.get(
        enterprise__representatives__username=story.RETAKE_OPEN_REP
    )
    retaker.goto(f"{base}/exams/mine/")
    expect(retaker.get_by_role("button", name="开始考试")).to_have_count(0)
    retaker.goto(f"{base}/certificates/")
    expect(retaker.locator("main")).to_contain_text(certificate.serial)
    _fits_phone(retaker)

    # The certified enterprise (phone) reads its certificate and repair progress and
    # reports the submitted application's approval; the form offers only what the
    # application may become.
    certified = new_page(phone=True)
    login(certified, base, story.PASSED_REP, DEMO_PASSWORD)
    certified.goto(f"{base}/exams/mine/")
    expect(certified.get_by_role("button", name="开始考试")).to_have_count(0)
    own = Certificate.objects.get(
        enterprise__representatives__username=story.PASSED_REP
    )
    certified.goto(f"{base}/certificates/{own.pk}/")
    _fits_phone(certified)
    submitted = RepairApplication.objects.get(
        enterprise=own.enterprise, status=RepairApplication.Status.SUBMITTED
    )
    form = certified.locator(
        f"form[action$='/certificates/repairs/penalty/{submitted.penalty_id}/']"
    )
    options = form.locator("select[name=status] option")
    expect(options).to_have_count(2)
    assert sorted(options.evaluate_all("os => os.map(o => o.value)")) == [
        "approved",
        "rejected",
    ]
    form.locator("select[name=status]").select_option("approved")
    form.get_by_role("button", name="保存").click()
    expect(certified.locator(".alert-success").first).to_be_visible()
    submitted.refresh_from_db()
    assert submitted.status == RepairApplication.Status.APPROVED

    # The waitlisted enterprise (phone) sees where it stands.
    waiting = new_page(phone=True)
    login(waiting, base, story.WAITLIST_REP, DEMO_PASSWORD)
    waiting.goto(f"{base}/training/")
    expect(waiting.locator("main")).to_contain_text("候补")
    _fits_phone(waiting)

    # Offices: the county office's dashboard and attendance list of last month's
    # session; the city office's 规则变更记录 from the navigation.
    county = new_page()
    login(county, base, "county01", DEMO_PASSWORD)
    county.goto(f"{base}/reports/")
    expect(county.locator("main")).to_contain_text("海安市")
    county.goto(f"{base}/reports/lists/")
    expect(county.locator("main table")).to_contain_text("海安顺丰源食品有限公司")
    city = new_page()
    login(city, base, "city", DEMO_PASSWORD)
    city.locator("#mainNav").get_by_text("规则变更记录", exact=True).first.click()
    city.wait_for_url("**/reports/rule-history/")
    expect(city.locator("#rule-history")).to_contain_text("培训计划行")
