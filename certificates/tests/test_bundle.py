"""The repair-materials bundle: certificate, signed letters, the general-dishonesty
repair form where it applies, and the archive sheet, with UTF-8 Chinese names."""

import io
import zipfile

import pytest
from django.urls import reverse

from certificates import documents, services
from certificates.tests.factories import eligible_enrolment

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_the_bundle_opens_with_the_expected_chinese_file_names(client):
    from journey import needs_rectification_form as needs_repair_form

    enrolment = eligible_enrolment(penalties=2)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=90)
    client.force_login(enrolment.attendee)
    response = client.get(reverse("certificates:bundle", args=[cert.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    folder = f"{cert.enterprise_name}_信用修复材料"
    numbers = [p.decision_no for p in cert.penalties.order_by("decision_date", "id")]
    expected = [f"{folder}/01_培训结业证明_{cert.serial}.pdf"]
    expected += [f"{folder}/02_信用修复承诺书_{n}.pdf" for n in numbers]
    expected += [
        f"{folder}/03_一般失信行为行政处罚信用修复表_{p.decision_no}.pdf"
        for p in cert.penalties.order_by("decision_date", "id")
        if needs_repair_form(penalty=p)
    ]
    expected += [f"{folder}/04_一企一档信息表.pdf"]
    assert archive.namelist() == expected
    assert all(info.flag_bits & 0x800 for info in archive.infolist())
    assert all(archive.read(name).startswith(b"%PDF") for name in expected)


def test_the_repair_form_is_included_only_where_it_applies():
    from journey import needs_rectification_form as needs_repair_form

    enrolment = eligible_enrolment(penalties=2)
    first, second = enrolment.enterprise.penalties.order_by("id")
    first.content = "责令停止违法行为，罚款人民币五千元。"
    first.save()
    second.content = "罚款人民币二千元。"
    second.save()
    cert = services.certificate_issue(enrolment=enrolment, exam_score=90)
    names = [name for name, _ in documents.bundle_files(certificate=cert)]
    forms = [n for n in names if n.startswith("03_")]
    assert len(forms) == sum(needs_repair_form(penalty=p) for p in (first, second))
    assert needs_repair_form(penalty=first)
    assert any(first.decision_no in n for n in forms)
