import io
import zipfile

import pytest
from django.urls import reverse

from certificates import services
from certificates.jobs import certificate_batch_run
from certificates.models import Certificate, CertificateBatch
from certificates.tests.factories import eligible_enrolment
from tests.factories import (
    CountyOfficerFactory,
    EnrolmentFactory,
    RepresentativeFactory,
    TrainerFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed_everyone():
    """Eligible enrolments built below come with a passed attempt (the default)."""


def _session_with(eligible: int, blocked: int):
    session = TrainingSessionFactory()
    for _ in range(eligible):
        eligible_enrolment(session=session, penalties=1)
    for _ in range(blocked):
        EnrolmentFactory(session=session)
    return session


def test_batch_issues_every_eligible_certificate_and_says_who_was_skipped(
    passed_everyone,
):
    session = _session_with(eligible=3, blocked=1)
    trainer = TrainerFactory(agency=session.plan_line.agency)
    result = services.session_certificates_issue(session=session, actor=trainer)
    assert result.issued == 3
    assert len(result.skipped) == 1
    again = services.session_certificates_issue(session=session, actor=trainer)
    assert again.issued == 0 and len(again.certificates) == 3
    assert Certificate.objects.filter(session=session).count() == 3


def test_batch_without_a_pass_issues_nothing():
    session = TrainingSessionFactory()
    for _ in range(2):
        eligible_enrolment(session=session, penalties=1, passed=False)
    trainer = TrainerFactory(agency=session.plan_line.agency)
    result = services.session_certificates_issue(session=session, actor=trainer)
    assert result.issued == 0 and len(result.skipped) == 2


@pytest.mark.smoke
def test_issue_and_download_a_session_as_one_zip_with_chinese_names(
    client, passed_everyone
):
    session = _session_with(eligible=2, blocked=0)
    client.force_login(TrainerFactory(agency=session.plan_line.agency))
    # the run is a background job (inline in tests); the page shows its result
    page = client.post(reverse("certificates:session", args=[session.pk]), follow=True)
    assert "本次新出具 2 份" in page.content.decode()
    batch = CertificateBatch.objects.get(session=session)
    response = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    assert response["Content-Type"] == "application/zip"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    expected = sorted(
        f"{c.enterprise_name}_培训结业证明_{c.serial}.pdf"
        for c in Certificate.objects.filter(session=session)
    )
    assert names == expected
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 flag
    assert all(archive.read(n).startswith(b"%PDF") for n in names)


def test_a_county_office_reads_but_cannot_batch_issue(client, passed_everyone):
    session = _session_with(eligible=1, blocked=0)
    officer = CountyOfficerFactory(office__region=session.plan_line.region)
    client.force_login(officer)
    assert (
        client.get(reverse("certificates:session", args=[session.pk])).status_code
        == 200
    )
    assert (
        client.post(reverse("certificates:session", args=[session.pk])).status_code
        == 404
    )
    assert not Certificate.objects.exists()


def test_a_trainer_of_another_agency_gets_404_for_the_session(client):
    session = _session_with(eligible=0, blocked=1)
    client.force_login(TrainerFactory())
    response = client.post(reverse("certificates:session", args=[session.pk]))
    assert response.status_code == 404


def test_the_representative_sees_and_downloads_only_their_certificate(client):
    enrolment = eligible_enrolment(penalties=1)
    mine = services.certificate_issue(enrolment=enrolment, exam_score=90)
    theirs = services.certificate_issue(enrolment=eligible_enrolment(), exam_score=90)
    client.force_login(enrolment.attendee)
    html = client.get(reverse("certificates:list")).content.decode()
    assert mine.serial in html and theirs.serial not in html
    pdf = client.get(reverse("certificates:download", args=[mine.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("certificates:download", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("certificates:detail", args=[theirs.pk])).status_code == 404
    )


def test_a_representative_without_certificate_gets_a_hint(client):
    client.force_login(RepresentativeFactory())
    html = client.get(reverse("certificates:list")).content.decode()
    assert "尚未取得结业证明" in html


def test_the_session_zip_reads_a_bounded_number_of_queries(
    client, passed_everyone, django_assert_max_num_queries
):
    session = _session_with(eligible=5, blocked=0)
    trainer = TrainerFactory(agency=session.plan_line.agency)
    services.session_certificates_issue(session=session, actor=trainer)
    batch = services.certificate_batch_create(
        session=session, actor=trainer, kind=CertificateBatch.Kind.ZIP
    )
    with django_assert_max_num_queries(16):
        certificate_batch_run.call(batch_id=batch.pk)
    batch.refresh_from_db()
    with batch.file.open("rb") as handle:
        assert len(zipfile.ZipFile(handle).namelist()) == 5


def test_a_trainer_uploads_the_seal_and_a_bad_file_names_the_field(
    client, settings, tmp_path
):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    trainer = TrainerFactory()
    client.force_login(trainer)
    bad = client.post(
        reverse("certificates:seal"),
        {"image": io.BytesIO(b"not an image")},
    )
    assert "印章图片：" in bad.content.decode()
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 60), (200, 0, 0, 255)).save(buffer, "PNG")
    buffer.name = "seal.png"
    buffer.seek(0)
    ok = client.post(reverse("certificates:seal"), {"image": buffer})
    assert ok.status_code == 302
    trainer.agency.refresh_from_db()
    assert trainer.agency.seal.image


def test_nav_leads_each_role_to_its_certificate_page(client):
    client.force_login(RepresentativeFactory())
    assert reverse("certificates:list") in client.get("/").content.decode()
    client.force_login(TrainerFactory())
    assert reverse("certificates:sessions") in client.get("/").content.decode()
    client.force_login(CountyOfficerFactory())
    assert reverse("certificates:repairs") in client.get("/").content.decode()
