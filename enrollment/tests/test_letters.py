import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

import journey
from common.models import AuditEntry
from enrollment import documents, services
from enrollment.models import CommitmentLetter, LetterImmutableError
from enrollment.services import (
    ID_LAST4_INVALID,
    LETTER_ALREADY_SIGNED,
    LETTER_OUT_OF_SCOPE,
    SIGNATURE_NOT_PNG,
    SIGNATURE_REQUIRED,
    SIGNATURE_TOO_LARGE,
    TYPED_SIGNATURE_MISMATCH,
)

from .factories import PenaltyRecordFactory, RepresentativeFactory, signature_data_url

pytestmark = pytest.mark.django_db


def _sign(rep, penalty, **overrides):
    kwargs = {
        "actor": rep,
        "penalty": penalty,
        "signer_name": "张三",
        "id_type": CommitmentLetter.IdType.RESIDENT_ID,
        "id_last4": "123x",
        "ip_address": "10.1.2.3",
        "user_agent": "pytest-browser",
        "signature_data_url": signature_data_url(),
    }
    kwargs.update(overrides)
    return services.letter_sign(**kwargs)


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def rep():
    return RepresentativeFactory()


@pytest.fixture
def penalty(rep):
    return PenaltyRecordFactory(enterprise=rep.enterprise)


@pytest.mark.smoke
def test_signing_stores_text_hash_ip_agent_and_signature(rep, penalty):
    letter = _sign(rep, penalty)
    assert letter.id_last4 == "123X"
    assert rep.enterprise.name in letter.rendered_text
    assert rep.enterprise.uscc in letter.rendered_text
    assert penalty.decision_no in letter.rendered_text
    assert "（号码后四位123X）" in letter.rendered_text
    expected = hashlib.sha256(letter.rendered_text.encode()).hexdigest()
    assert letter.text_sha256 == expected
    assert (letter.ip_address, letter.user_agent) == ("10.1.2.3", "pytest-browser")
    assert letter.signature_kind == CommitmentLetter.SignatureKind.DRAWN
    assert letter.signature_image.read().startswith(b"\x89PNG")
    assert AuditEntry.objects.filter(action="letter.sign").exists()


def test_letter_text_follows_seed_attachment_2(rep, penalty):
    text = services.letter_text(penalty=penalty, signer_name="张三")
    assert text.startswith("信用修复承诺书")
    assert "“信用中国”网站：" in text
    assert "五、同意将承诺和践诺信息作为我单位信用记录" in text
    assert f"被江苏省南通市{rep.enterprise.region.name}（县区）" in text


def test_typed_signature_is_the_fallback(rep, penalty):
    letter = _sign(rep, penalty, signature_data_url="", typed_signature="张三")
    assert letter.signature_kind == CommitmentLetter.SignatureKind.TYPED
    assert not letter.signature_image


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_last4": "12345"}, "id_last4", ID_LAST4_INVALID),
        ({"id_last4": "12"}, "id_last4", ID_LAST4_INVALID),
        ({"id_last4": "X123"}, "id_last4", ID_LAST4_INVALID),
        ({"signature_data_url": ""}, "signature", SIGNATURE_REQUIRED),
        (
            {"signature_data_url": "", "typed_signature": "李四"},
            "typed_signature",
            TYPED_SIGNATURE_MISMATCH,
        ),
        (
            {"signature_data_url": "data:image/png;base64,R0lGODlhAQABAAAAACw="},
            "signature",
            SIGNATURE_NOT_PNG,
        ),
        (
            {"signature_data_url": "data:image/gif;base64,AAAA"},
            "signature",
            SIGNATURE_NOT_PNG,
        ),
        (
            {"signature_data_url": "data:image/png;base64," + "A" * 300_000},
            "signature",
            SIGNATURE_TOO_LARGE.format(kb=200),
        ),
    ],
)
def test_bad_letter_input_names_the_field_and_writes_nothing(
    rep, penalty, overrides, field, message
):
    with pytest.raises(ValidationError) as exc:
        _sign(rep, penalty, **overrides)
    assert exc.value.message_dict[field] == [message]
    assert not CommitmentLetter.objects.exists()


def test_signing_twice_is_refused(rep, penalty):
    _sign(rep, penalty)
    with pytest.raises(ValidationError) as exc:
        _sign(rep, penalty)
    assert LETTER_ALREADY_SIGNED.split("{")[0] in exc.value.message_dict["penalty"][0]
    assert CommitmentLetter.objects.count() == 1


def test_signing_for_another_enterprise_is_refused_by_service(rep):
    other = PenaltyRecordFactory()
    with pytest.raises(ValidationError) as exc:
        _sign(rep, other)
    assert exc.value.message_dict["penalty"] == [LETTER_OUT_OF_SCOPE]


def test_signing_for_another_enterprise_is_404_by_url(client, rep):
    other = PenaltyRecordFactory()
    client.force_login(rep)
    url = reverse("enrollment:letter_sign", args=[other.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {
            "signer_name": "张三",
            "id_type": "resident_id",
            "id_last4": "1234",
            "typed_signature": "张三",
            "confirm": "on",
        },
    )
    assert response.status_code == 404
    assert not CommitmentLetter.objects.exists()


def test_signed_letter_is_immutable(rep, penalty):
    letter = _sign(rep, penalty)
    letter.signer_name = "篡改"
    with pytest.raises(LetterImmutableError):
        letter.save()
    with pytest.raises(LetterImmutableError):
        letter.delete()
    with pytest.raises(LetterImmutableError):
        CommitmentLetter.objects.filter(pk=letter.pk).update(signer_name="篡改")
    with pytest.raises(LetterImmutableError):
        CommitmentLetter.objects.all().delete()
    letter.refresh_from_db()
    assert letter.signer_name == "张三"


def test_letter_pdf_shows_name_uscc_decision_and_hash(rep, penalty):
    letter = _sign(rep, penalty)
    pdf = documents.commitment_letter_pdf(letter=letter)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the signature
    text = _pdf_text(pdf)
    assert rep.enterprise.name in text
    assert rep.enterprise.uscc in text
    assert penalty.decision_no in text
    assert letter.text_sha256 in text.replace("\n", "")
    assert "“信用中国”网站：" in text


def test_letter_pdf_with_typed_signature_renders(rep, penalty):
    letter = _sign(rep, penalty, signature_data_url="", typed_signature="张三")
    text = _pdf_text(documents.commitment_letter_pdf(letter=letter))
    assert "输入姓名签名" in text


def test_repair_form_only_where_content_needs_it(rep):
    plain = PenaltyRecordFactory(
        enterprise=rep.enterprise, content="罚款人民币五千元。"
    )
    needs = PenaltyRecordFactory(
        enterprise=rep.enterprise, content="责令停止违法行为，限期整改，罚款一万元。"
    )
    assert not journey.needs_rectification_form(penalty=plain)
    assert journey.needs_rectification_form(penalty=needs)
    text = _pdf_text(documents.repair_form_pdf(penalty=needs))
    assert "涉及一般失信行为行政处罚信息信用修复表" in text
    assert needs.decision_no in text
    assert rep.enterprise.uscc in text


def test_sign_page_posts_a_drawn_signature_and_pdf_downloads(client, rep, penalty):
    client.force_login(rep)
    url = reverse("enrollment:letter_sign", args=[penalty.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert rep.enterprise.name in page.content.decode()
    response = client.post(
        url,
        {
            "signer_name": "张三",
            "id_type": "resident_id",
            "id_last4": "0001",
            "signature": signature_data_url(),
            "confirm": "on",
        },
        HTTP_USER_AGENT="Mozilla/5.0 test",
    )
    assert response.status_code == 302
    letter = CommitmentLetter.objects.get()
    assert letter.user_agent == "Mozilla/5.0 test"
    assert letter.ip_address == "127.0.0.1"
    pdf = client.get(reverse("enrollment:letter_pdf", args=[penalty.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    listing = client.get(reverse("enrollment:letters")).content.decode()
    assert "已签署" in listing


def test_sign_page_shows_chinese_error_for_bad_id_digits(client, rep, penalty):
    client.force_login(rep)
    response = client.post(
        reverse("enrollment:letter_sign", args=[penalty.pk]),
        {
            "signer_name": "张三",
            "id_type": "resident_id",
            "id_last4": "110101199001011234",
            "typed_signature": "张三",
            "confirm": "on",
        },
    )
    assert response.status_code == 200
    assert ID_LAST4_INVALID in response.content.decode()
    assert "110101199001011234" not in response.content.decode()
    assert not CommitmentLetter.objects.exists()


def test_staff_reading_a_letter_pdf_is_audited_and_out_of_scope_is_404(
    client, rep, penalty
):
    from tests.factories import CountyOfficerFactory, RegionFactory

    _sign(rep, penalty)
    url = reverse("enrollment:letter_pdf", args=[penalty.pk])
    client.force_login(CountyOfficerFactory(office__region=rep.enterprise.region))
    assert client.get(url).status_code == 200
    assert (
        AuditEntry.objects.filter(action="letter.download", kind="download").count()
        == 1
    )
    client.force_login(CountyOfficerFactory(office__region=RegionFactory(code="95")))
    assert client.get(url).status_code == 404
