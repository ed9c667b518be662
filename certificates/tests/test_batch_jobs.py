"""Session ZIPs and bulk issue run as background jobs, with progress and one result."""

import io
import zipfile
from unittest import mock

import pytest
from django.urls import reverse

from certificates import documents, services
from certificates.jobs import certificate_batch_run
from certificates.models import CertificateBatch
from certificates.tests.factories import eligible_enrolment
from tests.factories import TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_and_trainer():
    session = TrainingSessionFactory()
    for _ in range(3):
        eligible_enrolment(session=session, penalties=0)
    trainer = TrainerFactory(agency=session.plan_line.agency)
    services.session_certificates_issue(session=session, actor=trainer)
    return session, trainer


def test_the_zip_request_returns_at_once_and_the_page_links_the_download(
    client, session_and_trainer
):
    session, trainer = session_and_trainer
    client.force_login(trainer)
    response = client.post(reverse("certificates:session_zip", args=[session.pk]))
    batch = CertificateBatch.objects.get(session=session)
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:batch", args=[batch.pk])
    status = client.get(response["Location"] + "?format=json").json()
    assert status == {"status": "done", "done": 3, "total": 3, "download": True}
    html = client.get(response["Location"]).content.decode()
    assert reverse("certificates:batch_download", args=[batch.pk]) in html
    data = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    assert len(zipfile.ZipFile(io.BytesIO(data.content)).namelist()) == 3


def test_a_run_killed_midway_is_retried_and_leaves_exactly_one_zip(
    session_and_trainer, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    session, trainer = session_and_trainer
    batch = services.certificate_batch_create(
        session=session, actor=trainer, kind=CertificateBatch.Kind.ZIP
    )
    real = documents.render_certificate
    calls = {"n": 0}

    def dies_on_the_second(context):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real(context)

    with (
        mock.patch.object(documents, "render_certificate", dies_on_the_second),
        pytest.raises(SystemExit),
    ):
        certificate_batch_run.call(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.RUNNING and not batch.file
    certificate_batch_run.call(batch_id=batch.pk)  # the retry
    certificate_batch_run.call(batch_id=batch.pk)  # a duplicate delivery
    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.DONE and batch.done == 3
    files = list((tmp_path / "certificate_batches").iterdir())
    assert [f.name for f in files] == [batch.file.name.rsplit("/", 1)[-1]]


def test_another_agency_cannot_see_the_batch(client, session_and_trainer):
    session, trainer = session_and_trainer
    batch = services.certificate_batch_create(
        session=session, actor=trainer, kind=CertificateBatch.Kind.ZIP
    )
    client.force_login(TrainerFactory())
    assert client.get(reverse("certificates:batch", args=[batch.pk])).status_code == 404
    url = reverse("certificates:batch_download", args=[batch.pk])
    assert client.get(url).status_code == 404
