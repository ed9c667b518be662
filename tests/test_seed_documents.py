"""The official documents reproduce the seeds' templates word for word and obey the
Chinese line-breaking rules (text extracted from the rendered PDFs)."""

import datetime

import pytest

from common.tests.pdf_lines import line_rule_violations, pdf_lines
from enrollment.documents import commitment_letter_pdf, repair_form_pdf
from enrollment.services import letter_text
from enterprises import services as enterprise_services
from enterprises.documents import archive_sheet_pdf, enterprise_file_pdf
from tests.factories import (
    CommitmentLetterFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RepresentativeFactory,
)
from tests.seed_texts import HERE, missing_seed_text

pytestmark = pytest.mark.django_db

DECISION = "通海市监罚字〔2022〕0158号"


@pytest.fixture
def penalty():
    enterprise = EnterpriseFactory(
        name="南通海安恒达机械制造有限公司",
        registered_address="海安市城东镇工业园区8号",
        legal_representative="李四",
        legal_representative_id_last4="1234",
        contact_person="王五",
        contact_phone="13800000000",
        survey_date=datetime.date(2026, 10, 8),
        land_status="leased",
        governance_type="help",
        governance_measures=["credit_training"],
        listed_on=datetime.date(2026, 9, 1),
        repair_intention="willing",
    )
    enterprise_services.archive_number_assign(enterprise=enterprise)
    RepresentativeFactory(enterprise=enterprise, real_name="王五")
    return PenaltyRecordFactory(
        enterprise=enterprise,
        decision_no=DECISION,
        authority="海安市市场监督管理局",
        decision_date=datetime.date(2022, 10, 15),
        content="责令停止违法行为，罚款人民币五千元，并于10月31日前完成整改。",
        facts="未按规定公示年度报告。",
        legal_basis="《企业信息公示暂行条例》第八条",
    )


@pytest.fixture
def letter(penalty):
    text = letter_text(
        penalty=penalty,
        signer_name="李四",
        id_type="resident_id",
        id_last4="123X",
        signed_on=datetime.date(2026, 11, 3),
    )
    return CommitmentLetterFactory(
        penalty=penalty, rendered_text=text, signer_name="李四"
    )


def _documents(penalty, letter) -> dict[str, bytes]:
    enterprise = penalty.enterprise
    return {
        "commitment_letter": commitment_letter_pdf(letter=letter),
        "repair_form": repair_form_pdf(penalty=penalty),
        "archive_sheet": archive_sheet_pdf(enterprise=enterprise),
        "enterprise_file": enterprise_file_pdf(enterprise=enterprise),
    }


def test_documents_are_the_seeds_word_for_word_filled_in_and_well_broken(
    penalty, letter
):
    pdfs = _documents(penalty, letter)
    docs = {name: "".join(pdf_lines(pdf)) for name, pdf in pdfs.items()}
    for name, text in docs.items():
        assert missing_seed_text(name, text) == [], name
        assert penalty.enterprise.uscc in text, name
        violations = line_rule_violations(
            pdfs[name], tokens=[DECISION, penalty.enterprise.uscc]
        )
        assert violations == [], name
    # the blanks carry the archive's values
    assert "我单位南通海安恒达机械制造有限公司" in docs["commitment_letter"]
    assert f"行政处罚决定书文号：{DECISION}" in docs["commitment_letter"]
    assert "对申请单位（名称）南通海安恒达机械制造有限公司" in docs["repair_form"]
    assert penalty.enterprise.archive_no in docs["archive_sheet"]
    assert "帮扶■" in docs["archive_sheet"] and "信用培训■" in docs["archive_sheet"]
    assert f"处罚决定书编号{DECISION}" in docs["enterprise_file"]
    assert "（后四位）1234" in docs["enterprise_file"]
    # the letter's signature block keeps its own lines (<br> survives)
    lines = pdf_lines(pdfs["commitment_letter"])
    assert "单位名称：南通海安恒达机械制造有限公司（加盖盖章）" in lines
    assert "2026年11月3日" in lines
    assert any(line.startswith("签署人：李四") for line in lines)
    assert any(line.startswith("证件：") for line in lines)


def test_a_seed_text_left_out_is_noticed():
    text = (HERE / "archive_sheet.txt").read_text()
    assert missing_seed_text("archive_sheet", text) == []
    assert missing_seed_text("archive_sheet", text.replace("（可附页）", "")) == [
        "现场核查需另外说明的情况（可附页）：",
        "信用管理部门或相关部门其他需要说明的情况（可附页）：",
    ]
