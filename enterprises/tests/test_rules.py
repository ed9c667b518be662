import datetime

import pytest

from enterprises.dates import add_months
from enterprises.models import DomainPublicity, RuleProfile, Severity
from enterprises.selectors import (
    default_rule_profile,
    penalty_status,
    rule_profile_for,
)
from enterprises.tests.factories import (
    EnterpriseFactory,
    PenaltyRecordFactory,
    RuleProfileFactory,
)
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_default_profile_follows_the_2022_jiangsu_documents():
    profile = default_rule_profile()
    rules = {r.severity: r for r in profile.severity_rules.all()}
    assert (profile.min_class_hours, profile.class_hour_minutes) == (3, 60)
    general = rules[Severity.GENERAL]
    assert general.repairable and general.training_required
    assert not general.credit_report_required
    assert (general.min_publicity_months, general.max_publicity_months) == (3, 12)
    serious = rules[Severity.SERIOUS]
    assert serious.repairable and serious.credit_report_required
    assert (serious.min_publicity_months, serious.max_publicity_months) == (6, 36)
    assert not rules[Severity.SPECIALLY_SERIOUS].repairable
    assert "修改" in profile.basis


def test_rule_profile_prefers_programme_then_region_then_default():
    enterprise = EnterpriseFactory()
    assert rule_profile_for(enterprise=enterprise) == default_rule_profile()
    regional = RuleProfileFactory()
    regional.regions.add(enterprise.region)
    assert rule_profile_for(enterprise=enterprise) == regional
    programme = ProgrammeFactory()
    assert rule_profile_for(enterprise=enterprise, programme=programme) == (
        programme.rule_profile
    )


@pytest.mark.smoke
def test_general_penalty_dates_follow_the_profile():
    penalty = PenaltyRecordFactory.build(
        decision_date=datetime.date(2025, 8, 31), severity=Severity.GENERAL
    )
    status = penalty_status(penalty=penalty, profile=default_rule_profile())
    assert status.repairable
    assert status.min_publicity_end == datetime.date(2025, 11, 30)
    assert status.max_publicity_end == datetime.date(2026, 8, 31)
    assert status.earliest_repair_date == status.min_publicity_end
    assert status.training_required and not status.credit_report_required


def test_specially_serious_penalty_is_not_repairable_with_a_reason():
    penalty = PenaltyRecordFactory.build(
        decision_date=datetime.date(2025, 1, 10),
        severity=Severity.SPECIALLY_SERIOUS,
    )
    status = penalty_status(penalty=penalty, profile=default_rule_profile())
    assert not status.repairable
    assert status.earliest_repair_date is None
    assert "不可修复" in status.reason
    assert not status.eligible_now


def test_domain_period_overrides_the_severity_default():
    profile = RuleProfileFactory()
    DomainPublicity.objects.create(
        profile=profile,
        domain="work_safety",
        severity=Severity.GENERAL,
        min_publicity_months=6,
        max_publicity_months=24,
    )
    day = datetime.date(2025, 1, 15)
    safety = PenaltyRecordFactory.build(decision_date=day, domain="work_safety")
    ordinary = PenaltyRecordFactory.build(decision_date=day)
    assert penalty_status(penalty=safety, profile=profile).min_publicity_end == (
        add_months(day, 6)
    )
    assert penalty_status(penalty=ordinary, profile=profile).min_publicity_end == (
        add_months(day, 3)
    )


def test_editing_the_profile_changes_the_dates_no_constant_in_code():
    profile = RuleProfile.objects.get(is_default=True)
    profile.severity_rules.filter(severity=Severity.GENERAL).update(
        min_publicity_months=1
    )
    profile = RuleProfile.objects.get(pk=profile.pk)
    penalty = PenaltyRecordFactory.build(decision_date=datetime.date(2025, 1, 31))
    status = penalty_status(penalty=penalty, profile=profile)
    assert status.min_publicity_end == datetime.date(2025, 2, 28)
