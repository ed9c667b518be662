import pytest

from journey import (
    ATTENDANCE_SHORT,
    NOT_SIGNED_IN,
    exam_blockers,
)
from tests.factories import (
    AttendanceFactory,
    CommitmentLetterFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_unsigned_letter_and_no_signin_block_the_exam():
    enrolment = EnrolmentFactory()
    penalty = PenaltyRecordFactory(enterprise=enrolment.enterprise)
    blockers = exam_blockers(enrolment=enrolment)
    assert any(penalty.decision_no in b for b in blockers)
    assert NOT_SIGNED_IN in blockers


def test_short_attendance_blocks_and_full_attendance_clears():
    enrolment = EnrolmentFactory()
    CommitmentLetterFactory(
        penalty=PenaltyRecordFactory(enterprise=enrolment.enterprise)
    )
    attendance = AttendanceFactory(enrolment=enrolment, attended_seconds=179 * 60)
    assert exam_blockers(enrolment=enrolment) == [
        ATTENDANCE_SHORT.format(minutes=179, required=180, hours=3)
    ]
    attendance.attended_seconds = 180 * 60
    attendance.save()
    assert exam_blockers(enrolment=enrolment) == []


def test_the_exam_waits_for_final_attendance_unless_the_profile_opens_it_early():
    import datetime

    from django.utils import timezone

    from journey import ATTENDANCE_PENDING

    start = timezone.now() - datetime.timedelta(hours=4)
    enrolment = EnrolmentFactory(
        session__starts_at=start, session__ends_at=start + datetime.timedelta(hours=3)
    )
    # Offline, signed in, never signed out, sign-out not closed: provisional 3 h.
    AttendanceFactory(enrolment=enrolment, signed_in_at=start, attended_seconds=0)
    assert exam_blockers(enrolment=enrolment) == [ATTENDANCE_PENDING]

    profile = enrolment.programme.rule_profile
    profile.exam_before_attendance_final = True
    profile.save(update_fields=["exam_before_attendance_final"])
    enrolment.programme.rule_profile.refresh_from_db()
    assert exam_blockers(enrolment=enrolment) == []
