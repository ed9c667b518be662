"""规则变更记录: every change of the rule tables, the calendar and the plan lines is
kept, and the offices read who changed what, when, from what to what."""

import datetime

import pytest
from django.urls import reverse

from enrollment import services as enrollment_services
from enterprises.models import CalendarDay, SeverityRule
from reports import selectors
from tests.factories import (
    AdminFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    PlanLineFactory,
    RepresentativeFactory,
    RuleProfileFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def test_a_calendar_change_in_the_admin_is_recorded_with_its_author(client):
    day = CalendarDay.objects.create(
        date=datetime.date(2026, 10, 10), name="国庆调休", is_workday=False
    )
    client.force_login(AdminFactory(real_name="李管理"))
    url = reverse("admin:enterprises_calendarday_change", args=[day.pk])
    response = client.post(
        url, {"date": "2026-10-10", "name": "国庆调休", "is_workday": "on"}
    )
    assert response.status_code == 302
    changes = selectors.rule_changes(table="calendar_day")
    assert [(c.kind, c.actor) for c in changes] == [("~", "李管理"), ("+", "")]
    assert [(f.label, f.old, f.new) for f in changes[0].fields] == [
        ("调休上班", "否", "是")
    ]
    assert changes[0].table == "节假日与调休"


def test_a_severity_rule_change_shows_field_names_and_choice_labels_in_chinese():
    profile = RuleProfileFactory(name="南通市信用修复规则")
    rule = profile.severity_rules.get(severity="general")
    rule._history_user = CityOfficerFactory(real_name="王市办")
    before = rule.min_publicity_months
    rule.min_publicity_months = before + 1
    rule.save()
    change = selectors.rule_changes(table="severity_rule")[0]
    assert (change.kind, change.actor, change.table) == ("~", "王市办", "分级规则")
    assert change.object == "南通市信用修复规则 · 一般失信"
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("最短公示期（月）", str(before), str(before + 1))
    ]
    created = [
        c for c in selectors.rule_changes(table="severity_rule") if c.kind == "+"
    ]
    shown = {(f.label, f.new) for c in created for f in c.fields}
    assert {("失信程度", "一般失信"), ("可修复", "是"), ("可修复", "否")} <= shown


def test_a_quota_raise_is_recorded_on_the_plan_line_without_its_counter():
    line = PlanLineFactory(planned_count=100)
    city = CityOfficerFactory(real_name="王市办")
    enrollment_services.plan_line_quota_raise(
        actor=city, line=line, planned_count=120, reason="新增名单"
    )
    changes = selectors.rule_changes(table="plan_line")
    assert [c.kind for c in changes] == ["~", "+"]
    raised = changes[0]
    assert raised.actor == "王市办"
    assert [(f.label, f.old, f.new) for f in raised.fields] == [
        ("计划企业数", "100", "120")
    ]
    # The enrolment counter is not history: it is not tracked at all.
    assert all(f.label != "已报名企业数" for c in changes for f in c.fields)


def test_a_deleted_calendar_day_stays_in_the_record():
    day = CalendarDay.objects.create(date=datetime.date(2026, 10, 1), name="国庆节")
    day.delete()
    kinds = [c.kind for c in selectors.rule_changes(table="calendar_day")]
    assert kinds == ["-", "+"]


def test_rule_profile_regions_are_named_when_they_change():
    from tests.factories import RegionFactory

    profile = RuleProfileFactory(name="海安规则")
    region = RegionFactory(name="海安市")
    profile.regions.add(region)
    change = selectors.rule_changes(table="rule_profile")[0]
    assert change.kind == "~"
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("适用地区", "—", str(region))
    ]


def test_offices_reach_the_page_from_the_navigation_and_others_do_not(client):
    profile = RuleProfileFactory(name="规则甲")
    SeverityRule.objects.filter(profile=profile, severity="general").first()
    url = reverse("reports:rule_history")
    for office in (CityOfficerFactory(), CountyOfficerFactory()):
        client.force_login(office)
        home = client.get(reverse("home")).content.decode()
        assert url in home
        page = client.get(url).content.decode()
        assert "规则变更记录" in page and "规则甲" in page
    for outsider in (RepresentativeFactory(), TrainerFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code in (302, 403, 404)
        assert url not in client.get(reverse("home")).content.decode()
