"""Reads about enrolments, letters and attendance."""

from django.db.models import QuerySet

from enterprises.models import Enterprise, PenaltyRecord

from .models import Enrolment, TrainingSession

LETTERS_MISSING = "尚有 {count} 份信用修复承诺书未签署：{numbers}。"
NOT_ENROLLED = "未报名或报名已取消。"
NOT_SIGNED_IN = "未签到。"
ATTENDANCE_SHORT = "出勤 {minutes} 分钟，未达到 {required} 分钟（{hours} 学时）的要求。"


def letters_missing(*, enterprise: Enterprise) -> QuerySet[PenaltyRecord]:
    """Penalty records of `enterprise` whose commitment letter is not yet signed."""
    return enterprise.penalties.filter(commitment_letter__isnull=True)


def required_attendance_minutes(*, session: TrainingSession) -> int:
    """Minutes an attendee must attend: the rule's class hours x class-hour length."""
    profile = session.plan_line.programme.rule_profile
    return profile.min_class_hours * profile.class_hour_minutes


def exam_blockers(*, enrolment: Enrolment) -> list[str]:
    """What still stops `enrolment` from sitting the exam; empty when it may start."""
    blockers = []
    if enrolment.status != Enrolment.Status.ENROLLED:
        blockers.append(NOT_ENROLLED)
    missing = list(letters_missing(enterprise=enrolment.enterprise))
    if missing:
        blockers.append(
            LETTERS_MISSING.format(
                count=len(missing), numbers="、".join(p.decision_no for p in missing)
            )
        )
    # Attended minutes follow the live rules (offline sign-out, online presence,
    # manual marks): see enrollment.live_selectors.attended_seconds.
    from .live_selectors import attendance_result

    result = attendance_result(enrolment=enrolment)
    if not result.signed_in:
        blockers.append(NOT_SIGNED_IN)
    elif not result.hours_met:
        profile = enrolment.session.plan_line.programme.rule_profile
        blockers.append(
            ATTENDANCE_SHORT.format(
                minutes=result.attended_minutes,
                required=result.required_minutes,
                hours=profile.min_class_hours,
            )
        )
    return blockers
