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
