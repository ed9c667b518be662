"""Enrolment under contention on PostgreSQL: 50 threads race for 10 seats.

Reports the median latency of one enrolment request when all race at once, against
a baseline of the same requests made one after another, in the same run.

Run: DATABASE_URL=postgres://... python bench/enrolment_race.py   (prints JSON)
It creates and drops its own test database (test_<name>).
"""

import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

THREADS = 50
SEATS = 10


def _fixtures(n: int):
    from tests.factories import (
        EnterpriseFactory,
        RepresentativeFactory,
        TrainingSessionFactory,
    )

    session = TrainingSessionFactory(capacity=SEATS)
    region = session.plan_line.region
    reps = [
        RepresentativeFactory(enterprise=EnterpriseFactory(region=region))
        for _ in range(n)
    ]
    return session, reps


def _enrol(session, rep) -> float:
    from enrollment.services import enrolment_create

    start = time.perf_counter()
    try:
        enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    except ValidationError:
        pass
    return (time.perf_counter() - start) * 1000


def _sequential() -> list[float]:
    session, reps = _fixtures(THREADS)
    return [_enrol(session, rep) for rep in reps]


def _concurrent() -> tuple[list[float], int]:
    session, reps = _fixtures(THREADS)
    barrier = threading.Barrier(THREADS)
    times = [0.0] * THREADS

    def run(i, rep):
        barrier.wait()
        try:
            times[i] = _enrol(session, rep)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(reps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    enrolled = session.enrolments.filter(status="enrolled").count()
    return times, enrolled


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    config = setup_databases(verbosity=0, interactive=False)
    try:
        baseline = _sequential()
        racing, enrolled = _concurrent()
    finally:
        connection.close()
        teardown_databases(config, verbosity=0)
    print(
        json.dumps(
            {
                "benchmark": "enrolment_race",
                "threads": THREADS,
                "seats": SEATS,
                "enrolled": enrolled,
                "median_ms_concurrent": round(statistics.median(racing), 1),
                "median_ms_sequential_baseline": round(statistics.median(baseline), 1),
                "ratio": round(
                    statistics.median(racing) / statistics.median(baseline), 2
                ),
                "max_ms_concurrent": round(max(racing), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
