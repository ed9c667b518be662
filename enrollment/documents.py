"""PDFs of the enrollment app: the signed commitment letter and the repair form."""

import base64

from django.utils import timezone

from common.pdf import render_pdf
from common.signing import sign_pdf
from enterprises.models import PenaltyRecord

from .models import CommitmentLetter


def _signature_data_uri(letter: CommitmentLetter) -> str:
    if not letter.signature_image:
        return ""
    with letter.signature_image.open("rb") as handle:
        raw = handle.read()
    return "data:image/png;base64," + base64.b64encode(raw).decode()


LETTER_KIND = "信用修复承诺书"


def letter_serial(letter: CommitmentLetter) -> str:
    """The number a letter's PDF signature names (CNS-<id>)."""
    return f"CNS-{letter.pk}"


def commitment_letter_pdf(*, letter: CommitmentLetter) -> bytes:
    """The signed letter as PDF (PAdES-signed by the platform): its stored text,
    signature, time and SHA-256."""
    lines = letter.rendered_text.splitlines()
    pdf = render_pdf(
        "enrollment/pdf/commitment_letter.html",
        {
            "letter": letter,
            "title": lines[0] if lines else "信用修复承诺书",
            "paragraphs": [line for line in lines[1:] if line.strip()],
            "signature_uri": _signature_data_uri(letter),
            "signed_at": timezone.localtime(letter.signed_at),
        },
        serif=True,
    )
    return sign_pdf(pdf, kind=LETTER_KIND, serial=letter_serial(letter))


def repair_form_pdf(*, penalty: PenaltyRecord) -> bytes:
    """涉及一般失信行为行政处罚信息信用修复表 (seed 001 attachment 3), pre-filled."""
    representative = penalty.enterprise.representatives.first()
    return render_pdf(
        "enrollment/pdf/repair_form.html",
        {
            "penalty": penalty,
            "enterprise": penalty.enterprise,
            "handler": representative,
        },
        serif=True,
    )
