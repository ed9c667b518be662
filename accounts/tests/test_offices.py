import datetime
import threading

import pytest
from django.db import connection

from accounts.models import OfficeProfile
from accounts.offices import (
    document_number_next,
    office_letterhead,
    province_short,
)
from tests.factories import (
    CreditOfficeFactory,
)

pytestmark = pytest.mark.django_db


def test_document_numbers_count_per_office_and_restart_each_year():
    office = CreditOfficeFactory()
    OfficeProfile.objects.create(office=office, number_prefix="示信用函")
    other = CreditOfficeFactory()
    day = datetime.date(2026, 3, 1)
    assert document_number_next(office=office, on=day) == "示信用函〔2026〕1号"
    assert document_number_next(office=office, on=day) == "示信用函〔2026〕2号"
    assert document_number_next(office=other, on=day) == f"{other.name}〔2026〕1号"
    next_year = datetime.date(2027, 1, 2)
    assert document_number_next(office=office, on=next_year) == "示信用函〔2027〕1号"


def test_place_names_come_from_settings_and_profiles(settings):
    settings.PLATFORM_PROVINCE = "示例省"
    assert province_short() == "示例"
    office = CreditOfficeFactory(name="示例县信用办")
    assert office_letterhead(office) == "示例县信用办"
    OfficeProfile.objects.create(
        office=office, letterhead="示例县社会信用体系建设办公室"
    )
    office.refresh_from_db()
    assert office_letterhead(office) == "示例县社会信用体系建设办公室"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_letters_never_share_a_document_number():
    office = CreditOfficeFactory()
    barrier = threading.Barrier(6)
    numbers, errors = [], []

    def take():
        try:
            barrier.wait()
            numbers.append(document_number_next(office=office))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    year = datetime.date.today().year
    assert sorted(numbers) == sorted(
        f"{office.name}〔{year}〕{n}号" for n in range(1, 7)
    )
