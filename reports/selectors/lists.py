"""Attendance and pass lists: one filtered, annotated queryset per page or export."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Agency, Region, User
from enrollment.models import Enrolment, Programme, TrainingSession

from .. import sources
from .dashboard import active_enrolments
from .pg import jit_off
from .scope import is_office_reader, scoped_region_ids

ATTENDANCE_STATUSES = {"met": "出勤达标", "short": "未达标", "absent": "未签到"}
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
    ).values("id")
    return qs.filter(id__in=ids).order_by("-starts_at")


def session_get(*, user: User, pk: int) -> TrainingSession:
    """One session in `user`'s scope; any other is a 404."""
    return get_object_or_404(session_list(user=user), pk=pk)


def _best_score():
    Attempt = sources.attempt_model()
    if Attempt is None:  # TODO(issue 7): no score until exams.Attempt lands
        return Value(None, output_field=DecimalField(max_digits=6, decimal_places=1))
    return Subquery(
        Attempt.objects.filter(enrolment=OuterRef("pk"), status="submitted")
        .order_by("-score")
        .values("score")[:1]
    )


def _certificate_serial():
    Certificate = sources.certificate_model()
    if Certificate is None:  # TODO(issue 8): no serial until certificates land
        return Value("")
    return Subquery(
        Certificate.objects.filter(enrolment=OuterRef("pk"), revoked_at__isnull=True)
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
    met = sources.attendance_met()
    signed_in = Q(attendance__signed_in_at__isnull=False)
    passed, attempted = sources.exam_passed(), sources.exam_attempted()
    status_filters = {
        ("attendance", "met"): met,
        ("attendance", "short"): signed_in & ~met,
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
            is_passed=_flag(passed),
            best_score=_best_score(),
            certificate_serial=_certificate_serial(),
        )
        .order_by("session__starts_at", "enterprise__region__code", "enterprise__name")
    )


def attendance_status(enrolment: Enrolment) -> str:
    attendance = getattr(enrolment, "attendance", None)
    if attendance is None or attendance.signed_in_at is None:
        return ATTENDANCE_STATUSES["absent"]
    return ATTENDANCE_STATUSES["met" if enrolment.is_met else "short"]


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


def attendance_rows(qs: QuerySet[Enrolment]):
    """Export rows of the attendance list, read in chunks."""
    with jit_off():
        yield from _attendance_rows(qs)


def _attendance_rows(qs):
    for e in qs.iterator(chunk_size=2000):
        attendance = getattr(e, "attendance", None)
        yield [
            e.enterprise.name,
            e.enterprise.uscc,
            e.enterprise.region.name,
            e.programme.name,
            e.session.title,
            _local(e.session.starts_at),
            e.plan_line.agency.name,
            _local(attendance.signed_in_at) if attendance else "",
            _local(attendance.signed_out_at) if attendance else "",
            attendance.attended_seconds // 60 if attendance else 0,
            attendance_status(e),
        ]


def pass_status(enrolment: Enrolment) -> str:
    if enrolment.is_passed:
        return PASS_STATUSES["passed"]
    if enrolment.best_score is not None:
        return PASS_STATUSES["failed"]
    return PASS_STATUSES["untaken"]


def pass_rows(qs: QuerySet[Enrolment]):
    """Export rows of the pass list, read in chunks."""
    with jit_off():
        yield from _pass_rows(qs)


def _pass_rows(qs):
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.enterprise.name,
            e.enterprise.uscc,
            e.enterprise.region.name,
            e.programme.name,
            e.session.title,
            _local(e.session.starts_at),
            e.plan_line.agency.name,
            attendance_status(e),
            float(e.best_score) if e.best_score is not None else "",
            pass_status(e),
            e.certificate_serial or "",
        ]
