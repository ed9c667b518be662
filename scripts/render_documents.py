"""Render every document type from the loaded demo world to PDF and page PNGs.

    DJANGO_SETTINGS_MODULE=config.settings.dev python manage.py seed_demo
    DJANGO_SETTINGS_MODULE=config.settings.dev python scripts/render_documents.py

Writes docs/documents/<name>.png (page 1 at 80 dpi; more pages as -2, -3) with
pdftoppm (poppler-utils), so a reader sees what the platform prints. Look at each.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "documents"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from certificates.documents import certificate_pdf, repair_proof_pdf  # noqa: E402
from certificates.models import Certificate, RepairProof  # noqa: E402
from enrollment.documents import commitment_letter_pdf, repair_form_pdf  # noqa: E402
from enrollment.models import CommitmentLetter  # noqa: E402
from enrollment.selectors import needs_repair_form  # noqa: E402
from enterprises.documents import (  # noqa: E402
    archive_sheet_pdf,
    enterprise_file_pdf,
    reminder_letter_pdf,
)
from enterprises.models import PenaltyRecord, ReminderLetter  # noqa: E402


def documents() -> dict[str, bytes]:
    certificate = Certificate.objects.filter(status="valid").first()
    letter = CommitmentLetter.objects.select_related("penalty").first()
    penalty = next(
        (p for p in PenaltyRecord.objects.all() if needs_repair_form(penalty=p)),
        letter.penalty,
    )
    enterprise = letter.enterprise
    reminder = ReminderLetter.objects.select_related("enterprise", "office").first()
    found = {
        "certificate": certificate_pdf(certificate=certificate),
        "commitment_letter": commitment_letter_pdf(letter=letter),
        "repair_form": repair_form_pdf(penalty=penalty),
        "archive_sheet": archive_sheet_pdf(enterprise=enterprise),
        "enterprise_file": enterprise_file_pdf(enterprise=enterprise),
    }
    if reminder is not None:
        found["reminder_letter"] = reminder_letter_pdf(
            enterprise=reminder.enterprise,
            office=reminder.office,
            document_no=reminder.document_no,
            issued_on=timezone.localtime(reminder.issued_at).date(),
        )
    proof = RepairProof.objects.first()
    if proof is not None:
        found["repair_proof"] = repair_proof_pdf(proof=proof)
    return found


PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in documents().items():
            source = Path(tmp) / f"{name}.pdf"
            source.write_bytes(pdf)
            for old in OUT.glob(f"{name}*.png"):
                old.unlink()
            subprocess.run(  # noqa: S603 - our own PDFs into our own folder
                [PDFTOPPM, "-r", "80", "-png", str(source), str(OUT / name)],
                check=True,
            )
            for page in sorted(OUT.glob(f"{name}-*.png")):
                number = int(page.stem.rsplit("-", 1)[1])
                page.rename(
                    OUT / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
                )
            print(f"{name}: {len(pdf):,} bytes")


if __name__ == "__main__":
    main()
