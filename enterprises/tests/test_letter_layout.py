"""Office letters follow GB/T 9704: letterhead, 文号, date in Chinese, seal."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from accounts.models import OfficeProfile
from enterprises import services as enterprise_services
from enterprises.documents import reminder_letter_pdf
from tests.factories import (
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
)

pytestmark = pytest.mark.django_db


def _seal_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 60), (200, 0, 0, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def _letter_pdf(officer, enterprise) -> tuple[str, bytes]:
    letter = enterprise_services.reminder_letter_issue(
        enterprise=enterprise, actor=officer
    )
    pdf = reminder_letter_pdf(
        enterprise=enterprise, office=letter.office, document_no=letter.document_no
    )
    return letter.document_no, pdf


def test_reminder_letter_has_letterhead_number_date_and_seal_place():
    officer = CountyOfficerFactory()
    OfficeProfile.objects.create(
        office=officer.office, letterhead="示例县信用办公室", number_prefix="示信函"
    )
    enterprise = EnterpriseFactory(region=officer.office.region)
    PenaltyRecordFactory(enterprise=enterprise)
    number, pdf = _letter_pdf(officer, enterprise)
    assert number.startswith("示信函〔") and number.endswith("〕1号")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "示例县信用办公室"
    assert number in lines
    assert "（盖章）" in lines
    assert officer.office.name in lines
    assert any(line.endswith("日") and "年" in line for line in lines[-3:])


def test_an_uploaded_seal_is_placed_on_the_letter():
    officer = CountyOfficerFactory()
    profile = OfficeProfile.objects.create(office=officer.office)
    profile.seal.save("seal.png", ContentFile(_seal_png()))
    enterprise = EnterpriseFactory(region=officer.office.region)
    _, pdf = _letter_pdf(officer, enterprise)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "（盖章）" not in page.extract_text()
    assert len(page.images) >= 1
