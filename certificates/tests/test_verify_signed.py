"""Short, typable codes and verification of an uploaded, signed PDF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates import documents, services
from certificates.models import CROCKFORD
from certificates.tests.factories import eligible_enrolment
from common import signing
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return services.certificate_issue(enrolment=eligible_enrolment(), exam_score=90)


def _upload(client, data: bytes, name="cert.pdf"):
    return client.post(
        reverse("verify_upload"),
        {"pdf": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_the_short_code_is_eight_crockford_characters_printed_with_the_serial(
    certificate,
):
    assert len(certificate.short_code) == 8
    assert set(certificate.short_code) <= set(CROCKFORD)
    context = documents.certificate_context(certificate)
    assert context["verify_code"] == certificate.short_code
    assert context["verify_url"].endswith(f"/verify/{certificate.public_code}/")


def test_the_code_is_typed_in_any_case_with_confusable_letters(client, certificate):
    typed = certificate.short_code.lower().replace("1", "l").replace("0", "o")
    response = client.post(
        reverse("verify_form"),
        {"serial": certificate.serial.lower(), "code": f" {typed[:4]}-{typed[4:]} "},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("verify", args=[certificate.public_code])
    page = client.get(reverse("verify", args=[certificate.public_code.lower()]))
    assert page.status_code == 200 and certificate.uscc in page.content.decode()


def test_old_long_codes_keep_working(client, certificate):
    page = client.get(reverse("verify", args=[certificate.verify_code]))
    assert page.status_code == 200 and "有效" in page.content.decode()


def test_a_wrong_short_code_is_404(client, certificate):
    wrong = "Z" if certificate.short_code[0] != "Z" else "Y"
    code = f"{certificate.serial}-{wrong}{certificate.short_code[1:]}"
    assert client.get(reverse("verify", args=[code])).status_code == 404


def test_an_issued_pdf_uploaded_is_recognised_unchanged_and_valid(client, certificate):
    pdf = documents.certificate_pdf(certificate=certificate)
    html = _upload(client, pdf).content.decode()
    assert "该文件由本平台出具，签署后未被改动，目前有效。" in html
    assert certificate.uscc in html and certificate.serial in html


def test_a_modified_pdf_is_refused_with_the_reason(client, certificate):
    pdf = bytearray(documents.certificate_pdf(certificate=certificate))
    pdf[pdf.find(b"stream") + 30] ^= 0x01
    html = _upload(client, bytes(pdf)).content.decode()
    assert signing.SIGNATURE_BROKEN in html
    assert "目前有效" not in html


def test_a_revoked_certificates_pdf_says_revoked(client, certificate):
    pdf = documents.certificate_pdf(certificate=certificate)
    trainer = TrainerFactory(agency=certificate.agency)
    services.certificate_revoke(certificate=certificate, actor=trainer, reason="有误")
    html = _upload(client, pdf).content.decode()
    assert "已撤销" in html and "有误" in html


def test_an_unsigned_or_non_pdf_upload_gets_a_clear_message(client):
    html = _upload(client, b"hello", name="x.pdf").content.decode()
    assert "PDF 文件：只能上传 PDF 文件。" in html
    html = _upload(client, b"%PDF-1.4\n%%EOF").content.decode()
    assert signing.NOT_A_PDF in html or signing.NOT_SIGNED in html


def test_uploads_are_rate_limited(client, certificate, settings):
    settings.VERIFY_RATE_LIMIT = 1
    _upload(client, b"%PDF-1.4\n%%EOF")
    assert _upload(client, b"%PDF-1.4\n%%EOF").status_code == 429
