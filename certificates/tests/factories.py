"""Factories and builders for certificate tests."""

import factory

from accounts.models import CreditOffice
from certificates.models import ProgrammeCertificateSettings
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


def eligible_enrolment(*, penalties: int = 2, session=None, **kwargs):
    """An enrolment whose letters are signed and attendance met (exam aside)."""
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
    return enrolment


def county_office_for(region):
    return CreditOfficeFactory(
        name=f"{region.name}信用办", level=CreditOffice.Level.COUNTY, region=region
    )
