"""Benchmark: the offices' dashboard and a 10,000-row export on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xyxf_w9 python bench/dashboard.py

Creates (and drops again unless --keep) its own database `<name>_bench` next to the
one in DATABASE_URL, migrates it and bulk-creates a city-sized data set: 11 regions,
3 agencies, 10,000 enterprises with a penalty each (70 % with a signed letter) and
50,000 enrolments across 5 programmes (70 % signed in). It measures the dashboard page
(GET /reports/ as the city office, full render with both SVG charts) at half and at
full size, with its query count, and the xlsx and csv export of one programme's
10,000-row attendance list. Prints JSON.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENTERPRISES = 10_000
PROGRAMMES = 5
SESSIONS_PER_LINE = 10
RUNS = 15


def _bench_database(keep: bool) -> str:
    import psycopg

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xyxf")
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_bench"
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path="/" + name)), admin, name


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As under a persistent connection (CONN_MAX_AGE), and so queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    call_command("migrate", verbosity=0)


def _base_data():
    from accounts.models import Agency, CreditOffice, Region, User
    from enterprises.models import RuleProfile
    from tests.factories import CityFactory, uscc_for

    nantong = CityFactory()
    regions = [
        Region.objects.create(code=f"{i:02d}", name=f"基准地区{i:02d}", city=nantong)
        for i in range(1, 12)
    ]

    agencies = []
    for i in range(3):
        agency = Agency.objects.create(
            name=f"基准信用服务机构{i}",
            uscc=uscc_for(990000 + i),
            contact_person="测试",
            contact_phone="13900009999",
        )
        agency.regions.set(regions[i::3])
        agencies.append(agency)
    profile = RuleProfile.objects.create(
        name="基准规则", min_class_hours=3, class_hour_minutes=60
    )
    office = CreditOffice.objects.create(
        name="基准市信用办", level="city", city=nantong
    )
    city = User.objects.create(
        username="bench-city", real_name="基准市办", role="city_office", office=office
    )
    signer = User.objects.create(username="bench-signer", real_name="签署人")
    return regions, agencies, profile, city, signer


def _enterprises(regions, signer):
    import hashlib

    from django.utils import timezone

    from enrollment.models import CommitmentLetter
    from enterprises.models import Enterprise, PenaltyRecord
    from tests.factories import uscc_for

    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=uscc_for(n),
                name=f"基准企业{n:05d}有限公司",
                region=regions[n % len(regions)],
            )
            for n in range(ENTERPRISES)
        ],
        batch_size=2000,
    )
    penalties = PenaltyRecord.objects.bulk_create(
        [
            PenaltyRecord(
                enterprise=e,
                decision_no=f"基准罚字〔2026〕{n}号",
                authority="基准局",
                decision_date=timezone.localdate(),
                content="罚款",
            )
            for n, e in enumerate(enterprises)
        ],
        batch_size=2000,
    )
    sha = hashlib.sha256(b"x").hexdigest()
    CommitmentLetter.objects.bulk_create(
        [
            CommitmentLetter(
                penalty=p,
                enterprise_id=p.enterprise_id,
                signer=signer,
                signer_name="签署人",
                id_type="resident_id",
                id_last4="1234",
                rendered_text="x",
                text_sha256=sha,
                signed_at=timezone.now(),
                ip_address="127.0.0.1",
            )
            for n, p in enumerate(penalties)
            if n % 10 < 7
        ],
        batch_size=2000,
    )
    return enterprises


def _programme(number, regions, agencies, profile, enterprises):
    import datetime
    import random

    from django.db import connection
    from django.utils import timezone

    from enrollment.models import (
        Attendance,
        Enrolment,
        PlanLine,
        Programme,
        TrainingSession,
    )

    rng = random.Random(number)
    programme = Programme.objects.create(
        name=f"基准培训项目{number}",
        year=2026,
        city=regions[0].city,
        kind="repair_training",
        rule_profile=profile,
    )
    sessions = {}
    start = timezone.now() - datetime.timedelta(days=330)
    for i, region in enumerate(regions):
        line = PlanLine.objects.create(
            programme=programme,
            region=region,
            label=region.name,
            planned_count=1000,
            agency=agencies[i % 3],
        )
        sessions[region.pk] = [
            TrainingSession(
                plan_line=line,
                title=f"项目{number}{region.name}第{k + 1}期",
                mode="offline",
                venue="会议中心",
                starts_at=start + datetime.timedelta(days=30 * k + i),
                ends_at=start + datetime.timedelta(days=30 * k + i, hours=3),
                class_hours=3,
                capacity=200,
                status="finished",
            )
            for k in range(SESSIONS_PER_LINE)
        ]
        TrainingSession.objects.bulk_create(sessions[region.pk])
    lines = {s.plan_line.region_id: s.plan_line for v in sessions.values() for s in v}
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                session=rng.choice(sessions[e.region_id]),
                programme=programme,
                plan_line=lines[e.region_id],
                enterprise=e,
                status="enrolled",
            )
            for e in enterprises
        ],
        batch_size=2000,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                enrolment=en,
                signed_in_at=en.session.starts_at,
                signin_method="code",
                attended_seconds=rng.choice([7200, 10800, 11000, 14400]),
            )
            for n, en in enumerate(enrolments)
            if n % 10 < 7
        ],
        batch_size=2000,
    )
    _later_stages(programme, enrolments, rng)
    with connection.cursor() as cursor:  # spread enrolment dates over the year
        cursor.execute(
            "UPDATE enrollment_enrolment SET created_at = now() - "
            "((id %% 330) || ' days')::interval WHERE programme_id = %s",
            [programme.pk],
        )
    return programme


def _later_stages(programme, enrolments, rng):
    """Exam attempts, certificates and repair applications, when those apps exist:
    half of the attended pass, each passer gets a certificate listing its penalty,
    and two thirds of those apply for repair (half of them approved)."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from certificates.models import Certificate, RepairApplication
    from enterprises.models import PenaltyRecord
    from exams.models import Attempt, Paper

    signer = User.objects.get(username="bench-signer")
    now = timezone.now()
    paper = Paper.objects.create(
        title=f"基准试卷{programme.pk}",
        agency=enrolments[0].plan_line.agency,
        mode="fixed",
        pass_mark=Decimal(60),
        time_limit_minutes=30,
        opens_at=now - datetime.timedelta(days=365),
        closes_at=now + datetime.timedelta(days=1),
    )
    passers = [en for n, en in enumerate(enrolments) if n % 10 < 7 and n % 2 == 0]
    Attempt.objects.bulk_create(
        [
            Attempt(
                paper=paper,
                enrolment=en,
                candidate=signer,
                number=1,
                status="submitted",
                started_at=en.session.ends_at,
                deadline=en.session.ends_at + datetime.timedelta(minutes=30),
                submitted_at=en.session.ends_at + datetime.timedelta(minutes=20),
                score=Decimal(rng.choice([70, 80, 90])),
                max_score=Decimal(100),
                passed=True,
            )
            for en in passers
        ],
        batch_size=2000,
    )
    certificates = Certificate.objects.bulk_create(
        [
            Certificate(
                serial=f"BENCH{programme.pk}-{en.pk}",
                issued_at=now,
                enrolment=en,
                enterprise=en.enterprise,
                programme=programme,
                plan_line=en.plan_line,
                session=en.session,
                agency=en.plan_line.agency,
                region_code="01",
                enterprise_name=en.enterprise.name,
                uscc=en.enterprise.uscc,
                representative="签署人",
                session_title=en.session.title,
                session_starts_at=en.session.starts_at,
                session_ends_at=en.session.ends_at,
                class_hours=3,
                exam_score=Decimal(80),
            )
            for en in passers
        ],
        batch_size=2000,
    )
    penalty_of = dict(
        PenaltyRecord.objects.filter(
            enterprise_id__in=[en.enterprise_id for en in passers]
        ).values_list("enterprise_id", "id")
    )
    Through = Certificate.penalties.through
    Through.objects.bulk_create(
        [
            Through(certificate_id=c.pk, penaltyrecord_id=penalty_of[c.enterprise_id])
            for c in certificates
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    existing = set(RepairApplication.objects.values_list("penalty_id", flat=True))
    RepairApplication.objects.bulk_create(
        [
            RepairApplication(
                penalty_id=penalty_of[c.enterprise_id],
                enterprise_id=c.enterprise_id,
                status="approved" if n % 2 else "submitted",
                submitted_on=today,
                decided_on=today if n % 2 else None,
                updated_by=signer,
            )
            for n, c in enumerate(certificates)
            if n % 3 < 2 and penalty_of[c.enterprise_id] not in existing
        ],
        batch_size=2000,
    )


def _time(fn, runs=RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _measure_dashboard(client):
    from django.db import connection

    client.get("/reports/")  # warm up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get("/reports/")
    assert response.status_code == 200, response.status_code
    times = _time(lambda: client.get("/reports/"))
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "queries": len(queries),
    }


def main() -> None:
    global ENTERPRISES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--enterprises",
        type=int,
        default=ENTERPRISES,
        help="enterprises (each enrols in every programme); default 10,000",
    )
    args = parser.parse_args()
    ENTERPRISES = args.enterprises
    url, admin, name = _bench_database(args.keep)
    _setup_django(url)
    from django.test import Client

    t0 = time.perf_counter()
    regions, agencies, profile, city, signer = _base_data()
    enterprises = _enterprises(regions, signer)
    programmes = []
    for number in range(1, PROGRAMMES // 2 + 2):  # 3 programmes = 30,000 enrolments
        programmes.append(_programme(number, regions, agencies, profile, enterprises))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from enrollment.models import Enrolment

    client = Client()
    client.force_login(city)
    half = _measure_dashboard(client)
    half["enrolments"] = Enrolment.objects.count()
    for number in range(len(programmes) + 1, PROGRAMMES + 1):
        programmes.append(_programme(number, regions, agencies, profile, enterprises))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build_s = time.perf_counter() - t0
    full = _measure_dashboard(client)
    full["enrolments"] = Enrolment.objects.count()

    baseline = _time(lambda: Enrolment.objects.count())
    programme = programmes[0]

    def export(fmt):
        response = client.get(
            f"/reports/lists/export.{fmt}",
            {"kind": "attendance", "programme": programme.pk},
        )
        size = sum(len(chunk) for chunk in response.streaming_content)
        return size

    rows = Enrolment.objects.filter(programme=programme).count()
    export_times = {}
    for fmt in ("xlsx", "csv"):
        times = _time(lambda fmt=fmt: export(fmt), runs=3)
        export_times[fmt] = {"median_s": round(statistics.median(times) / 1000, 2)}
    from reports.selectors import funnel_by_region

    _rows, total = funnel_by_region(user=city)
    stages = ("planned", "enrolled", "signed", "attended", "passed", "certified")
    result = {
        "benchmark": "offices' dashboard and list export",
        "database": "postgresql",
        "enterprises": ENTERPRISES,
        "enrolments": Enrolment.objects.count(),
        "programmes": PROGRAMMES,
        "build_seconds": round(build_s, 1),
        "dashboard_half": half,
        "dashboard_full": full,
        "query_count_constant": half["queries"] == full["queries"],
        "growth_ratio_full_over_half": round(full["median_ms"] / half["median_ms"], 2),
        "baseline_count_star_median_ms": round(statistics.median(baseline), 2),
        "ratio_to_count_star": round(
            full["median_ms"] / statistics.median(baseline), 1
        ),
        "city_total": {
            **{name: getattr(total, name) for name in stages},
            "submitted": total.submitted,
            "repaired": total.repaired,
            "repair_rate": round(total.repair_rate, 3) if total.repair_rate else None,
        },
        "export_rows": rows,
        "export": export_times,
        "targets": {"dashboard_median_ms": 500, "export_10k_s": 5},
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.keep:
        connection.close()
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
