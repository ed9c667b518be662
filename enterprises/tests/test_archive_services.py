import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.validators import USCC_BAD_CHECK
from enterprises import services
from enterprises.choices import EXIT_REASONS_NEED_EXIT, MEASURE_NOT_ALLOWED
from enterprises.dates import calendar_covers
from enterprises.models import Enterprise, FollowUp, PenaltyRecord, Severity
from enterprises.selectors import survey_overdue_list, working_day_after
from enterprises.tests.factories import (
    AgencyFactory,
    CalendarDayFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RegionFactory,
    RuleProfileFactory,
    TrainerFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_invalid_uscc_is_refused_and_nothing_written():
    region = RegionFactory(code="01")
    bad = uscc_for(5)[:17] + ("0" if uscc_for(5)[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(region=region, uscc=bad, name="坏代码有限公司")
    assert "uscc" in exc.value.message_dict
    assert "校验位" in exc.value.message_dict["uscc"][0]
    assert USCC_BAD_CHECK.split("：")[0] in exc.value.message_dict["uscc"][0]
    assert not Enterprise.objects.exists()


def test_unknown_region_code_names_the_field():
    with pytest.raises(ValidationError) as exc:
        services.region_by_code(code="99")
    assert exc.value.message_dict["region"] == [
        services.UNKNOWN_REGION.format(code="99")
    ]


@pytest.mark.smoke
def test_future_decision_date_is_refused():
    enterprise = EnterpriseFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.penalty_create(
            enterprise=enterprise,
            decision_no="通X罚决字〔2026〕9号",
            authority="南通市某局",
            decision_date=tomorrow,
            content="罚款。",
        )
    assert exc.value.message_dict["decision_date"] == [
        services.DECISION_DATE_IN_FUTURE.format(date=tomorrow)
    ]
    assert not PenaltyRecord.objects.exists()


def test_duplicate_decision_number_from_same_authority_is_refused():
    first = PenaltyRecordFactory(decision_no="通X罚决字〔2026〕1号", authority="甲局")
    other = EnterpriseFactory()
    with pytest.raises(ValidationError) as exc:
        services.penalty_create(
            enterprise=other,
            decision_no=first.decision_no,
            authority="甲局",
            decision_date=datetime.date(2026, 1, 5),
            content="罚款。",
        )
    assert "decision_no" in exc.value.message_dict
    assert PenaltyRecord.objects.count() == 1
    services.penalty_create(
        enterprise=other,
        decision_no=first.decision_no,
        authority="乙局",
        decision_date=datetime.date(2026, 1, 5),
        content="罚款。",
    )
    assert PenaltyRecord.objects.count() == 2


def test_archive_number_is_region_mmdd_sequence():
    region = RegionFactory(code="05")
    first = EnterpriseFactory(region=region, survey_date=datetime.date(2026, 6, 20))
    second = EnterpriseFactory(region=region, survey_date=datetime.date(2026, 7, 1))
    assert services.archive_number_assign(enterprise=first) == "0506200001"
    assert services.archive_number_assign(enterprise=second) == "0507010002"
    assert services.archive_number_assign(enterprise=first) == "0506200001"
    other = EnterpriseFactory(
        region=RegionFactory(code="07"), survey_date=datetime.date(2026, 6, 20)
    )
    assert services.archive_number_assign(enterprise=other) == "0706200001"


def test_recording_a_survey_assigns_the_archive_number():
    enterprise = EnterpriseFactory(region=RegionFactory(code="02"))
    services.enterprise_update(
        enterprise=enterprise,
        survey_date=datetime.date(2026, 11, 2),
        surveyor="调查员甲",
        land_status="leased",
        operating_status="normal",
    )
    enterprise.refresh_from_db()
    assert enterprise.archive_no == "0211020001"


def test_archive_number_needs_a_survey_date():
    with pytest.raises(ValidationError) as exc:
        services.archive_number_assign(enterprise=EnterpriseFactory())
    assert exc.value.message_dict["survey_date"] == [services.SURVEY_DATE_REQUIRED]


def test_governance_measures_must_belong_to_the_type():
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(
            enterprise=enterprise,
            governance_type="help",
            governance_measures=["warning", "bankruptcy"],
        )
    assert exc.value.message_dict["governance_measures"][0].startswith(
        MEASURE_NOT_ALLOWED.split("“")[0]
    )
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(
            enterprise=enterprise, governance_type="help", exit_reasons=["repaired"]
        )
    assert exc.value.message_dict["exit_reasons"] == [EXIT_REASONS_NEED_EXIT]
    services.enterprise_update(
        enterprise=enterprise,
        governance_type="exit",
        governance_measures=["urge_deregistration"],
        exit_reasons=["deregistered"],
    )
    enterprise.refresh_from_db()
    assert enterprise.governance_measure_labels == ["督促注销"]
    assert enterprise.exit_reason_labels == ["已注销"]


@pytest.mark.smoke
def test_survey_due_in_three_working_days_by_the_official_calendar():
    # 2026 National Day: 1–7 October off, Saturday 10 October a 调休 working day.
    assert working_day_after(start=datetime.date(2026, 9, 30), days=3) == (
        datetime.date(2026, 10, 10)
    )
    # Friday + 3 working days without holidays: the next Wednesday
    assert working_day_after(start=datetime.date(2026, 11, 20), days=3) == (
        datetime.date(2026, 11, 25)
    )


def test_the_offices_own_calendar_days_override_the_official_one():
    CalendarDayFactory(date=datetime.date(2026, 10, 3), name="值班", is_workday=True)
    CalendarDayFactory(date=datetime.date(2026, 10, 9), name="本地假日")
    # 3 October (worked), 8 October, then 10 October (调休); the 9th is off locally.
    assert working_day_after(start=datetime.date(2026, 9, 30), days=3) == (
        datetime.date(2026, 10, 10)
    )
    CalendarDayFactory(date=datetime.date(2026, 10, 4), name="值班", is_workday=True)
    assert working_day_after(start=datetime.date(2026, 9, 30), days=3) == (
        datetime.date(2026, 10, 8)
    )


def test_a_year_the_package_lacks_counts_weekends_only():
    assert not calendar_covers(2027)
    # Friday 1 January 2027 counts as a working day until the package is upgraded.
    assert working_day_after(start=datetime.date(2026, 12, 31), days=2) == (
        datetime.date(2027, 1, 4)
    )


def test_the_survey_deadline_and_key_threshold_come_from_the_rule_profile():
    region = RegionFactory(code="03")
    profile = RuleProfileFactory(survey_working_days=5, key_min_serious_records=3)
    profile.regions.add(region)
    enterprise = services.enterprise_create(
        region=region,
        uscc=EnterpriseFactory.build().uscc,
        name="规则期限企业",
        list_received_on=datetime.date(2026, 11, 20),
    )
    assert enterprise.survey_due_on == datetime.date(2026, 11, 27)
    for n in range(2):
        PenaltyRecordFactory(
            enterprise=enterprise, severity=Severity.SERIOUS, decision_no=f"严{n}号"
        )
    assert services.enterprise_key_refresh(enterprise=enterprise) is False
    PenaltyRecordFactory(
        enterprise=enterprise, severity=Severity.SERIOUS, decision_no="严2号"
    )
    assert services.enterprise_key_refresh(enterprise=enterprise) is True


def test_city_offices_are_warned_once_when_next_years_holidays_are_missing():
    city = CityOfficerFactory()
    assert services.calendar_coverage_check(today=datetime.date(2026, 10, 31)) == 0
    assert services.calendar_coverage_check(today=datetime.date(2026, 11, 2)) == 1
    assert services.calendar_coverage_check(today=datetime.date(2026, 11, 3)) == 0
    notice = city.notices.get()
    assert "2027" in notice.title and "chinesecalendar" in notice.body
    assert services.calendar_coverage_check(today=datetime.date(2025, 12, 1)) == 0


def test_new_enterprise_carries_due_date_and_overdue_flag():
    region = RegionFactory(code="03")
    old = services.enterprise_create(
        region=region,
        uscc=uscc_for(77),
        name="逾期企业有限公司",
        list_received_on=datetime.date(2026, 1, 5),
    )
    assert old.survey_due_on == datetime.date(2026, 1, 8)
    assert old.survey_overdue
    officer = CountyOfficerFactory(office__region=region)
    assert list(survey_overdue_list(user=officer)) == [old]
    services.enterprise_update(enterprise=old, survey_date=datetime.date(2026, 1, 7))
    assert not old.survey_overdue


def test_two_serious_penalties_flag_a_key_enterprise():
    enterprise = EnterpriseFactory()
    for n, authority in enumerate(["甲局", "乙局"], start=1):
        services.penalty_create(
            enterprise=enterprise,
            decision_no=f"通X罚决字〔2026〕{n}号",
            authority=authority,
            decision_date=datetime.date(2026, 2, n),
            content="罚款。",
            severity=Severity.SERIOUS,
        )
    enterprise.refresh_from_db()
    assert enterprise.is_key
    assert "2 次" in enterprise.key_reason


def test_key_helper_must_come_from_the_agency_serving_the_region():
    region = RegionFactory(code="04")
    enterprise = EnterpriseFactory(region=region)
    outsider = TrainerFactory(agency=AgencyFactory(regions=[RegionFactory(code="05")]))
    with pytest.raises(ValidationError) as exc:
        services.enterprise_key_assign(enterprise=enterprise, helper=outsider)
    assert exc.value.message_dict["key_helper"] == [services.HELPER_NOT_IN_AGENCY]
    helper = TrainerFactory(agency=AgencyFactory(regions=[region]))
    services.enterprise_key_assign(enterprise=enterprise, helper=helper, reason="多次")
    services.follow_up_add(
        enterprise=enterprise, author=helper, note="上门帮扶", kind="key_help"
    )
    enterprise.refresh_from_db()
    assert enterprise.is_key and enterprise.key_helper == helper
    assert FollowUp.objects.filter(enterprise=enterprise, kind="key_help").count() == 1


def test_follow_up_cannot_be_dated_in_the_future():
    with pytest.raises(ValidationError) as exc:
        services.follow_up_add(
            enterprise=EnterpriseFactory(),
            author=None,
            note="x",
            date=timezone.localdate() + datetime.timedelta(days=2),
        )
    assert exc.value.message_dict["date"] == [services.FOLLOW_UP_IN_FUTURE]


def test_archive_counts_are_scoped_and_counted():
    from enterprises.selectors import enterprise_archive_counts

    region = RegionFactory(code="09")
    EnterpriseFactory(region=region, governance_type="exit", is_key=True)
    EnterpriseFactory(region=region, governance_type="help")
    EnterpriseFactory(region=RegionFactory(code="10"), governance_type="help")
    counts = enterprise_archive_counts(user=CountyOfficerFactory(office__region=region))
    assert counts == {"overdue": 0, "key": 1, "exit": 1, "help": 1, "constrain": 0}
