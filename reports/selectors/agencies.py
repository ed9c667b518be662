"""Agencies against the regions they serve, and the monthly report per agency."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

import journey
from accounts.models import Agency, User
from accounts.selectors import agency_list
from enrollment.models import Programme, TrainingSession

from .dashboard import FunnelRow, active_enrolments, funnel_by_plan_line
from .pg import without_jit
from .scope import is_office_reader, office_regions


@dataclass
class AgencyProgress:
    """One agency: a funnel row per plan line it is responsible for, and the total."""

    agency: Agency
    rows: list[FunnelRow]
    total: FunnelRow


@dataclass
class MonthlyReport:
    """An agency's statistics for one calendar month (seed 000 §三.1)."""

    agency: Agency
    month: datetime.date
    rows: list[FunnelRow]
    total: FunnelRow
    sessions: list[TrainingSession] = field(default_factory=list)
    new_enrolments: int = 0
    attended_in_month: int = 0
    passed_in_month: int = 0

    @property
    def month_label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


def agencies_in_scope(*, user: User) -> list[Agency]:
    """Agencies serving `user`'s regions, with their regions prefetched (2 queries)."""
    if not is_office_reader(user):
        raise Http404
    return list(agency_list(user=user).prefetch_related("regions").order_by("name"))


def agency_get(*, user: User, pk: int) -> Agency:
    """One agency in `user`'s scope; any other is a 404."""
    if not is_office_reader(user):
        raise Http404
    return get_object_or_404(agency_list(user=user), pk=pk)


def agency_progress(
    *, user: User, programme: Programme | None = None
) -> list[AgencyProgress]:
    """Each agency's funnel per plan line it is responsible for. Queries: 2 + 3 per
    agency (agencies are a handful per city, fixed by the city's notice)."""
    office_regions(user=user)  # 404 for readers outside the offices' view
    result = []
    for agency in agencies_in_scope(user=user):
        rows, total = funnel_by_plan_line(user=user, programme=programme, agency=agency)
        total.label = agency.name
        result.append(AgencyProgress(agency=agency, rows=rows, total=total))
    return result


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of `month`'s calendar month."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


@without_jit
def agency_monthly_report(
    *, user: User, agency: Agency, month: datetime.date
) -> MonthlyReport:
    """Cumulative funnel per plan line, the month's sessions and new figures."""
    first, last = month_bounds(month)
    in_scope = {r.pk for r in office_regions(user=user)}
    rows, total = funnel_by_plan_line(user=user, agency=agency)
    total.label = "合计"
    enrolments = active_enrolments(user=user, agency=agency)
    month_q = Q(session__starts_at__date__gte=first, session__starts_at__date__lte=last)
    figures = enrolments.aggregate(
        new=Count(
            "id", filter=Q(created_at__date__gte=first, created_at__date__lte=last)
        ),
        attended=Count("id", filter=month_q & journey.attendance_met_q()),
        passed=Count("id", filter=month_q & journey.exam_passed_q()),
    )
    session_ids = enrolments.filter(month_q).values("session_id")
    sessions = list(
        TrainingSession.objects.filter(
            Q(id__in=session_ids)
            | Q(
                plan_line__agency=agency,
                starts_at__date__gte=first,
                starts_at__date__lte=last,
                plan_line__region_id__in=in_scope,
            )
        )
        .annotate(
            n_enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled")),
            n_signed_in=Count(
                "enrolments",
                filter=Q(
                    enrolments__status="enrolled",
                    enrolments__attendance__signed_in_at__isnull=False,
                ),
            ),
        )
        .select_related("plan_line")
        .order_by("starts_at")
    )
    return MonthlyReport(
        agency=agency,
        month=first,
        rows=rows,
        total=total,
        sessions=sessions,
        new_enrolments=figures["new"],
        attended_in_month=figures["attended"],
        passed_in_month=figures["passed"],
    )


REPORT_HEADER = [
    "计划行",
    "计划",
    "已报名",
    "承诺书已签",
    "出勤达标",
    "考试通过",
    "已发证",
    "已提交修复",
    "修复成功",
    "修复率",
]


def report_rows(report: MonthlyReport):
    """The report's table as xlsx rows: one per plan line, then the total."""
    for row in [*report.rows, report.total]:
        rate = f"{row.repair_rate:.1%}" if row.repair_rate is not None else ""
        yield [
            row.label,
            row.planned,
            row.enrolled,
            row.signed,
            row.attended,
            row.passed,
            row.certified,
            row.submitted,
            row.repaired,
            rate,
        ]
