"""Places: province → city → region, codes unique where the seeds say they are."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.divisions import COUNTIES, city_code_for
from accounts.selectors import city_list, city_office_for, region_by_key, region_list
from enterprises.services import archive_number_assign, region_by_code
from tests.factories import (
    CityFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    CreditOfficeFactory,
    EnterpriseFactory,
    ProvinceOfficerFactory,
    RegionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.fixture
def suzhou():
    return CityFactory(code="320500", name="苏州市", short_name="苏州")


def test_each_city_keeps_its_own_two_digit_sequence(suzhou):
    haian = RegionFactory(code="01", name="海安市")
    zhangjiagang = RegionFactory(city=suzhou, code="01", name="张家港市")
    assert haian.city.code == "320600" and zhangjiagang.city == suzhou
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory._meta.model.objects.create(
            city=suzhou, code="01", name="又一个01"
        )


def test_archive_numbers_follow_the_seed_rule_within_each_city(suzhou):
    day = datetime.date(2022, 5, 6)
    nantong = EnterpriseFactory(region=RegionFactory(code="05"), survey_date=day)
    sz = EnterpriseFactory(
        region=RegionFactory(city=suzhou, code="05"), survey_date=day
    )
    # Seed 000: region sequence (2) + survey MMDD (4) + sequence in the region (4).
    assert archive_number_assign(enterprise=nantong) == "0505060001"
    assert archive_number_assign(enterprise=sz) == "0505060001"


def test_a_region_is_found_by_division_code_key_or_unambiguous_code(suzhou):
    haian = RegionFactory(code="01", name="海安市", division_code="320685")
    zjg = RegionFactory(city=suzhou, code="01", name="张家港市")
    only = RegionFactory(city=suzhou, code="02", name="常熟市")
    assert region_by_code(code="320685") == haian
    assert region_by_code(code="320500-01") == zjg
    assert region_by_code(code="02") == only
    with pytest.raises(ValidationError) as ambiguous:
        region_by_code(code="01")
    assert "320600-01" in str(ambiguous.value)  # the message shows the way out
    assert haian.key == "320600-01"
    assert (
        region_by_key(
            regions=region_list(
                user=CountyOfficerFactory(office=CreditOfficeFactory(region=haian))
            ),
            key="01",
        )
        == haian
    )


def test_offices_see_their_own_places_and_the_province_every_city(suzhou):
    RegionFactory(code="01")
    sz_region = RegionFactory(city=suzhou, code="01")
    nantong_office = CityOfficerFactory()
    suzhou_office = CityOfficerFactory(office__city=suzhou)
    province = ProvinceOfficerFactory()
    assert list(region_list(user=suzhou_office)) == [sz_region]
    assert list(city_list(user=suzhou_office)) == [suzhou]
    assert list(city_list(user=nantong_office)) == [nantong_office.office.city]
    assert set(city_list(user=province)) == {suzhou, nantong_office.office.city}
    assert city_office_for(city_id=suzhou.pk) == suzhou_office.office


def test_a_county_office_must_lie_in_its_region_city(suzhou):
    office = CreditOfficeFactory(region=RegionFactory(code="03"))
    office.city = suzhou
    with pytest.raises(ValidationError):
        office.full_clean()


def test_the_division_tables_hold_the_four_seed_cities():
    assert city_code_for("南通市") == city_code_for("南通") == "320600"
    assert {"320600", "320500", "320800", "320400"} <= set(COUNTIES)
    nantong = {name: code for _, name, _, code in COUNTIES["320600"]}
    assert nantong["海安市"] == "320685" and nantong["崇川区"] == "320602"
    assert sum(1 for _ in COUNTIES["320600"]) == 11  # seed 000 §二: regions 01–11
