import pytest
from django.urls import reverse

from accounts.selectors import region_list, user_scope
from enterprises.selectors import enterprise_list
from tests.factories import (
    AgencyFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
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


def test_city_office_sees_every_region(two_regions):
    officer = CityOfficerFactory()
    assert user_scope(user=officer).all_regions
    assert enterprise_list(user=officer).count() == 2


def test_anonymous_is_sent_to_login(client, two_regions):
    response = client.get(reverse("enterprises:detail", args=[two_regions[2].pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
