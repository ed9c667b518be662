"""Benchmark: peak memory while the worst allowed upload is refused and while the
largest allowed governance list is imported (target: at most 200 MB above the idle
process).

    python bench/upload_memory.py [--rows 20000]

Each case runs in a fresh process: Django set up and migrated (the idle process),
then the upload. Reported: the idle RSS and the peak RSS above it, in MB.

- `refuse_xfd`: the 52 KB workbook of 10,000 one-cell rows that declares its
  dimension up to column XFD (it used to take the server from 300 MB to 1.6 GB);
  refused from the declared dimension before any row is read.
- `import_max`: an xlsx with `--rows` rows (default IMPORT_MAX_ROWS) in the
  template's columns, previewed and imported (enterprises_import).

Uses DATABASE_URL when set (PostgreSQL), else a throw-away SQLite file.
"""

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault(
        "SQLITE_PATH", str(Path(tempfile.gettempdir()) / "bench_upload.sqlite3")
    )

TARGET_MB = 200


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def xfd_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for n in range(10_000):
        book.active.append([f"r{n}"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD10000"', data
                )
            target.writestr(item, data)
    return out.getvalue()


def list_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from bench.import_enterprises import build_csv

    text = build_csv(rows, start=7_000_000).decode("gb18030")
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for line in text.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_case(case: str, rows: int) -> dict:
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import Region
    from enterprises import importing, services
    from enterprises.models import Enterprise, PenaltyRecord

    region, _ = Region.objects.get_or_create(
        code="97", defaults={"name": "内存基准区", "city": "南通市"}
    )
    data = xfd_workbook() if case == "refuse_xfd" else list_workbook(rows)
    idle = rss_mb()
    outcome = {}
    if case == "refuse_xfd":
        try:
            importing.read_table(filename="xfd.xlsx", data=data)
            outcome["refused"] = False
        except ValidationError as exc:
            outcome["refused"] = True
            outcome["message"] = exc.messages[0]
    else:
        PenaltyRecord.objects.filter(enterprise__region=region).delete()
        Enterprise.objects.filter(region=region).delete()
        summary, errors = services.enterprises_import(
            region=region, filename="list.xlsx", data=data
        )
        outcome["created"] = summary.created
        outcome["errors"] = len(errors)
        PenaltyRecord.objects.filter(enterprise__region=region).delete()
        Enterprise.objects.filter(region=region).delete()
    peak = peak_mb()
    return {
        "case": case,
        "file_bytes": len(data),
        "idle_rss_mb": round(idle, 1),
        "peak_above_idle_mb": round(max(0.0, peak - idle), 1),
        **outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--case", choices=["refuse_xfd", "import_max"])
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.rows), ensure_ascii=False))
        return
    if args.rows is None:
        import django

        django.setup()
        from common.spreadsheets import import_max_rows

        args.rows = import_max_rows()
    results = {}
    for case in ("refuse_xfd", "import_max"):
        done = subprocess.run(
            [sys.executable, __file__, "--case", case, "--rows", str(args.rows)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        results[case] = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        json.dumps(
            {
                "benchmark": "upload_memory",
                "rows": args.rows,
                **results,
                "target_mb_above_idle": TARGET_MB,
                "meets_target": all(
                    r["peak_above_idle_mb"] <= TARGET_MB for r in results.values()
                ),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
