import datetime
import threading

import pytest
from django.db import connection

from enterprises import services
from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory, RegionFactory

N = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_archive_numbers_are_unique_and_gap_free():
    region = RegionFactory(code="06")
    enterprises = [
        EnterpriseFactory(region=region, survey_date=datetime.date(2026, 11, 20))
        for _ in range(N)
    ]
    barrier = threading.Barrier(N)
    numbers, errors = [], []

    def assign(enterprise):
        try:
            barrier.wait()
            numbers.append(services.archive_number_assign(enterprise=enterprise))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(e,)) for e in enterprises]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(numbers)) == N
    assert sorted(int(n[-4:]) for n in numbers) == list(range(1, N + 1))
    stored = set(Enterprise.objects.values_list("archive_no", flat=True))
    assert stored == set(numbers)
    assert all(n.startswith("061120") for n in numbers)
