import datetime

import pytest
from django.utils import timezone

import journey
from enterprises.models import PenaltyRecord
from tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "needed"),
    [
        ("责令限期整改，罚款二千元。", True),
        ("责令停业整顿。", True),
        ("责令停止违法行为，罚款一万元。", True),
        ("警告。", False),
        ("罚款人民币五千元。", False),
    ],
)
def test_rectification_form_needed_in_both_forms(content, needed):
    penalty = PenaltyRecordFactory(content=content)
    assert journey.needs_rectification_form(penalty=penalty) is needed
    in_sql = PenaltyRecord.objects.filter(
        journey.rectification_form_q(), pk=penalty.pk
    ).exists()
    assert in_sql is needed


def _attended(session, **kwargs):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, **kwargs)
    return enrolment


def test_offline_attendance_is_pending_until_signed_out_or_closed():
    start = timezone.now() - datetime.timedelta(hours=4)
    session = TrainingSessionFactory(starts_at=start)
    stayed = _attended(session, signed_in_at=start, attended_seconds=0)
    left = _attended(session, signed_in_at=start, attended_seconds=3 * 3600)
    assert journey.attendance_status(enrolment=stayed) == journey.PENDING
    assert journey.attendance_status(enrolment=left) == journey.MET
    assert journey.provisional_met(enrolment=stayed)  # 3 h so far, not yet final

    session.signout_closed_at = timezone.now()
    session.save(update_fields=["signout_closed_at"])
    stayed.refresh_from_db()
    assert journey.attendance_status(enrolment=stayed) == journey.SHORT
