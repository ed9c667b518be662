import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import CreditOffice
from certificates import services
from certificates.models import Certificate, SerialCounter
from certificates.tests.factories import (
    ProgrammeCertificateSettingsFactory,
    county_office_for,
    eligible_enrolment,
    passed_attempt_for,
)
from enterprises.models import Severity
from tests.factories import (
    CityOfficerFactory,
    CommitmentLetterFactory,
    CreditOfficeFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_certificate_carries_every_listed_field():
    enrolment = eligible_enrolment(penalties=2)
    office = county_office_for(enrolment.plan_line.region)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=86)
    enterprise = enrolment.enterprise
    assert cert.enterprise_name == enterprise.name
    assert cert.uscc == enterprise.uscc
    assert cert.representative == "李四"
    assert cert.session == enrolment.session
    assert cert.class_hours == enrolment.session.class_hours
    assert cert.exam_score == Decimal("86")
    assert cert.agency == enrolment.plan_line.agency
    assert cert.office == office
    assert sorted(cert.decision_numbers) == sorted(
        p.decision_no for p in enterprise.penalties.all()
    )
    assert cert.penalties.count() == 2
    assert len(cert.verify_code) >= 20


def test_office_falls_back_to_the_city_office_without_a_county_office():
    enrolment = eligible_enrolment(penalties=1)
    city = CityOfficerFactory().office
    cert = services.certificate_issue(enrolment=enrolment, exam_score=70)
    assert cert.office == city
    assert city.level == CreditOffice.Level.CITY


def test_serial_is_programme_region_and_sequence():
    first = eligible_enrolment(penalties=0)
    ProgrammeCertificateSettingsFactory(programme=first.programme)
    second = eligible_enrolment(penalties=0, session=first.session)
    a = services.certificate_issue(enrolment=first, exam_score=90)
    b = services.certificate_issue(enrolment=second, exam_score=90)
    code = first.plan_line.region.code
    assert a.serial == f"NT2022-{code}-0001"
    assert b.serial == f"NT2022-{code}-0002"
    assert SerialCounter.objects.get(prefix=f"NT2022-{code}").last_value == 2


def test_verification_codes_differ_and_are_not_derived_from_the_serial():
    a = services.certificate_issue(enrolment=eligible_enrolment(), exam_score=80)
    b = services.certificate_issue(enrolment=eligible_enrolment(), exam_score=80)
    assert a.verify_code != b.verify_code
    assert a.serial not in a.verify_code


def test_issuing_twice_returns_the_same_certificate():
    enrolment = eligible_enrolment()
    a = services.certificate_issue(enrolment=enrolment, exam_score=80)
    b = services.certificate_issue(enrolment=enrolment, exam_score=95)
    assert a.pk == b.pk
    assert Certificate.objects.count() == 1


def test_unsigned_letter_blocks_the_certificate():
    enrolment = eligible_enrolment(penalties=1)
    PenaltyRecordFactory(
        enterprise=enrolment.enterprise, decision_no="未签字〔2022〕9号"
    )
    with pytest.raises(ValidationError) as exc:
        services.certificate_issue(enrolment=enrolment, exam_score=90)
    assert "未签字〔2022〕9号" in str(exc.value)
    assert not Certificate.objects.exists()


def test_short_attendance_blocks_the_certificate():
    enrolment = eligible_enrolment()
    enrolment.attendance.attended_seconds = 60
    enrolment.attendance.save()
    with pytest.raises(ValidationError):
        services.certificate_issue(enrolment=enrolment, exam_score=90)
    assert not Certificate.objects.exists()


def test_no_attendance_blocks_the_certificate():
    enrolment = EnrolmentFactory()
    with pytest.raises(ValidationError):
        services.certificate_issue(enrolment=enrolment, exam_score=90)


def test_missing_score_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.certificate_issue(enrolment=eligible_enrolment(), exam_score=None)
    assert services.CERT_SCORE_REQUIRED in exc.value.messages


def test_without_a_passed_attempt_the_certificate_is_refused():
    enrolment = eligible_enrolment(passed=False)
    failed = passed_attempt_for(enrolment, score=Decimal("40"))
    assert not failed.passed
    with pytest.raises(ValidationError) as exc:
        services.certificate_issue(enrolment=enrolment, exam_score=90)
    assert services.CERT_EXAM_NOT_PASSED in exc.value.messages
    assert not Certificate.objects.exists()


def test_passing_the_exam_issues_the_certificate_through_the_exam_service():
    from exams import services as exam_services
    from exams.models import Option
    from exams.tests.factories import paper_for_session

    enrolment = eligible_enrolment(penalties=1, passed=False)
    paper_for_session(session=enrolment.session, pass_mark=Decimal("30"))
    attempt = exam_services.attempt_start(
        enrolment=enrolment, candidate=enrolment.attendee
    )
    for item in attempt.items.all():
        right = Option.objects.filter(question=item.question, is_correct=True)
        exam_services.answer_save(
            attempt=attempt,
            question_id=item.question_id,
            option_ids=list(right.values_list("id", flat=True)),
        )
    attempt = exam_services.attempt_submit(attempt=attempt)
    assert attempt.passed
    cert = Certificate.objects.get(enrolment=enrolment)
    assert cert.exam_score == attempt.score
    assert cert.decision_numbers == [enrolment.enterprise.penalties.get().decision_no]


def test_specially_serious_penalties_are_not_listed():
    enrolment = eligible_enrolment(penalties=1)
    grave = PenaltyRecordFactory(
        enterprise=enrolment.enterprise, severity=Severity.SPECIALLY_SERIOUS
    )
    CommitmentLetterFactory(penalty=grave)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=90)
    assert grave.decision_no not in cert.decision_numbers
    assert len(cert.decision_numbers) == 1


class _Attempt:
    def __init__(self, enrolment, passed=True, score=Decimal("92.5")):
        self.enrolment = enrolment
        self.passed = passed
        self.score = score
        self.submitted_at = datetime.datetime(2026, 11, 20, 3, tzinfo=datetime.UTC)


def test_a_pass_issues_the_certificate_with_the_attempt_score():
    enrolment = eligible_enrolment()
    cert = services.certificate_issue_for_pass(attempt=_Attempt(enrolment))
    assert cert is not None
    assert cert.exam_score == Decimal("92.5")


def test_a_fail_issues_nothing_and_a_blocked_pass_does_not_raise():
    enrolment = eligible_enrolment()
    assert (
        services.certificate_issue_for_pass(attempt=_Attempt(enrolment, False)) is None
    )
    enrolment.attendance.delete()
    assert services.certificate_issue_for_pass(attempt=_Attempt(enrolment)) is None
    assert not Certificate.objects.exists()


def test_sector_plan_line_uses_the_enterprise_region_code():
    enrolment = eligible_enrolment(penalties=0)
    region = enrolment.enterprise.region
    plan_line = enrolment.plan_line
    plan_line.region = None
    plan_line.save()
    CreditOfficeFactory(level=CreditOffice.Level.CITY, region=None)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=60)
    assert f"-{region.code}-" in cert.serial
