"""Background jobs of the certificates app: a session's certificates as one ZIP."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from jobs import job

from . import documents, selectors, services
from .models import CertificateBatch

PROGRESS_EVERY = 10


@job(atomic=False)
def certificate_batch_run(*, batch_id: int) -> str:
    """Issue (for an issue run) and render a session's certificates into one ZIP.

    Idempotent: a retried run starts over and replaces the file, so a job killed
    midway still ends with exactly one ZIP on its batch."""
    batch = CertificateBatch.objects.select_related("session", "requested_by").get(
        pk=batch_id
    )
    if batch.status == CertificateBatch.Status.DONE:
        return batch.file.name
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=CertificateBatch.Status.RUNNING, done=0, error=""
    )
    try:
        if batch.kind == CertificateBatch.Kind.ISSUE:
            result = services.session_certificates_issue(
                session=batch.session, actor=batch.requested_by
            )
            batch.issued = result.issued
            batch.skipped = [
                [enrolment.enterprise.name, reason]
                for enrolment, reason in result.skipped
            ]
        certificates = list(selectors.session_certificates(session=batch.session))
        CertificateBatch.objects.filter(pk=batch.pk).update(total=len(certificates))
        data = _zip(batch, certificates)
    except Exception as exc:
        CertificateBatch.objects.filter(pk=batch.pk).update(
            status=CertificateBatch.Status.FAILED, error=str(exc)[:300]
        )
        raise
    name = f"{documents.safe_name(batch.session.title)}_结业证明_{batch.pk}.zip"
    if batch.file:
        batch.file.delete(save=False)
    batch.file.save(name, ContentFile(data), save=False)
    batch.status = CertificateBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.done = batch.total = len(certificates)
    batch.save()
    return batch.file.name


def _zip(batch: CertificateBatch, certificates: list) -> bytes:
    seals: dict[int, str | None] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for count, certificate in enumerate(certificates, start=1):
            pdf = documents.render_certificate(
                documents.certificate_context(certificate, seals=seals)
            )
            archive.writestr(documents.certificate_filename(certificate), pdf)
            if count % PROGRESS_EVERY == 0:
                CertificateBatch.objects.filter(pk=batch.pk).update(
                    done=F("done") + PROGRESS_EVERY
                )
    return buffer.getvalue()
