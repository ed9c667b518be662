"""Render time of the signed commitment-letter PDF vs a bare one-paragraph PDF.

Run: python bench/letter_pdf.py  (prints JSON; no database needed)
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import City, Province, Region  # noqa: E402
from common.pdf import render_pdf, warm_up  # noqa: E402
from enrollment.documents import commitment_letter_pdf  # noqa: E402
from enrollment.models import CommitmentLetter  # noqa: E402
from enrollment.services import letter_text, text_sha256  # noqa: E402
from enterprises.models import Enterprise, PenaltyRecord  # noqa: E402

ROUNDS = 20


def _letter() -> CommitmentLetter:
    province = Province(code="320000", name="江苏省", short_name="江苏")
    city = City(code="320600", name="南通市", short_name="南通", province=province)
    region = Region(code="01", name="海安市", city=city)
    enterprise = Enterprise(
        name="海安恒达机械制造有限公司", uscc="91320621MA1MXK2B3X", region=region
    )
    penalty = PenaltyRecord(
        enterprise=enterprise,
        decision_no="海市监罚〔2022〕0158号",
        authority="海安市市场监督管理局",
        decision_date=datetime.date(2022, 3, 18),
        content="责令停止违法行为，罚款人民币八千元。",
    )
    text = letter_text(
        penalty=penalty, signer_name="张建国", id_type="resident_id", id_last4="123X"
    )
    return CommitmentLetter(
        penalty=penalty,
        enterprise=enterprise,
        signer_name="张建国",
        id_type="resident_id",
        id_last4="123X",
        rendered_text=text,
        text_sha256=text_sha256(text),
        signed_at=timezone.now(),
        ip_address="127.0.0.1",
    )


def _median_ms(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    warm_up()
    letter = _letter()
    baseline = _median_ms(lambda: render_pdf("pdf/base.html", {}))
    measured = _median_ms(lambda: commitment_letter_pdf(letter=letter))
    print(
        json.dumps(
            {
                "benchmark": "commitment_letter_pdf",
                "rounds": ROUNDS,
                "median_ms": round(measured, 1),
                "baseline_empty_pdf_median_ms": round(baseline, 1),
                "ratio": round(measured / baseline, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
