"""Factories of the archive app, built on the shared ones."""

import datetime

import factory

from enterprises.models import CalendarDay, FollowUp
from tests.factories import (  # noqa: F401
    AgencyFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RegionFactory,
    RepresentativeFactory,
    RuleProfileFactory,
    TrainerFactory,
    uscc_for,
)


class CalendarDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarDay
        django_get_or_create = ["date"]

    date = datetime.date(2026, 10, 1)
    name = "国庆节"
    is_workday = False


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    enterprise = factory.SubFactory(EnterpriseFactory)
    date = factory.LazyFunction(datetime.date.today)
    kind = FollowUp.Kind.OTHER
    note = "电话回访，企业已完成整改。"
