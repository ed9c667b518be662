"""Exam eligible, exam passed and certificate eligible.

The exam gate (`exam_blockers`) is what the exam service, the certificate service
and the representative's steps ask; the queryset forms beside each rule are what the
dashboards, lists and exports count.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q

from certificates.models import Certificate
from enrollment import clock
from enrollment.models import Attendance, Enrolment
from exams.models import Attempt

from . import attendance as att
from .letters import letters_missing

LETTERS_MISSING = "尚有 {count} 份信用修复承诺书未签署：{numbers}。"
NOT_ENROLLED = "未报名或报名已取消。"
NOT_SIGNED_IN = "未签到。"
EXAM_NOT_PASSED = "结业考试尚未通过，不能出具结业证明。"
ATTENDANCE_PENDING = (
    "出勤时间尚待确定（培训结束、讲师关闭签退后确定），确定后即可参加结业考试。"
)
ATTENDANCE_SHORT = "出勤 {minutes} 分钟，未达到 {required} 分钟（{hours} 学时）的要求。"


def exam_blockers(*, enrolment: Enrolment, now: datetime | None = None) -> list[str]:
    """What still stops `enrolment` from sitting the exam; empty when it may start."""
    blockers = []
    if enrolment.status != Enrolment.Status.ENROLLED:
        blockers.append(NOT_ENROLLED)
    profile = enrolment.programme.rule_profile
    missing = list(letters_missing(enterprise=enrolment.enterprise, profile=profile))
    if missing:
        blockers.append(
            LETTERS_MISSING.format(
                count=len(missing), numbers="、".join(p.decision_no for p in missing)
            )
        )
    now = now or clock.now()
    session = enrolment.session
    # Read afresh: a socket or a page may hold the enrolment for hours.
    attendance = Attendance.objects.filter(enrolment_id=enrolment.pk).first()
    status = att.status_of(attendance=attendance, session=session, now=now)
    if status == att.ABSENT:
        blockers.append(NOT_SIGNED_IN)
        return blockers
    early = att.exam_opens_early(enrolment=enrolment)
    if status == att.PENDING and not early:
        blockers.append(ATTENDANCE_PENDING)
        return blockers
    seconds = att.attended_seconds(attendance=attendance, session=session, now=now)
    if seconds < att.required_seconds(profile=profile):
        blockers.append(
            ATTENDANCE_SHORT.format(
                minutes=seconds // 60,
                required=profile.min_attendance_minutes,
                hours=profile.min_class_hours,
            )
        )
    return blockers


def exam_eligible(*, enrolment: Enrolment, now: datetime | None = None) -> bool:
    """The exam gate lets `enrolment` in."""
    return not exam_blockers(enrolment=enrolment, now=now)


def enrolled_q() -> Q:
    """The Enrolment row holds a seat (not waitlisted, not cancelled)."""
    return Q(status=Enrolment.Status.ENROLLED)


def passed_attempt(*, enrolment: Enrolment) -> Attempt | None:
    """The best passed, submitted attempt of `enrolment`, or None."""
    return (
        Attempt.objects.filter(
            enrolment=enrolment, status=Attempt.Status.SUBMITTED, passed=True
        )
        .order_by("-score", "submitted_at")
        .first()
    )


def exam_passed(*, enrolment: Enrolment) -> bool:
    """A submitted attempt of `enrolment` passed."""
    return passed_attempt(enrolment=enrolment) is not None


def exam_passed_q() -> Q:
    """`exam_passed` as a condition on Enrolment rows."""
    return Q(
        Exists(
            Attempt.objects.filter(
                enrolment_id=OuterRef("pk"),
                status=Attempt.Status.SUBMITTED,
                passed=True,
            )
        )
    )


def exam_attempted_q() -> Q:
    """The Enrolment row has at least one submitted attempt."""
    return Q(
        Exists(
            Attempt.objects.filter(
                enrolment_id=OuterRef("pk"), status=Attempt.Status.SUBMITTED
            )
        )
    )


def certificate_blockers(
    *, enrolment: Enrolment, now: datetime | None = None
) -> list[str]:
    """What stops a certificate: the exam gate's reasons, then a missing pass."""
    blockers = exam_blockers(enrolment=enrolment, now=now)
    if not blockers and not exam_passed(enrolment=enrolment):
        blockers.append(EXAM_NOT_PASSED)
    return blockers


def certificate_eligible(*, enrolment: Enrolment, now: datetime | None = None) -> bool:
    """Letters signed, attendance met and the exam passed."""
    return not certificate_blockers(enrolment=enrolment, now=now)


def certified(*, enrolment: Enrolment) -> bool:
    """`enrolment` holds a valid certificate."""
    return Certificate.objects.filter(
        enrolment=enrolment, status=Certificate.Status.VALID
    ).exists()


def certified_q() -> Q:
    """`certified` as a condition on Enrolment rows."""
    return Q(
        Exists(
            Certificate.objects.filter(
                enrolment_id=OuterRef("pk"), status=Certificate.Status.VALID
            )
        )
    )
