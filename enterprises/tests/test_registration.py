"""Registering an account, then claiming an enterprise: by the archive's contact
mobile, or by a request the county office decides. Public facts never suffice."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import OneTimeCode, User
from accounts.sms import outbox_messages
from common.models import AuditEntry
from common.validators import MOBILE_INVALID, USCC_LOWER_CASE, make_uscc
from enterprises.models import ClaimRequest, Enterprise
from enterprises.services import (
    ACCOUNT_REGISTERED,
    CLAIM_CODE_SENT,
    CLAIM_SUBMITTED,
    LICENCE_TYPE,
    MOBILE_ALREADY_REGISTERED,
)
from tests.factories import (
    CountyOfficerFactory,
    CreditOfficeFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RegionFactory,
    RepresentativeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

VALID_USCC = make_uscc("91320621MA1ABCDE1")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_PATH = str(tmp_path / "outbox.jsonl")


def _register(client, mobile="13812345678", **extra):
    data = {
        "real_name": "李四",
        "mobile": mobile,
        "password1": "Xinyong#2026",
        "password2": "Xinyong#2026",
        **extra,
    }
    return client.post(reverse("enterprises:register"), data)


def _claim(client, **data):
    return client.post(reverse("enterprises:claim"), data, follow=True)


def _licence(content=PDF, name="licence.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _visible_text(response) -> str:
    """The page with the CSRF token, USCC echo and form values taken out."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'value="[^"]*"', "", html)


def test_registration_creates_an_account_linked_to_nothing(client):
    response = _register(client)
    assert response.status_code == 302 and response.url == reverse("enterprises:claim")
    user = User.objects.get(username="13812345678")
    assert user.role == User.Role.ENTERPRISE and user.enterprise is None
    assert AuditEntry.objects.filter(action="account.register", actor=user).exists()
    page = client.get(response.url)
    assert ACCOUNT_REGISTERED in [m.message for m in page.context["messages"]]


def test_the_claim_attack_ends_with_no_access_and_the_unknown_uscc_message(client):
    """Issue 13: an archived USCC and a guessed name used to link a stranger."""
    real = EnterpriseFactory(
        uscc=VALID_USCC,
        name="南通崇川明远装饰工程有限公司",
        contact_phone="13900009999",
    )
    PenaltyRecordFactory(enterprise=real)
    unknown = make_uscc("91320621MA1XYXYX1")
    # 1) registration with the archived USCC and any name: no enterprise, no name.
    response = _register(client, uscc=VALID_USCC, company_name="随便写的有限公司")
    assert response.status_code == 302
    attacker = User.objects.get(username="13812345678")
    assert attacker.enterprise is None
    # 2) the claim page answers the archived and the unknown USCC alike.
    archived = _claim(client, action="send", uscc=VALID_USCC)
    client.logout()
    _register(client, mobile="13812345679")
    other = _claim(client, action="send", uscc=unknown)
    assert CLAIM_CODE_SENT in _visible_text(archived)
    assert _visible_text(archived).replace(VALID_USCC, "") == _visible_text(
        other
    ).replace(unknown, "")
    for response in (archived, other):
        assert real.name not in response.content.decode()
        assert "9999" not in response.content.decode()
    # The code went to the archive's mobile, which the attacker does not hold.
    assert [m["to"] for m in outbox_messages()] == ["13900009999"]
    # 3) guessing codes spends the tries, and the attacker is still linked to nothing.
    client.logout()
    client.force_login(attacker)
    for guess in ("000000", "111111", "222222", "333333", "444444", "555555"):
        response = _claim(client, action="verify", uscc=VALID_USCC, code=guess)
        assert "验证码错误或已失效" in response.content.decode()
    attacker.refresh_from_db()
    assert attacker.enterprise is None
    # 4) a claim request with the real name stays pending: still no access.
    response = _claim(
        client,
        action="request",
        uscc=VALID_USCC,
        company_name=real.name,
        region=real.region.pk,
        applicant_role="legal_rep",
        licence=_licence(),
    )
    assert CLAIM_SUBMITTED in [m.message for m in response.context["messages"]]
    assert client.get(reverse("enterprises:detail", args=[real.pk])).status_code == 404
    letters = client.get(reverse("enrollment:letters")).content.decode()
    assert real.name not in letters
    # 5) the real representative is not refused (after the 60 s between codes).
    OneTimeCode.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    client.logout()
    _register(client, mobile="13900009999")
    _claim(client, action="send", uscc=VALID_USCC)
    code = outbox_messages(mobile="13900009999")[-1]["code"]
    response = _claim(client, action="verify", uscc=VALID_USCC, code=code)
    assert User.objects.get(username="13900009999").enterprise == real
    assert AuditEntry.objects.filter(action="claim.sms").count() == 1


def test_an_unknown_uscc_never_creates_an_archive_record(client):
    region = RegionFactory(code="05")
    _register(client)
    response = _claim(
        client,
        action="request",
        uscc=VALID_USCC,
        company_name="南通新企业有限公司",
        region=region.pk,
        applicant_role="principal",
        licence=_licence(),
    )
    assert CLAIM_SUBMITTED in [m.message for m in response.context["messages"]]
    assert not Enterprise.objects.exists()
    claim = ClaimRequest.objects.get()
    assert (claim.region, claim.status, claim.enterprise) == (region, "pending", None)


def test_a_claim_goes_to_the_archive_region_and_notifies_its_office(client):
    archived_region = RegionFactory(code="01")
    office = CountyOfficerFactory(office=CreditOfficeFactory(region=archived_region))
    enterprise = EnterpriseFactory(uscc=VALID_USCC, region=archived_region)
    _register(client)
    _claim(
        client,
        action="request",
        uscc=VALID_USCC,
        company_name="任意名称",
        region=RegionFactory(code="09").pk,
        applicant_role="agent",
        licence=_licence(),
    )
    claim = ClaimRequest.objects.get()
    assert (claim.region, claim.enterprise) == (archived_region, enterprise)
    assert office.notices.filter(title__contains="认领申请").exists()


def test_a_licence_that_is_not_an_image_or_pdf_is_refused(client):
    _register(client)
    response = _claim(
        client,
        action="request",
        uscc=VALID_USCC,
        company_name="南通新企业有限公司",
        region=RegionFactory().pk,
        applicant_role="principal",
        licence=_licence(b"MZ\x90\x00 not a licence", "licence.pdf"),
    )
    assert LICENCE_TYPE in response.content.decode()
    assert not ClaimRequest.objects.exists()


def _pending_claim(client, region, uscc=VALID_USCC):
    _register(client)
    _claim(
        client,
        action="request",
        uscc=uscc,
        company_name="南通新企业有限公司",
        region=region.pk,
        applicant_role="legal_rep",
        licence=_licence(),
    )
    client.logout()
    return ClaimRequest.objects.get()


def test_county_office_approves_a_claim_for_a_new_enterprise(client):
    region = RegionFactory(code="01")
    office = CountyOfficerFactory(office=CreditOfficeFactory(region=region))
    claim = _pending_claim(client, region)
    client.force_login(office)
    queue = client.get(reverse("enterprises:claims")).content.decode()
    assert "南通新企业有限公司" in queue
    licence = client.get(reverse("enterprises:claim_licence", args=[claim.pk]))
    assert b"".join(licence.streaming_content).startswith(b"%PDF")
    client.post(
        reverse("enterprises:claim_decide", args=[claim.pk]), {"decision": "approve"}
    )
    applicant = User.objects.get(username="13812345678")
    assert applicant.enterprise.uscc == VALID_USCC
    assert applicant.enterprise.region == region
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "claim.request",
        "claim.approve",
        "enterprise.create",
        "claim.licence",
    } <= actions


def test_county_office_rejects_with_a_reason_and_the_applicant_is_told(client):
    region = RegionFactory(code="01")
    office = CountyOfficerFactory(office=CreditOfficeFactory(region=region))
    claim = _pending_claim(client, region)
    client.force_login(office)
    url = reverse("enterprises:claim_decide", args=[claim.pk])
    client.post(url, {"decision": "reject", "reason": "营业执照与企业名称不符"})
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == ("rejected", "营业执照与企业名称不符")
    assert claim.applicant.enterprise is None
    assert claim.applicant.notices.filter(body__contains="营业执照与企业名称不符")
    entry = AuditEntry.objects.get(action="claim.reject")
    assert entry.detail["reason"] == "营业执照与企业名称不符"


def test_another_region_office_cannot_see_or_decide_a_claim(client):
    region = RegionFactory(code="01")
    claim = _pending_claim(client, region)
    other = CountyOfficerFactory(
        office=CreditOfficeFactory(region=RegionFactory(code="02"))
    )
    client.force_login(other)
    assert (
        client.get(reverse("enterprises:claim_detail", args=[claim.pk])).status_code
        == 404
    )
    url = reverse("enterprises:claim_decide", args=[claim.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert User.objects.get(username="13812345678").enterprise is None


def test_lower_case_uscc_is_the_same_code_and_a_bad_check_is_named(client):
    _register(client)
    response = _claim(client, action="send", uscc=VALID_USCC.lower())
    assert USCC_LOWER_CASE not in response.content.decode()
    bad = VALID_USCC[:17] + ("0" if VALID_USCC[17] != "0" else "1")
    response = _claim(client, action="send", uscc=bad)
    assert "校验位" in response.content.decode()


@pytest.mark.parametrize("mobile", ["1381234567", "12812345678", "138123456789", "abc"])
def test_bad_mobile_is_refused_on_the_mobile_field(client, mobile):
    response = _register(client, mobile=mobile)
    assert response.context["form"].errors.get("mobile")
    assert not User.objects.exists()


def test_bad_mobile_message_is_chinese(client):
    response = _register(client, mobile="12812345678")
    assert MOBILE_INVALID in response.context["form"].errors["mobile"]


def test_duplicate_mobile_is_refused(client):
    RepresentativeFactory(username="13812345678")
    response = _register(client)
    assert MOBILE_ALREADY_REGISTERED in response.context["form"].errors["mobile"]
