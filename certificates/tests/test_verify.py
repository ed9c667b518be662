import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.ratelimit import RATE_LIMITED
from certificates.tests.factories import eligible_enrolment
from common.models import AuditEntry
from tests.factories import CityOfficerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return services.certificate_issue(enrolment=eligible_enrolment(), exam_score=90)


@pytest.mark.smoke
def test_verify_page_is_public_and_shows_only_the_listed_facts(client, certificate):
    response = client.get(reverse("verify", args=[certificate.verify_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "有效" in html
    assert certificate.enterprise_name in html
    assert certificate.serial in html
    assert certificate.session_title in html
    assert certificate.agency.name in html
    # issue 17: the USCC, issue date and decision numbers are shown too
    assert certificate.uscc in html
    assert timezone.localtime(certificate.issued_at).strftime("%Y-%m-%d") in html
    assert certificate.decision_numbers[0] in html
    # nothing more: no representative, no score
    assert certificate.representative not in html


def test_a_revoked_certificate_shows_revoked_with_reason_and_date(client, certificate):
    trainer = TrainerFactory(agency=certificate.agency)
    services.certificate_revoke(
        certificate=certificate, actor=trainer, reason="证明信息有误"
    )
    html = client.get(
        reverse("verify", args=[certificate.verify_code])
    ).content.decode()
    assert "已撤销" in html
    assert "证明信息有误" in html
    certificate.refresh_from_db()
    # the page shows the Shanghai date, which differs from UTC after 16:00 UTC
    assert timezone.localtime(certificate.revoked_at).strftime("%Y-%m-%d") in html


def test_a_wrong_code_is_404(client, certificate):
    response = client.get(reverse("verify", args=[certificate.verify_code[:-1] + "x"]))
    assert response.status_code == 404


def test_lookups_are_rate_limited_per_ip(client, certificate, settings):
    settings.VERIFY_RATE_LIMIT = 3
    url = reverse("verify", args=["no-such-code"])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 404]
    blocked = client.get(reverse("verify", args=[certificate.verify_code]))
    assert blocked.status_code == 429
    assert RATE_LIMITED.format(minutes=5) in blocked.content.decode()
    other_ip = client.get(
        reverse("verify", args=[certificate.verify_code]), REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 200


def test_the_form_finds_a_certificate_by_serial_and_code(client, certificate):
    response = client.post(
        reverse("verify_form"),
        {"serial": certificate.serial.lower(), "code": certificate.verify_code},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("verify", args=[certificate.public_code])


def test_the_form_refuses_a_serial_with_someone_elses_code(client, certificate):
    other = services.certificate_issue(enrolment=eligible_enrolment(), exam_score=90)
    response = client.post(
        reverse("verify_form"),
        {"serial": certificate.serial, "code": other.verify_code},
    )
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_the_form_names_the_missing_field(client):
    response = client.post(reverse("verify_form"), {"serial": "", "code": ""})
    html = response.content.decode()
    assert "证书编号：请输入证书上的编号。" in html
    assert "验证码：请输入证书上的验证码。" in html


def test_reissue_revokes_the_old_and_issues_a_new_verifiable_one(client, certificate):
    city = CityOfficerFactory()
    new = services.certificate_reissue(
        certificate=certificate, actor=city, reason="企业名称变更"
    )
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.revoked_reason == f"{services.REISSUE_PREFIX}：企业名称变更"
    assert new.is_valid and new.replaces == certificate
    assert new.serial != certificate.serial
    assert new.verify_code != certificate.verify_code
    old_page = client.get(reverse("verify", args=[certificate.verify_code]))
    assert "已撤销" in old_page.content.decode()
    assert (
        "有效" in client.get(reverse("verify", args=[new.verify_code])).content.decode()
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"certificate.revoke_for_reissue", "certificate.reissue"} <= actions


def test_revocation_is_audited_with_its_reason(certificate):
    trainer = TrainerFactory(agency=certificate.agency)
    services.certificate_revoke(
        certificate=certificate, actor=trainer, reason="重复出具"
    )
    entry = AuditEntry.objects.get(action="certificate.revoke")
    assert entry.actor == trainer
    assert entry.detail["reason"] == "重复出具"


def test_a_trainer_of_another_agency_cannot_revoke(client, certificate):
    outsider = TrainerFactory()
    client.force_login(outsider)
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_revoking_without_a_reason_names_the_field(client, certificate):
    client.force_login(TrainerFactory(agency=certificate.agency))
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]),
        {"reason": ""},
        follow=True,
    )
    assert "原因：请填写撤销或重新签发的原因。" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_the_issuing_trainer_revokes_through_the_page(client, certificate):
    client.force_login(TrainerFactory(agency=certificate.agency))
    client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "材料造假"}
    )
    html = client.get(
        reverse("verify", args=[certificate.verify_code])
    ).content.decode()
    assert "材料造假" in html
