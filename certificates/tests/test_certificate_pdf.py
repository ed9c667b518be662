import io

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from certificates import documents, services
from certificates.selectors import certificate_verify_url
from certificates.tests.factories import eligible_enrolment
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db


def _pdf(certificate) -> PdfReader:
    return PdfReader(io.BytesIO(documents.certificate_pdf(certificate=certificate)))


def _flat(reader: PdfReader) -> str:
    return "".join(reader.pages[0].extract_text().split())


@pytest.fixture
def certificate():
    enrolment = eligible_enrolment(penalties=3)
    return services.certificate_issue(enrolment=enrolment, exam_score=88)


@pytest.mark.smoke
def test_pdf_text_has_enterprise_uscc_serial_and_every_decision_number(certificate):
    text = _flat(_pdf(certificate))
    assert certificate.enterprise_name in text
    assert certificate.uscc in text
    assert certificate.serial in text
    assert len(certificate.decision_numbers) == 3
    for number in certificate.decision_numbers:
        assert number in text


def test_pdf_is_one_a4_landscape_page(certificate):
    reader = _pdf(certificate)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_many_decision_numbers_still_fit_on_one_page():
    enrolment = eligible_enrolment(penalties=14)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=75)
    reader = _pdf(cert)
    assert len(reader.pages) == 1
    text = _flat(reader)
    assert all(n in text for n in cert.decision_numbers)


def test_the_cjk_font_is_embedded_as_a_subset(certificate):
    reader = _pdf(certificate)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(fonts[key].get_object()["/BaseFont"]) for key in fonts]
    embedded = [
        fonts[key].get_object()
        for key in fonts
        if "+WenQuanYi" in str(fonts[key].get_object()["/BaseFont"])
    ]
    assert embedded, names
    descriptor = embedded[0]["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor  # the TrueType program itself is in the file


def test_verify_address_is_printed_in_full_and_clickable(certificate):
    reader = _pdf(certificate)
    url = certificate_verify_url(certificate)
    assert url.endswith(f"/verify/{certificate.public_code}/")
    assert url in _flat(reader)
    links = [
        a.get_object()["/A"]["/URI"]
        for a in reader.pages[0].get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert url in links


def test_the_qr_code_decodes_to_the_verify_address(certificate):
    reader = _pdf(certificate)
    payloads = []
    for image in reader.pages[0].images:
        picture = Image.open(io.BytesIO(image.data)).convert("L")
        payloads += [r.text for r in zxingcpp.read_barcodes(picture)]
    assert payloads == [certificate_verify_url(certificate)]


def test_a_revoked_certificate_says_so_on_the_pdf(certificate):
    trainer = TrainerFactory(agency=certificate.agency)
    services.certificate_revoke(
        certificate=certificate, actor=trainer, reason="材料有误"
    )
    certificate.refresh_from_db()
    assert "本证明已撤销" in _flat(_pdf(certificate))


def test_the_agency_seal_is_printed_when_uploaded(certificate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    without = len(_pdf(certificate).pages[0].images)
    buffer = io.BytesIO()
    Image.new("RGBA", (120, 120), (200, 0, 0, 255)).save(buffer, "PNG")
    trainer = TrainerFactory(agency=certificate.agency)
    services.agency_seal_set(
        agency=certificate.agency,
        image=SimpleUploadedFile("seal.png", buffer.getvalue(), "image/png"),
        actor=trainer,
    )
    assert len(_pdf(certificate).pages[0].images) == without + 1
