"""One whole programme through the real UI, in a real browser, against a live server.

City office → county office → trainer → enterprise representative (on a 375 px phone)
→ live sign-in with the trainer's board updating over the WebSocket → attendance met
with the test clock → exam → certificate → public verification → pass list export.

The server runs in a child process, so time is moved with the test clock file
(enrollment.clock, settings TEST_CLOCK_FILE / TEST_CLOCK_ENABLED), not monkeypatch.
Factories only create the people (accounts are made by the administrator in real
life), the rule profile, the draft course page and the exam paper; every step the
issue names is done by clicking through the pages.
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import (
    AgencyFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    RegionFactory,
    RuleProfileFactory,
    TrainerFactory,
    uscc_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234"
REP_PASSWORD = "Xinyong#2026"
COMPANY = "海安旅程测试机械有限公司"
LEGAL_REP = "周建国"
REP_MOBILE = "13812340001"
PROGRAMME = "2026年南通市信用修复公益培训（旅程）"
SESSION_TITLE = "海安市第一期信用修复培训"


@pytest.fixture
def clock_file(settings, tmp_path):
    """A test clock the live server (forked after this) honours; starts at +0 s."""
    path = tmp_path / "clock-offset"
    path.write_text("0")
    settings.TEST_CLOCK_ENABLED = True
    settings.TEST_CLOCK_FILE = str(path)
    return path


@pytest.fixture
def journey_server(clock_file, live_server_url):
    """The live server, started after the clock settings so the child sees them."""
    return live_server_url


def _governance_csv(uscc: str) -> bytes:
    from enterprises import importing

    header = [c.header for c in importing.COLUMNS]
    values = {
        "统一社会信用代码": uscc,
        "企业名称": COMPANY,
        "经营状态": "在业/存续",
        "法定代表人": LEGAL_REP,
        "联系电话": REP_MOBILE,
        "治理类型": "帮扶",
        "治理措施": "警示、信用培训",
        "名单下发日期": "2026-11-02",
        "行政处罚决定书文号": "海市监罚决字〔2026〕88号",
        "处罚机关": "海安市市场监督管理局",
        "处罚决定日期": "2026-03-01",
        "处罚内容": "罚款人民币五千元。",
        "失信程度": "一般失信",
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow([values.get(h, "") for h in header])
    return buffer.getvalue().encode("utf-8")


def _local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _fits_phone(page) -> None:
    """Nothing on the representative's page is wider than the 375 px phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.url


def _flash(page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def test_whole_programme_journey(journey_server, clock_file, new_page):
    base = journey_server
    region = RegionFactory(code="01", name="海安市")
    agency = AgencyFactory(name="旅程测试信用服务有限公司", regions=[region])
    rules = RuleProfileFactory()
    city = CityOfficerFactory(username="city-j")
    county = CountyOfficerFactory(username="county01-j", office__region=region)
    trainer = TrainerFactory(username="trainer-j", agency=agency)

    # 1) The city office creates a programme and a plan line for region 01.
    office = new_page()
    login(office, base, city.username, PASSWORD)
    office.get_by_role("button", name="培训", exact=True).click()  # navbar dropdown
    office.get_by_role("link", name="培训项目").first.click()
    office.get_by_role("link", name="新建培训项目").click()
    office.fill("input[name=name]", PROGRAMME)
    office.fill("input[name=year]", "2026")
    office.select_option("select[name=kind]", "repair_training")
    office.select_option("select[name=rule_profile]", str(rules.pk))
    office.click("main form button[type=submit]")
    _flash(office, f"已创建培训项目：{PROGRAMME}。")
    office.get_by_role("link", name="添加计划行").click()
    office.fill("input[name=label]", "海安市")
    office.select_option("select[name=region]", str(region.pk))
    office.select_option("select[name=agency]", str(agency.pk))
    office.fill("input[name=planned_count]", "0")
    office.click("main form button[type=submit]")
    _flash(office, "计划企业数：计划企业数须大于 0。")
    office.fill("input[name=planned_count]", "170")
    office.fill("input[name=contact_person]", "王晓燕")
    office.fill("input[name=contact_phone]", "13900001234")
    office.click("main form button[type=submit]")
    _flash(office, "已添加计划行：海安市。")
    expect(office.locator("table.plan-lines")).to_contain_text(agency.name)
    from enrollment.models import PlanLine

    line = PlanLine.objects.get(programme__name=PROGRAMME, label="海安市")

    # 2) County office 01 imports a governance list: preview, then commit.
    uscc = uscc_for(770001)
    county_page = new_page()
    login(county_page, base, county.username, PASSWORD)
    county_page.goto(f"{base}/enterprises/import/")
    county_page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "governance.csv",
                "mimeType": "text/csv",
                "buffer": _governance_csv(uscc),
            }
        ],
    )
    county_page.get_by_role("button", name="上传并预览").click()
    county_page.wait_for_url("**/enterprises/import/*/")
    expect(county_page.locator("body")).to_contain_text(COMPANY)
    county_page.get_by_role("button", name="确认导入").click()
    from enterprises.models import Enterprise, PenaltyRecord

    expect(county_page.locator(".alert-success").first).to_be_visible()
    enterprise = Enterprise.objects.get(uscc=uscc)
    assert enterprise.region_id == region.pk
    assert PenaltyRecord.objects.filter(enterprise=enterprise).count() == 1

    # 3) The trainer submits a course for 「课程内容审核」 in the Wagtail admin (no
    #    publish button for trainers), the city office approves it, and the trainer
    #    opens a session.
    from courses.services import agency_course_tree_ensure, trainer_groups_sync
    from courses.tests.factories import CoursePageFactory

    tree = agency_course_tree_ensure(agency=agency)
    trainer_groups_sync(user=trainer)
    trainer_groups_sync(user=city)
    course = CoursePageFactory(parent=tree, title="信用修复政策解读", live=False)
    trainer_page = new_page()
    login(trainer_page, base, trainer.username, PASSWORD)
    trainer_page.goto(f"{base}/cms/pages/{course.pk}/edit/")
    expect(trainer_page.locator("button[name=action-publish]")).to_have_count(0)
    submit = trainer_page.locator("button[name=action-submit]")
    expect(submit).to_have_count(1)
    # The submit action sits in the footer's dropdown; press it as the menu would.
    submit.evaluate("button => button.click()")
    trainer_page.wait_for_url(f"**/cms/pages/{tree.pk}/")
    course.refresh_from_db()
    assert not course.live
    task_state = course.current_workflow_state.current_task_state
    assert task_state.task.name == "课程内容审核"
    task_state.task.specific.on_action(task_state, city, "approve")
    course.refresh_from_db()
    assert course.live

    now = timezone.now()
    starts = (now + datetime.timedelta(minutes=10)).replace(second=0, microsecond=0)
    ends = starts + datetime.timedelta(hours=4)
    trainer_page.goto(f"{base}/training/my-sessions/new/")
    trainer_page.select_option("select[name=plan_line]", str(line.pk))
    trainer_page.fill("input[name=title]", SESSION_TITLE)
    trainer_page.select_option("select[name=mode]", "offline")
    trainer_page.fill("input[name=venue]", "海安市政务服务中心三楼报告厅")
    trainer_page.fill("input[name=starts_at]", _local(starts))
    trainer_page.fill("input[name=ends_at]", _local(ends))
    trainer_page.fill("input[name=capacity]", "60")
    trainer_page.check("input[name=publish]")
    trainer_page.click("main form button[type=submit]")
    _flash(trainer_page, f"已创建场次：{SESSION_TITLE}。")
    from enrollment.models import TrainingSession

    session = TrainingSession.objects.get(title=SESSION_TITLE)
    assert session.plan_line_id == line.pk
    # The completion exam paper of the session (as issue 7's demo paper).
    from exams.tests.factories import paper_for_session

    paper = paper_for_session(session=session, pass_mark=30)

    # 4) The representative (on a phone) registers, claims the enterprise, signs
    #    the commitment letter by drawing on the canvas, and enrols.
    rep = new_page(phone=True)
    rep.goto(f"{base}/enterprises/register/")
    rep.fill("input[name=real_name]", LEGAL_REP)
    rep.fill("input[name=mobile]", REP_MOBILE)
    rep.fill("input[name=password1]", REP_PASSWORD)
    rep.fill("input[name=password2]", REP_PASSWORD)
    rep.click("input[type=submit]")
    rep.wait_for_url(f"{base}/enterprises/claim/")
    # The archive's contact mobile (from the list) receives the claim code.
    rep.fill("input[name=uscc]", uscc)
    rep.get_by_role("button", name="获取验证码").click()
    expect(rep.locator(".alert-info").first).to_contain_text("验证码已发送")
    from accounts.sms import outbox_messages

    code = outbox_messages(mobile=REP_MOBILE)[-1]["code"]
    rep.fill("input[name=code]", code)
    rep.get_by_role("button", name="验证并认领").click()
    rep.wait_for_url(f"{base}/")
    from accounts.models import User

    rep_user = User.objects.get(username=REP_MOBILE)
    assert rep_user.enterprise_id == enterprise.pk  # claimed, not a new enterprise
    rep.goto(f"{base}/training/letters/")
    rep.get_by_role("link", name="签署", exact=True).first.click()
    rep.fill("input[name=signer_name]", LEGAL_REP)
    rep.fill("input[name=id_last4]", "123X")
    pad = rep.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    rep.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    rep.mouse.down()
    for step in range(1, 9):
        rep.mouse.move(
            box["x"] + 20 + step * box["width"] / 10,
            box["y"] + box["height"] * (0.3 if step % 2 else 0.7),
        )
    rep.mouse.up()
    rep.check("input[name=confirm]")
    _fits_phone(rep)
    rep.click("#letter-form button[type=submit]")
    from enrollment.models import CommitmentLetter, Enrolment

    expect(rep.locator(".alert-success").first).to_be_visible()
    letter = CommitmentLetter.objects.get(enterprise=enterprise)
    assert letter.signature_kind == "drawn"
    rep.goto(f"{base}/training/")
    rep.locator(
        f"form[action$='/training/sessions/{session.pk}/enrol/'] button"
    ).click()
    expect(rep.locator(".alert-success").first).to_be_visible()
    enrolment = Enrolment.objects.get(enterprise=enterprise, session=session)
    assert enrolment.status == Enrolment.Status.ENROLLED

    # 5) The trainer opens sign-in on the live console (its own context); the
    #    representative types the rotating code; the board updates without reload.
    trainer_page.goto(f"{base}/training/live/{session.pk}/console/")
    expect(trainer_page.locator("#live-conn")).to_have_text("实时")
    trainer_page.click("button[data-ws-action=open_signin]")
    expect(trainer_page.locator("#live-signin-open")).to_have_text("开放中")
    signed_in = trainer_page.locator("#live-counts [data-count=signed_in]")
    expect(signed_in).to_have_text("0")
    trainer_page.evaluate("window.__journeyMarker = 1")  # gone if the page reloads
    rep.goto(f"{base}/training/live/{session.pk}/")
    expect(rep.locator("#live-conn")).to_have_text("已连接")
    _fits_phone(rep)
    rep.fill("#live-code", trainer_page.locator("#live-code").inner_text())
    rep.click("#live-sign-in")
    expect(signed_in).to_have_text("1")
    row = trainer_page.locator(f"#live-board tr[data-enrolment='{enrolment.pk}']")
    expect(row).not_to_have_attribute("data-state", "absent")
    assert trainer_page.evaluate("window.__journeyMarker") == 1

    # 6) Attendance time is met: move the server's clock 3.5 hours on, open the
    #    sign-out window, and the representative signs out with the current code.
    clock_file.write_text(str(int(3.5 * 3600)))
    trainer_page.reload()
    expect(trainer_page.locator("#live-conn")).to_have_text("实时")
    trainer_page.click("button[data-ws-action=open_signout]")
    expect(trainer_page.locator("#live-signout-open")).to_have_text("开放中")
    trainer_page.reload()  # the code of the moved clock's window
    rep.reload()
    expect(rep.locator("#live-signout-open")).to_have_text("开放中")
    rep.fill("#live-code", trainer_page.locator("#live-code").inner_text())
    rep.click("#live-sign-out")
    expect(rep.locator("#live-state")).to_have_text("已签退")
    expect(trainer_page.locator("#live-counts [data-count=met]")).to_have_text("1")
    from enrollment.models import Attendance

    attendance = Attendance.objects.get(enrolment=enrolment)
    assert attendance.signed_out_at is not None
    assert attendance.attended_seconds >= 3 * 3600

    # 7) The representative sits and passes the exam (answers read from the DB).
    from exams.models import Attempt, Option

    rep.goto(f"{base}/exams/mine/")
    rep.get_by_role("button", name="开始考试").click()
    rep.wait_for_url("**/exams/attempts/*/")
    questions = rep.locator("fieldset.question")
    expect(questions.first).to_be_visible()
    _fits_phone(rep)
    # One question per screen on the phone: answer, then 下一题.
    count = questions.count()
    for index in range(count):
        question_id = int(questions.nth(index).get_attribute("data-question"))
        for option in Option.objects.filter(question_id=question_id, is_correct=True):
            rep.check(f"#o{option.pk}")
        if index < count - 1:
            rep.click("#next-q")
    rep.click("#exam-form > button[type=submit]")
    rep.click("#handin-confirm")
    rep.wait_for_url("**/result/")
    attempt = Attempt.objects.get(enrolment=enrolment, paper=paper)
    assert attempt.passed
    expect(rep.locator("body")).to_contain_text("通过")

    # 7b) ... and downloads the certificate (issued on the pass) as a PDF.
    from certificates.models import Certificate

    certificate = Certificate.objects.get(enrolment=enrolment)
    rep.goto(f"{base}/certificates/")
    with rep.expect_download() as download_info:
        rep.get_by_role("link", name="下载证明 PDF").first.click()
    _fits_phone(rep)
    pdf_text = _pdf_text(download_info.value)
    assert COMPANY in pdf_text and certificate.serial in pdf_text

    # 8) The certificate is verified at its public address, anonymously.
    rep.get_by_role("link", name=COMPANY).first.click()
    verify_url = rep.locator("a[href*='/verify/']").first.get_attribute("href")
    assert verify_url.endswith(f"/verify/{certificate.public_code}/")
    public = new_page(phone=True)
    public.goto(f"{base}/verify/{certificate.public_code}/")
    expect(public.locator("#verify-state")).to_have_text("有效")
    expect(public.locator("main")).to_contain_text(COMPANY)
    expect(public.locator("main")).to_contain_text(certificate.serial)

    # 9) The county office sees the enterprise on its pass list (reports) and
    #    exports it as xlsx.
    county_page.goto(f"{base}/reports/lists/")
    county_page.select_option("select[name=kind]", "pass")
    county_page.get_by_role("button", name="筛选").click()
    table = county_page.locator("main table")
    expect(table).to_contain_text(COMPANY)
    expect(table).to_contain_text(certificate.serial)
    with county_page.expect_download() as download_info:
        county_page.get_by_role("link", name="导出 xlsx").click()
    rows = _xlsx_rows(download_info.value)
    assert any(uscc in row and COMPANY in row for row in rows)


def _pdf_text(download) -> str:
    from pypdf import PdfReader

    with open(download.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _xlsx_rows(download) -> list[tuple]:
    from openpyxl import load_workbook

    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    return [
        tuple(str(c) for c in row) for row in book.active.iter_rows(values_only=True)
    ]
