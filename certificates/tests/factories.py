"""Factories and builders for certificate tests."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import CreditOffice
from certificates.models import ProgrammeCertificateSettings
from exams.models import Attempt
from exams.tests.factories import PaperFactory
from tests.factories import (
    AttendanceFactory,
    CommitmentLetterFactory,
    CreditOfficeFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
    RepresentativeFactory,
)


class ProgrammeCertificateSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeCertificateSettings

    serial_prefix = "NT2022"


def passed_attempt_for(enrolment, *, score: Decimal = Decimal("88")) -> Attempt:
    """A submitted, passed exam attempt of `enrolment` (as the exams app leaves it)."""
    now = timezone.now()
    paper = PaperFactory(agency=enrolment.plan_line.agency, pass_mark=Decimal("60"))
    return Attempt.objects.create(
        paper=paper,
        enrolment=enrolment,
        candidate=enrolment.attendee,
        number=1,
        status=Attempt.Status.SUBMITTED,
        started_at=now - datetime.timedelta(minutes=20),
        deadline=now + datetime.timedelta(minutes=10),
        submitted_at=now,
        score=score,
        max_score=Decimal("100"),
        passed=score >= paper.pass_mark,
    )


def eligible_enrolment(
    *, penalties: int = 2, session=None, passed: bool = True, **kwargs
):
    """An enrolment with signed letters, attendance met and (by default) a pass."""
    enrolment = EnrolmentFactory(
        **({"session": session} if session is not None else {}), **kwargs
    )
    enterprise = enrolment.enterprise
    enrolment.attendee = RepresentativeFactory(enterprise=enterprise, real_name="李四")
    enrolment.save(update_fields=["attendee"])
    for _ in range(penalties):
        CommitmentLetterFactory(penalty=PenaltyRecordFactory(enterprise=enterprise))
    profile = enrolment.programme.rule_profile
    AttendanceFactory(
        enrolment=enrolment,
        attended_seconds=profile.min_class_hours * profile.class_hour_minutes * 60,
    )
    if passed:
        passed_attempt_for(enrolment)
    return enrolment


def county_office_for(region):
    return CreditOfficeFactory(
        name=f"{region.name}信用办", level=CreditOffice.Level.COUNTY, region=region
    )
