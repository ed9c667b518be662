import pytest
from django.urls import reverse

from accounts.selectors import region_list, user_scope
from enterprises.selectors import enterprise_list
from tests.factories import (
    AgencyFactory,
    CityFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    ProvinceOfficerFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.fixture
def two_regions():
    r1, r2 = RegionFactory(code="01"), RegionFactory(code="02")
    return r1, r2, EnterpriseFactory(region=r1), EnterpriseFactory(region=r2)


def test_county_office_sees_only_its_region(client, two_regions):
    r1, r2, e1, e2 = two_regions
    officer = CountyOfficerFactory(office__region=r1)
    assert list(enterprise_list(user=officer)) == [e1]
    assert list(region_list(user=officer)) == [r1]
    client.force_login(officer)
    assert client.get(reverse("enterprises:detail", args=[e1.pk])).status_code == 200
    assert client.get(reverse("enterprises:detail", args=[e2.pk])).status_code == 404
    listing = client.get(reverse("enterprises:list")).content.decode()
    assert e1.name in listing and e2.name not in listing


def test_representative_sees_only_own_enterprise(client, two_regions):
    r1, r2, e1, e2 = two_regions
    other_same_region = EnterpriseFactory(region=r1)
    rep = RepresentativeFactory(enterprise=e1)
    assert list(enterprise_list(user=rep)) == [e1]
    client.force_login(rep)
    assert client.get(reverse("enterprises:detail", args=[e1.pk])).status_code == 200
    for other in (e2, other_same_region):
        url = reverse("enterprises:detail", args=[other.pk])
        assert client.get(url).status_code == 404


def test_trainer_sees_the_regions_its_agency_serves(client, two_regions):
    r1, r2, e1, e2 = two_regions
    trainer = TrainerFactory(agency=AgencyFactory(regions=[r2]))
    assert list(enterprise_list(user=trainer)) == [e2]
    client.force_login(trainer)
    assert client.get(reverse("enterprises:detail", args=[e1.pk])).status_code == 404


def test_city_office_sees_every_region_of_its_own_city_only(two_regions):
    r1, r2, e1, e2 = two_regions
    suzhou = CityFactory(code="320500", name="苏州市", short_name="苏州")
    elsewhere = EnterpriseFactory(region=RegionFactory(city=suzhou, code="01"))
    officer = CityOfficerFactory()
    scope = user_scope(user=officer)
    assert not scope.all_regions
    assert scope.region_ids == {r1.pk, r2.pk}
    assert set(enterprise_list(user=officer)) == {e1, e2}
    assert elsewhere not in enterprise_list(user=officer)


def test_province_office_sees_every_city(two_regions):
    suzhou = CityFactory(code="320500", name="苏州市", short_name="苏州")
    elsewhere = EnterpriseFactory(region=RegionFactory(city=suzhou, code="01"))
    province = ProvinceOfficerFactory()
    assert user_scope(user=province).all_regions
    assert enterprise_list(user=province).count() == 3
    assert elsewhere in enterprise_list(user=province)


def test_anonymous_is_sent_to_login(client, two_regions):
    response = client.get(reverse("enterprises:detail", args=[two_regions[2].pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
