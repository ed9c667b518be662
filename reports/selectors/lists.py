"""Attendance and pass lists: one filtered, annotated queryset per page or export."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

import journey
from accounts.models import Agency, Region, User
from certificates.models import Certificate
from enrollment.models import Enrolment, Programme, TrainingSession
from exams.models import Attempt

from .dashboard import active_enrolments
from .pg import jit_off
from .scope import is_office_reader, scoped_city_id, scoped_region_ids

ATTENDANCE_STATUSES = {
    "met": "出勤达标",
    "short": "未达标",
    "pending": "出勤待确定",
    "absent": "未签到",
}
PASS_STATUSES = {"passed": "通过", "failed": "未通过", "untaken": "未参加考试"}
LIST_KINDS = {"attendance": "出勤名单", "pass": "考试合格名单"}


@dataclass
class ListFilters:
    """What an office narrows a list to; None or "" means "any"."""

    kind: str = "attendance"
    programme: Programme | None = None
    region: Region | None = None
    session: TrainingSession | None = None
    agency: Agency | None = None
    status: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


def session_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions of plan lines in `user`'s regions (joint regions included)."""
    if not is_office_reader(user):
        raise Http404
    qs = TrainingSession.objects.select_related(
        "plan_line__programme", "plan_line__agency", "plan_line__region"
    )
    region_ids = scoped_region_ids(user=user)
    if region_ids is None:
        return qs.order_by("-starts_at")
    ids = TrainingSession.objects.filter(
        Q(plan_line__region_id__in=region_ids)
        | Q(plan_line__extra_regions__in=region_ids)
        | Q(plan_line__programme__city_id=scoped_city_id(user=user) or 0)
    ).values("id")
    return qs.filter(id__in=ids).order_by("-starts_at")


def session_get(*, user: User, pk: int) -> TrainingSession:
    """One session in `user`'s scope; any other is a 404."""
    return get_object_or_404(session_list(user=user), pk=pk)


def _best_score():
    return Subquery(
        Attempt.objects.filter(
            enrolment=OuterRef("pk"), status=Attempt.Status.SUBMITTED
        )
        .order_by("-score")
        .values("score")[:1]
    )


def _certificate_serial():
    return Subquery(
        Certificate.objects.filter(
            enrolment=OuterRef("pk"), status=Certificate.Status.VALID
        )
        .order_by("-issued_at")
        .values("serial")[:1]
    )


def _flag(condition) -> Case:
    return Case(When(condition, then=True), default=False, output_field=BooleanField())


def roster(*, user: User, filters: ListFilters) -> QuerySet[Enrolment]:
    """Enrolled enterprises in scope, annotated with attendance and exam results."""
    qs = active_enrolments(
        user=user, programme=filters.programme, region=filters.region
    )
    if filters.session is not None:
        qs = qs.filter(session=filters.session)
    if filters.agency is not None:
        qs = qs.filter(plan_line__agency=filters.agency)
    if filters.date_from:
        qs = qs.filter(session__starts_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(session__starts_at__date__lte=filters.date_to)
    if filters.q:
        qs = qs.filter(
            Q(enterprise__name__icontains=filters.q)
            | Q(enterprise__uscc__icontains=filters.q.upper())
        )
    now = timezone.now()
    met, pending = journey.attendance_met_q(now), journey.attendance_pending_q(now)
    signed_in = journey.signed_in_q()
    passed, attempted = journey.exam_passed_q(), journey.exam_attempted_q()
    status_filters = {
        ("attendance", "met"): met,
        ("attendance", "short"): signed_in & ~met & ~pending,
        ("attendance", "pending"): pending,
        ("attendance", "absent"): ~signed_in,
        ("pass", "passed"): passed,
        ("pass", "failed"): attempted & ~passed,
        ("pass", "untaken"): ~attempted,
    }
    condition = status_filters.get((filters.kind, filters.status))
    if condition is not None:
        qs = qs.filter(condition)
    return (
        qs.select_related(
            "enterprise__region",
            "session",
            "plan_line__agency",
            "programme",
            "attendance",
        )
        .annotate(
            is_met=_flag(met),
            is_pending=_flag(pending),
            is_passed=_flag(passed),
            best_score=_best_score(),
            certificate_serial=_certificate_serial(),
        )
        .order_by("session__starts_at", "enterprise__region__code", "enterprise__name")
    )


def attendance_status(enrolment: Enrolment) -> str:
    attendance = getattr(enrolment, "attendance", None)
    signed_in = attendance.signed_in_at if attendance is not None else None
    return _attendance_label(signed_in, enrolment.is_met, enrolment.is_pending)


def _attendance_label(signed_in_at, is_met: bool, is_pending: bool) -> str:
    if signed_in_at is None:
        return ATTENDANCE_STATUSES["absent"]
    if is_pending:
        return ATTENDANCE_STATUSES["pending"]
    return ATTENDANCE_STATUSES["met" if is_met else "short"]


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


ATTENDANCE_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "地区",
    "培训项目",
    "场次",
    "培训时间",
    "服务机构",
    "签到时间",
    "签退时间",
    "在线分钟",
    "出勤情况",
]
PASS_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "地区",
    "培训项目",
    "场次",
    "培训时间",
    "服务机构",
    "出勤情况",
    "最高得分",
    "考试结果",
    "结业证明编号",
]


# Exports read plain tuples (no model instances): 10,000 rows in well under a second.
_COMMON_FIELDS = (
    "enterprise__name",
    "enterprise__uscc",
    "enterprise__region__name",
    "programme__name",
    "session__title",
    "session__starts_at",
    "plan_line__agency__name",
    "attendance__signed_in_at",
    "attendance__signed_out_at",
    "attendance__attended_seconds",
    "is_met",
    "is_pending",
)


def attendance_rows(qs: QuerySet[Enrolment]):
    """Export rows of the attendance list, read in chunks."""
    with jit_off():
        for row in qs.values_list(*_COMMON_FIELDS).iterator(chunk_size=2000):
            name, uscc, region, programme, title, starts, agency = row[:7]
            signed_in, signed_out, seconds, is_met, is_pending = row[7:]
            yield [
                name,
                uscc,
                region,
                programme,
                title,
                _local(starts),
                agency,
                _local(signed_in),
                _local(signed_out),
                (seconds or 0) // 60,
                _attendance_label(signed_in, is_met, is_pending),
            ]


def pass_status(enrolment: Enrolment) -> str:
    return _pass_label(enrolment.is_passed, enrolment.best_score)


def _pass_label(is_passed: bool, best_score) -> str:
    if is_passed:
        return PASS_STATUSES["passed"]
    if best_score is not None:
        return PASS_STATUSES["failed"]
    return PASS_STATUSES["untaken"]


def pass_rows(qs: QuerySet[Enrolment]):
    """Export rows of the pass list, read in chunks."""
    fields = (*_COMMON_FIELDS, "is_passed", "best_score", "certificate_serial")
    with jit_off():
        for row in qs.values_list(*fields).iterator(chunk_size=2000):
            name, uscc, region, programme, title, starts, agency = row[:7]
            signed_in, _out, _seconds, is_met, is_pending = row[7:12]
            is_passed, score, serial = row[12:]
            yield [
                name,
                uscc,
                region,
                programme,
                title,
                _local(starts),
                agency,
                _attendance_label(signed_in, is_met, is_pending),
                float(score) if score is not None else "",
                _pass_label(is_passed, score),
                serial or "",
            ]
