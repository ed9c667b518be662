import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from accounts.models import Notice
from enterprises import services
from enterprises.documents import archive_sheet_pdf, reminder_letter_pdf
from enterprises.models import Severity
from enterprises.tests.factories import (
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    # table cells wrap long numbers; compare without the line breaks
    return "".join(page.extract_text() for page in pages).replace("\n", "")


@pytest.fixture
def enterprise():
    enterprise = EnterpriseFactory(
        name="南通测试档案有限公司",
        survey_date=datetime.date(2026, 11, 2),
        land_status="leased",
        governance_type="help",
        governance_measures=["warning"],
    )
    PenaltyRecordFactory(enterprise=enterprise, decision_no="通X罚决字〔2026〕11号")
    PenaltyRecordFactory(
        enterprise=enterprise,
        decision_no="通X罚决字〔2026〕12号",
        severity=Severity.SPECIALLY_SERIOUS,
    )
    services.archive_number_assign(enterprise=enterprise)
    return enterprise


@pytest.mark.smoke
def test_archive_sheet_pdf_carries_name_number_and_decisions(enterprise):
    text = pdf_text(archive_sheet_pdf(enterprise=enterprise))
    assert "南通测试档案有限公司" in text
    assert enterprise.archive_no in text
    assert "通X罚决字〔2026〕11号" in text and "通X罚决字〔2026〕12号" in text
    assert "专项治理信息表" in text


def test_reminder_letter_pdf_lists_penalties_and_says_what_is_not_repairable(
    enterprise,
):
    officer = CountyOfficerFactory(office__region=enterprise.region)
    text = pdf_text(reminder_letter_pdf(enterprise=enterprise, office=officer.office))
    assert "南通测试档案有限公司" in text
    assert "通X罚决字〔2026〕11号" in text and "通X罚决字〔2026〕12号" in text
    assert "不可修复" in text
    assert officer.office.name in text


def test_reminder_letter_shows_each_penalty_s_real_publicity_status():
    from django.utils import timezone

    enterprise = EnterpriseFactory(name="南通公示状态有限公司")
    PenaltyRecordFactory(
        enterprise=enterprise,
        decision_no="通X罚决字〔2015〕7号",
        decision_date=datetime.date(2015, 3, 1),
    )
    PenaltyRecordFactory(
        enterprise=enterprise,
        decision_no="通X罚决字〔2026〕8号",
        decision_date=timezone.localdate() - datetime.timedelta(days=10),
    )
    officer = CountyOfficerFactory(office__region=enterprise.region)
    text = pdf_text(reminder_letter_pdf(enterprise=enterprise, office=officer.office))
    ended_row = text.split("通X罚决字〔2015〕7号")[1].split("通X罚决字")[0]
    current_row = text.split("通X罚决字〔2026〕8号")[1].split("通X罚决字〔2015〕")[0]
    assert "已不再公示" in ended_row and "公示中" not in ended_row
    assert "公示中" in current_row and "起可申请修复" in current_row


def test_reminder_letter_receipt_is_confirmed_once_by_the_enterprise(enterprise):
    officer = CountyOfficerFactory(office__region=enterprise.region)
    rep = RepresentativeFactory(enterprise=enterprise)
    letter = services.reminder_letter_issue(enterprise=enterprise, actor=officer)
    assert Notice.objects.filter(user=rep).count() == 1
    stranger = RepresentativeFactory()
    with pytest.raises(ValidationError):
        services.reminder_letter_confirm(letter=letter, actor=stranger)
    letter = services.reminder_letter_confirm(letter=letter, actor=rep)
    assert letter.confirmed_at is not None and letter.confirmed_by == rep
    with pytest.raises(ValidationError) as exc:
        services.reminder_letter_confirm(letter=letter, actor=rep)
    assert "已于" in exc.value.message_dict["letter"][0]


def test_repair_eligible_notice_goes_out_once_per_penalty(
    django_capture_on_commit_callbacks,
):
    rep = RepresentativeFactory(email="rep@example.com")
    today = datetime.date(2026, 11, 23)
    due = PenaltyRecordFactory(
        enterprise=rep.enterprise, decision_date=datetime.date(2026, 8, 23)
    )
    PenaltyRecordFactory(
        enterprise=rep.enterprise, decision_date=datetime.date(2026, 8, 24)
    )
    PenaltyRecordFactory(
        enterprise=rep.enterprise,
        decision_date=datetime.date(2020, 1, 1),
        severity=Severity.SPECIALLY_SERIOUS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.repair_eligible_notify(today=today) == 1
    assert len(mail.outbox) == 1 and due.decision_no in mail.outbox[0].subject
    assert Notice.objects.filter(user=rep, title__contains=due.decision_no).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.repair_eligible_notify(today=today) == 0
    assert len(mail.outbox) == 1


def test_notify_command_runs(capsys):
    from django.core.management import call_command

    call_command("notify_repair_eligible")
    assert "已发送可修复提醒" in capsys.readouterr().out


def test_invitation_registers_straight_into_the_enterprise():
    enterprise = EnterpriseFactory()
    officer = CountyOfficerFactory(office__region=enterprise.region)
    invitation = services.invitation_create(enterprise=enterprise, actor=officer)
    user = services.invitation_accept(
        token=invitation.token,
        real_name="王五",
        mobile="13911112222",
        password="Strong-pass-2026",
    )
    assert user.enterprise == enterprise and user.is_enterprise
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(
            token=invitation.token,
            real_name="赵六",
            mobile="13911113333",
            password="Strong-pass-2026",
        )
    assert exc.value.message_dict["token"] == [services.INVITATION_INVALID]


def test_expired_invitation_is_refused():
    enterprise = EnterpriseFactory()
    invitation = services.invitation_create(enterprise=enterprise, actor=None)
    invitation.expires_at = invitation.created_at - datetime.timedelta(days=1)
    invitation.save()
    with pytest.raises(ValidationError) as exc:
        services.invitation_get(token=invitation.token)
    assert exc.value.message_dict["token"] == [services.INVITATION_EXPIRED]


def test_penalty_without_representative_waits_for_one():
    enterprise = EnterpriseFactory()
    penalty = PenaltyRecordFactory(
        enterprise=enterprise, decision_date=datetime.date(2026, 1, 1)
    )
    today = datetime.date(2026, 11, 23)
    assert services.repair_eligible_notify(today=today) == 0
    penalty.refresh_from_db()
    assert penalty.repair_eligible_notified_at is None
    RepresentativeFactory(enterprise=enterprise)
    assert services.repair_eligible_notify(today=today) == 1
