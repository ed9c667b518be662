"""The city office creates programmes and plan lines; county offices read theirs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.models import AuditEntry
from enrollment import services
from enrollment.models import PlanLine, Programme
from enrollment.services import (
    PLAN_LINE_CITY_ONLY,
    PLAN_LINE_COUNT_POSITIVE,
    PLAN_LINE_LABEL_TAKEN,
    PROGRAMME_CITY_ONLY,
    PROGRAMME_NAME_TAKEN,
)
from tests.factories import AgencyFactory, CityFactory, RuleProfileFactory

from .factories import (
    CityOfficerFactory,
    CountyOfficerFactory,
    PlanLineFactory,
    ProgrammeFactory,
    RegionFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def _programme_fields(**overrides):
    fields = {
        "name": "2026年南通市信用修复公益培训",
        "year": 2026,
        "city": CityFactory(),
        "kind": Programme.Kind.REPAIR_TRAINING,
        "rule_profile": RuleProfileFactory(),
    }
    fields.update(overrides)
    return fields


@pytest.mark.smoke
def test_city_office_creates_programme_and_plan_line_audited():
    city = CityOfficerFactory()
    programme = services.programme_create(actor=city, **_programme_fields())
    region, joint = RegionFactory(code="01"), RegionFactory(code="09")
    line = services.plan_line_create(
        actor=city,
        programme=programme,
        label="海安市",
        region=region,
        extra_regions=[joint],
        planned_count=170,
        agency=AgencyFactory(),
        contact_person="王五",
        contact_phone="13900001111",
    )
    assert list(line.extra_regions.all()) == [joint]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"programme.create", "plan_line.create"} <= actions


def test_county_office_and_trainer_cannot_create_programmes():
    for actor in (CountyOfficerFactory(), TrainerFactory()):
        with pytest.raises(ValidationError) as exc:
            services.programme_create(actor=actor, **_programme_fields())
        assert exc.value.message_dict["name"] == [PROGRAMME_CITY_ONLY]
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as exc:
        services.plan_line_create(
            actor=CountyOfficerFactory(),
            programme=programme,
            label="海安市",
            planned_count=10,
            agency=AgencyFactory(),
        )
    assert exc.value.message_dict["label"] == [PLAN_LINE_CITY_ONLY]
    assert not Programme.objects.exclude(pk=programme.pk).exists()
    assert not PlanLine.objects.exists()


def test_duplicate_programme_name_and_line_label_are_named_errors():
    city = CityOfficerFactory()
    programme = services.programme_create(actor=city, **_programme_fields())
    with pytest.raises(ValidationError) as exc:
        services.programme_create(actor=city, **_programme_fields())
    assert exc.value.message_dict["name"] == [
        PROGRAMME_NAME_TAKEN.format(name=programme.name)
    ]
    agency = AgencyFactory()
    services.plan_line_create(
        actor=city, programme=programme, label="海安市", planned_count=5, agency=agency
    )
    with pytest.raises(ValidationError) as exc:
        services.plan_line_create(
            actor=city,
            programme=programme,
            label="海安市",
            planned_count=5,
            agency=agency,
        )
    assert exc.value.message_dict["label"] == [
        PLAN_LINE_LABEL_TAKEN.format(label="海安市")
    ]
    assert programme.plan_lines.count() == 1


@pytest.mark.parametrize("count", [0, -3])
def test_plan_line_needs_a_positive_planned_count(count):
    with pytest.raises(ValidationError) as exc:
        services.plan_line_create(
            actor=CityOfficerFactory(),
            programme=ProgrammeFactory(),
            label="如皋市",
            planned_count=count,
            agency=AgencyFactory(),
        )
    assert exc.value.message_dict["planned_count"] == [PLAN_LINE_COUNT_POSITIVE]
    assert not PlanLine.objects.exists()


def test_city_office_creates_programme_and_line_through_the_pages(client):
    client.force_login(CityOfficerFactory())
    rule = RuleProfileFactory()
    response = client.post(
        reverse("enrollment:programme_create"),
        {
            "name": "2026年测试项目",
            "year": 2026,
            "city": CityFactory().pk,
            "kind": Programme.Kind.REPAIR_TRAINING,
            "rule_profile": rule.pk,
        },
    )
    programme = Programme.objects.get(name="2026年测试项目")
    assert response.url == reverse("enrollment:programme_detail", args=[programme.pk])
    region = RegionFactory(code="01")
    agency = AgencyFactory(regions=[region])
    url = reverse("enrollment:plan_line_create", args=[programme.pk])
    fields = {"label": "海安市", "region": region.pk, "agency": agency.pk}
    response = client.post(url, {**fields, "planned_count": 0})
    assert PLAN_LINE_COUNT_POSITIVE in response.content.decode()
    client.post(url, {**fields, "planned_count": 12})
    page = client.get(reverse("enrollment:programmes")).content.decode()
    assert "2026年测试项目" in page and "海安市" in page and "新建培训项目" in page


def test_county_office_reads_only_its_region_and_cannot_create(client):
    mine = PlanLineFactory(region=RegionFactory(code="01"), label="海安市")
    other = PlanLineFactory(region=RegionFactory(code="05"), label="崇川区")
    client.force_login(CountyOfficerFactory(office__region=mine.region))
    page = client.get(reverse("enrollment:programmes")).content.decode()
    assert "海安市" in page and "崇川区" not in page and "新建培训项目" not in page
    detail = reverse("enrollment:programme_detail", args=[mine.programme.pk])
    page = client.get(detail).content.decode()
    assert "海安市" in page and "添加计划行" not in page
    hidden = reverse("enrollment:programme_detail", args=[other.programme.pk])
    assert client.get(hidden).status_code == 404
    assert client.get(reverse("enrollment:programme_create")).status_code == 404
    new_line = reverse("enrollment:plan_line_create", args=[mine.programme.pk])
    assert client.post(new_line, {"label": "x"}).status_code == 404
    assert PlanLine.objects.count() == 2


def test_trainer_and_anonymous_cannot_see_programmes(client):
    url = reverse("enrollment:programmes")
    assert client.get(url).status_code == 302
    client.force_login(TrainerFactory())
    assert client.get(url).status_code == 404


def test_a_city_office_plans_for_its_own_city_only():
    suzhou = CityFactory(code="320500", name="苏州市", short_name="苏州")
    nantong_office = CityOfficerFactory()
    suzhou_office = CityOfficerFactory(office__city=suzhou)
    with pytest.raises(ValidationError) as other_city:
        services.programme_create(actor=suzhou_office, **_programme_fields())
    assert other_city.value.message_dict["city"] == [services.PROGRAMME_OTHER_CITY]
    programme = services.programme_create(actor=nantong_office, **_programme_fields())
    line_fields = {"label": "张家港市", "planned_count": 40, "agency": AgencyFactory()}
    with pytest.raises(ValidationError) as foreign_region:
        services.plan_line_create(
            actor=nantong_office,
            programme=programme,
            region=RegionFactory(city=suzhou, code="01", name="张家港市"),
            **line_fields,
        )
    assert "不属于培训项目所在的南通市" in str(foreign_region.value)
    with pytest.raises(ValidationError):
        services.plan_line_create(
            actor=suzhou_office, programme=programme, region=None, **line_fields
        )
    assert not PlanLine.objects.exists()
