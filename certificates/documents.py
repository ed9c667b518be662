"""PDFs and ZIPs: certificates, repair proofs, the repair-materials bundle, batches.

A document is built in two steps: a plain, picklable context from the database
(`*_context`), then rendering (`render_*`). The batch renderer hands contexts to
worker processes so 1,500 certificates use every core without touching the DB there.
"""

import base64
import io
import logging
import multiprocessing
import re
import zipfile
from collections.abc import Iterable

from django.utils import timezone

from common.pdf import qr_png_data_uri, render_pdf
from common.signing import sign_pdf
from enrollment.documents import commitment_letter_pdf, repair_form_pdf
from enrollment.selectors import needs_repair_form
from enterprises.documents import archive_sheet_pdf, official_letter_context

from .models import AgencySeal, Certificate, RepairProof
from .selectors import certificate_verify_url

CERTIFICATE_TEMPLATE = "pdf/certificate.html"
PROOF_TEMPLATE = "pdf/certificate_repair_proof.html"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(text: str) -> str:
    """A file-name part: keeps Chinese, drops path separators and spaces."""
    return _UNSAFE.sub("_", text).strip("_") or "_"


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _seal_data_uri(agency_id: int) -> str | None:
    """The agency's seal inlined as a data URI (no file lookups while rendering)."""
    seal = AgencySeal.objects.filter(agency_id=agency_id).first()
    if not (seal and seal.image):
        return None
    try:
        with seal.image.open("rb") as image:
            data = image.read()
    except (OSError, ValueError):
        return None
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def certificate_context(
    certificate: Certificate, *, seals: dict[int, str | None] | None = None
) -> dict:
    """Everything the certificate template prints, as plain data.

    `seals` caches each agency's seal across a batch."""
    if seals is None:
        seals = {}
    if certificate.agency_id not in seals:
        seals[certificate.agency_id] = _seal_data_uri(certificate.agency_id)
    starts = timezone.localtime(certificate.session_starts_at)
    ends = timezone.localtime(certificate.session_ends_at)
    dates = _date(starts)
    if ends.date() != starts.date():
        dates += f" 至 {_date(ends)}"
    return {
        "kind": Certificate.KIND_LABEL,
        "serial": certificate.serial,
        "valid": certificate.is_valid,
        "enterprise_name": certificate.enterprise_name,
        "uscc": certificate.uscc,
        "representative": certificate.representative,
        "programme": certificate.programme.name,
        "session_title": certificate.session_title,
        "session_dates": dates,
        "session_times": f"{starts:%H:%M}-{ends:%H:%M}",
        "class_hours": f"{certificate.class_hours.normalize():f}",
        "exam_score": f"{certificate.exam_score.normalize():f}",
        "agency": certificate.agency.name,
        "office": certificate.office.name if certificate.office_id else "",
        "decision_numbers": list(certificate.decision_numbers),
        "issued_on": _date(timezone.localtime(certificate.issued_at)),
        "verify_url": certificate_verify_url(certificate),
        "verify_code": certificate.short_code,
        "seal": seals[certificate.agency_id],
    }


def render_certificate(context: dict) -> bytes:
    """Render one certificate context to a signed one-page A4 landscape PDF."""
    pdf = render_pdf(
        CERTIFICATE_TEMPLATE,
        {**context, "qr": qr_png_data_uri(context["verify_url"], scale=3)},
    )
    return sign_pdf(pdf, kind=context["kind"], serial=context["serial"])


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """The certificate as PDF bytes."""
    return render_certificate(certificate_context(certificate))


def certificate_filename(certificate: Certificate) -> str:
    name = safe_name(certificate.enterprise_name)
    return f"{name}_培训结业证明_{certificate.serial}.pdf"


def repair_proof_pdf(*, proof: RepairProof) -> bytes:
    """The 信用修复证明 as PDF bytes, with the same QR verification."""
    context = {
        "kind": RepairProof.KIND_LABEL,
        "proof": proof,
        "approved_on": _date(proof.approved_on),
        "verify_url": certificate_verify_url(proof),
        "verify_code": proof.short_code,
        **official_letter_context(
            office=proof.office,
            document_no=proof.document_no,
            signed_on=timezone.localtime(proof.issued_at),
        ),
    }
    context["qr"] = qr_png_data_uri(context["verify_url"], scale=3)
    pdf = render_pdf(PROOF_TEMPLATE, context, serif=True)
    return sign_pdf(pdf, kind=RepairProof.KIND_LABEL, serial=proof.serial)


# --- batches ------------------------------------------------------------------------


def render_many(contexts: list[dict], *, processes: int = 1) -> Iterable[bytes]:
    """Render contexts in order, in `processes` forked workers when above one."""
    if processes <= 1 or len(contexts) < 2:
        yield from map(render_certificate, contexts)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes) as pool:
        yield from pool.imap(render_certificate, contexts, chunksize=8)


def certificates_zip(certificates: list[Certificate], *, processes: int = 1) -> bytes:
    """Every certificate as one ZIP (UTF-8 names), for a session's batch download."""
    seals: dict[int, str | None] = {}
    contexts = [certificate_context(c, seals=seals) for c in certificates]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for cert, pdf in zip(
            certificates, render_many(contexts, processes=processes), strict=True
        ):
            archive.writestr(certificate_filename(cert), pdf)
    return buffer.getvalue()


# --- the repair-materials bundle ---------------------------------------------------


def bundle_files(*, certificate: Certificate) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the repair-materials bundle of a certificate."""
    files = [
        (
            f"01_培训结业证明_{certificate.serial}.pdf",
            certificate_pdf(certificate=certificate),
        )
    ]
    penalties = list(
        certificate.penalties.select_related("commitment_letter").order_by(
            "decision_date", "id"
        )
    )
    for penalty in penalties:
        letter = getattr(penalty, "commitment_letter", None)
        if letter is not None:
            files.append(
                (
                    f"02_信用修复承诺书_{safe_name(penalty.decision_no)}.pdf",
                    commitment_letter_pdf(letter=letter),
                )
            )
    for penalty in penalties:
        if needs_repair_form(penalty=penalty):
            files.append(
                (
                    f"03_一般失信行为行政处罚信用修复表_{safe_name(penalty.decision_no)}.pdf",
                    repair_form_pdf(penalty=penalty),
                )
            )
    files.append(
        ("04_一企一档信息表.pdf", archive_sheet_pdf(enterprise=certificate.enterprise))
    )
    return files


def bundle_filename(certificate: Certificate) -> str:
    return f"{safe_name(certificate.enterprise_name)}_信用修复材料.zip"


def repair_bundle_zip(*, certificate: Certificate) -> bytes:
    """The repair-materials bundle as a ZIP with UTF-8 Chinese file names."""
    folder = bundle_filename(certificate).removesuffix(".zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in bundle_files(certificate=certificate):
            # zipfile sets the UTF-8 flag (bit 11) for every non-ASCII name.
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


def sample_context() -> dict:
    """A certificate context without the database, for warm-up and benchmarks."""
    return {
        "kind": Certificate.KIND_LABEL,
        "serial": "NT2022-01-0001",
        "valid": True,
        "enterprise_name": "南通示例机械制造有限公司",
        "uscc": "91320600MA1XXXXXX0",
        "representative": "王示例",
        "programme": "2022年南通市信用修复公益培训",
        "session_title": "信用修复专题培训第1期",
        "session_dates": "2022年6月15日",
        "session_times": "09:00-12:00",
        "class_hours": "3",
        "exam_score": "92",
        "agency": "示例信用服务有限公司",
        "office": "示例区信用办",
        "decision_numbers": [f"通示罚决字〔2022〕{n}号" for n in range(1, 4)],
        "issued_on": "2022年6月15日",
        "verify_url": "http://127.0.0.1:8000/verify/NT2022-01-0001-7K3M9QXA/",
        "verify_code": "7K3M9QXA",
        "seal": None,
    }


def warm_up() -> None:
    """Load the font and compile the certificate template once per process."""
    from common.pdf import warm_up as font_warm_up

    font_warm_up()
    try:
        render_certificate(sample_context())
    except Exception:  # warming must never stop the server
        logging.getLogger(__name__).exception("certificate warm-up failed")
