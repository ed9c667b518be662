"""Benchmark: import a 10,000-row governance list (target < 30 s).

    python bench/import_enterprises.py [--rows 10000] [--repeat 3]

Uses DATABASE_URL when set (PostgreSQL), else a throw-away SQLite file. Prints JSON:
the median of fresh imports, the re-import (nothing changes), and a baseline from the
same run: the row-by-row services (enterprise_create + penalty_create) on a sample,
scaled to the same number of rows.
"""

import argparse
import csv
import datetime
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault(
        "SQLITE_PATH", str(Path(tempfile.gettempdir()) / "bench_import.sqlite3")
    )


def build_csv(rows: int, start: int = 0) -> bytes:
    from enterprises.importing import COLUMNS
    from tests.factories import uscc_for

    header = [c.header for c in COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for n in range(start, start + rows):
        values = {
            "统一社会信用代码": uscc_for(3_000_000 + n),
            "企业名称": f"基准测试企业{n}有限公司",
            "经营状态": "在业/存续",
            "法定代表人": "测试",
            "登记地址": f"江苏省南通市基准路{n}号",
            "治理类型": "帮扶",
            "治理措施": "警示、信用培训",
            "名单下发日期": "2026-11-02",
            "行政处罚决定书文号": f"通B罚决字〔2026〕{n + 1}号",
            "处罚机关": "南通市基准测试局",
            "处罚决定日期": "2026-03-01",
            "处罚内容": "责令限期整改，罚款人民币五千元。",
            "失信程度": "一般失信",
        }
        writer.writerow([values.get(h, "") for h in header])
    return buffer.getvalue().encode("gb18030")


def clear(region) -> None:
    from enterprises.models import Enterprise, PenaltyRecord

    PenaltyRecord.objects.filter(enterprise__region=region).delete()
    Enterprise.objects.filter(region=region).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-rows", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from accounts.models import Region
    from enterprises import services
    from tests.factories import CityFactory, uscc_for

    call_command("migrate", verbosity=0)
    region, _ = Region.objects.get_or_create(
        city=CityFactory(), code="98", defaults={"name": "基准测试区"}
    )
    data = build_csv(args.rows)
    fresh = []
    for _ in range(args.repeat):
        clear(region)
        started = time.perf_counter()
        summary, errors = services.enterprises_import(
            region=region, filename="bench.csv", data=data
        )
        fresh.append(time.perf_counter() - started)
        assert not errors and summary.created == args.rows, (errors[:3], summary)
    started = time.perf_counter()
    summary, _ = services.enterprises_import(
        region=region, filename="bench.csv", data=data
    )
    reimport = time.perf_counter() - started
    assert summary.unchanged == args.rows and summary.created == 0

    clear(region)
    sample = args.baseline_rows
    started = time.perf_counter()
    for n in range(sample):
        enterprise = services.enterprise_create(
            region=region,
            uscc=uscc_for(3_500_000 + n),
            name=f"基准逐行企业{n}有限公司",
            list_received_on=datetime.date(2026, 11, 2),
        )
        services.penalty_create(
            enterprise=enterprise,
            decision_no=f"通C罚决字〔2026〕{n + 1}号",
            authority="南通市基准测试局",
            decision_date=datetime.date(2026, 3, 1),
            content="罚款。",
        )
    per_row = (time.perf_counter() - started) / sample
    clear(region)
    baseline = per_row * args.rows
    median = statistics.median(fresh)
    print(
        json.dumps(
            {
                "benchmark": "import_enterprises",
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "rows": args.rows,
                "file_bytes": len(data),
                "fresh_import_s": [round(t, 2) for t in fresh],
                "fresh_import_median_s": round(median, 2),
                "reimport_unchanged_s": round(reimport, 2),
                "baseline_row_by_row_s_scaled": round(baseline, 2),
                "baseline_sample_rows": sample,
                "speedup_vs_baseline": round(baseline / median, 1),
                "target_s": 30,
                "meets_target": median < 30,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
