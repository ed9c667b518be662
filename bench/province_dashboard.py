"""Benchmark: the dashboard at province scale on PostgreSQL.

    DATABASE_URL=postgres://…/xyxf python bench/province_dashboard.py
    … --quick      # 3 cities × 1,000 enterprises × 2 programmes (a smoke check)

Creates (and drops again unless --keep) its own database `<name>_bench`, then builds
the province city by city: per city 10 regions, 3 agencies (one of them also serving
the next city, as agencies do), a city office and 10,000 enterprises with a penalty
each, enrolled in 5 programmes of their city (13 cities: 130,000 enterprises, 650,000
enrolments), with the later stages of bench/dashboard.py. It measures the provincial
office's and one city office's dashboard (GET /reports/, full render) after the first
cities and after all of them, with their query counts (they must not grow with the
number of cities), and one city's 10,000-row attendance export as its city office.
Targets: dashboards' median ≤ 500 ms, export ≤ 5 s. Prints JSON.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import dashboard as city_bench  # noqa: E402 - bench/dashboard.py, its builders

REGIONS_PER_CITY = 10
RUNS = 15


def _city(index: int, per_city: int, programmes: int, signer, profile):
    """One city: places, agencies, office user, enterprises and programmes."""
    from accounts.divisions import CITIES
    from accounts.models import Agency, City, CreditOffice, Province, Region, User
    from enterprises.models import Enterprise, PenaltyRecord
    from tests.factories import uscc_for

    code = sorted(CITIES)[index]
    name, short = CITIES[code]
    province, _ = Province.objects.get_or_create(
        code="320000", defaults={"name": "江苏省", "short_name": "江苏"}
    )
    city = City.objects.create(
        province=province, code=code, name=name, short_name=short
    )
    regions = [
        Region.objects.create(city=city, code=f"{i:02d}", name=f"{short}基准区{i:02d}")
        for i in range(1, REGIONS_PER_CITY + 1)
    ]
    agencies = []
    for i in range(3):
        agency = Agency.objects.create(
            name=f"{short}基准信用服务机构{i}",
            uscc=uscc_for(990000 + index * 10 + i),
            contact_person="测试",
            contact_phone="13900009999",
        )
        agency.regions.set(regions[i::3])
        agencies.append(agency)
    if index:  # an agency of the previous city also serves this one
        previous = Agency.objects.get(
            name__endswith="基准信用服务机构0", uscc=uscc_for(990000 + (index - 1) * 10)
        )
        previous.regions.add(regions[0])
    office = CreditOffice.objects.create(name=f"{name}信用办", level="city", city=city)
    user = User.objects.create(
        username=f"bench-city-{code}",
        real_name=f"{short}市办",
        role="city_office",
        office=office,
    )
    base = index * per_city
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=uscc_for(base + n),
                name=f"{short}基准企业{n:05d}有限公司",
                region=regions[n % len(regions)],
            )
            for n in range(per_city)
        ],
        batch_size=2000,
    )
    from django.utils import timezone

    PenaltyRecord.objects.bulk_create(
        [
            PenaltyRecord(
                enterprise=e,
                decision_no=f"{short}基准罚字〔2026〕{n}号",
                authority=f"{short}基准局",
                decision_date=timezone.localdate(),
                content="罚款",
            )
            for n, e in enumerate(enterprises)
        ],
        batch_size=2000,
    )
    made = [
        city_bench._programme(index * 100 + k, regions, agencies, profile, enterprises)
        for k in range(1, programmes + 1)
    ]
    return user, made


def _measure(client):
    from django.db import connection

    client.get("/reports/")  # warm up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get("/reports/")
    assert response.status_code == 200, response.status_code
    times = city_bench._time(lambda: client.get("/reports/"), runs=RUNS)
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--cities", type=int, default=13)
    parser.add_argument("--per-city", type=int, default=10_000)
    parser.add_argument("--programmes", type=int, default=5)
    parser.add_argument(
        "--quick", action="store_true", help="3 cities × 1,000 × 2 programmes"
    )
    args = parser.parse_args()
    if args.quick:
        args.cities, args.per_city, args.programmes = 3, 1000, 2
    first = max(1, args.cities // 3)
    url, admin, name = city_bench._bench_database(args.keep)
    city_bench._setup_django(url)
    from django.db import connection
    from django.test import Client

    from accounts.models import CreditOffice, Province, User
    from enrollment.models import Enrolment
    from enterprises.models import RuleProfile

    t0 = time.perf_counter()
    signer = User.objects.create(username="bench-signer", real_name="签署人")
    profile = RuleProfile.objects.create(
        name="基准规则", min_class_hours=3, class_hour_minutes=60
    )
    cities = []
    for index in range(first):
        cities.append(_city(index, args.per_city, args.programmes, signer, profile))
    province_office = CreditOffice.objects.create(
        name="省信用办",
        level="province",
        province=Province.objects.get(code="320000"),
    )
    province = User.objects.create(
        username="bench-province",
        real_name="省办",
        role="province_office",
        office=province_office,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    province_client, city_client = Client(), Client()
    province_client.force_login(province)
    city_client.force_login(cities[0][0])
    few = {"province": _measure(province_client), "city": _measure(city_client)}
    few["cities"] = first
    for index in range(first, args.cities):
        cities.append(_city(index, args.per_city, args.programmes, signer, profile))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build_s = time.perf_counter() - t0
    every = {"province": _measure(province_client), "city": _measure(city_client)}
    every["cities"] = args.cities

    programme = cities[0][1][0]
    rows = Enrolment.objects.filter(programme=programme).count()

    def export(fmt):
        response = city_client.get(
            f"/reports/lists/export.{fmt}",
            {"kind": "attendance", "programme": programme.pk},
        )
        return sum(len(chunk) for chunk in response.streaming_content)

    export_times = {}
    for fmt in ("xlsx", "csv"):
        times = city_bench._time(lambda fmt=fmt: export(fmt), runs=3)
        export_times[fmt] = {"median_s": round(statistics.median(times) / 1000, 2)}
    result = {
        "benchmark": "province dashboard and one city's export",
        "database": "postgresql",
        "cities": args.cities,
        "enterprises": args.cities * args.per_city,
        "enrolments": Enrolment.objects.count(),
        "build_seconds": round(build_s, 1),
        "after_first_cities": few,
        "after_all_cities": every,
        "query_count_independent_of_cities": (
            few["province"]["queries"] == every["province"]["queries"]
            and few["city"]["queries"] == every["city"]["queries"]
        ),
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
