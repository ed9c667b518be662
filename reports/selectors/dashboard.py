"""The funnel per programme and region, and its month-by-month trend.

Every figure is one conditional Count in one grouped query, so the number of queries
does not grow with the data.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Agency, Region, User
from enrollment.models import Enrolment, PlanLine, Programme
from enterprises.models import PenaltyRecord

from .. import sources
from .pg import without_jit
from .scope import office_regions, scoped_city_id, scoped_region_ids

REPAIR_TARGET = sources.DEFAULT_REPAIR_TARGET
STAGES = (
    "enrolled",
    "signed",
    "attended",
    "passed",
    "certified",
    "submitted",
    "repaired",
)
STAGE_LABELS = {
    "planned": "计划",
    "enrolled": "已报名",
    "signed": "承诺书已签",
    "attended": "出勤达标",
    "passed": "考试通过",
    "certified": "已发证",
    "submitted": "已提交修复",
    "repaired": "修复成功",
}
SECTOR_LABEL = "行业领域（不分地区）"


@dataclass
class FunnelRow:
    """One region's (or the total's) funnel figures."""

    label: str
    region: Region | None = None
    planned: int = 0
    enrolled: int = 0
    signed: int = 0
    attended: int = 0
    passed: int = 0
    certified: int = 0
    submitted: int = 0
    repaired: int = 0
    # The repair rate as certificates.selectors.repair_rate counts it (issue 8):
    # approved applications over the penalties listed on valid certificates.
    rate_eligible: int = 0
    rate_approved: int = 0
    target: float = REPAIR_TARGET

    @property
    def repair_rate(self) -> float | None:
        """Approved over eligible penalties; None while nothing is eligible."""
        return self.rate_approved / self.rate_eligible if self.rate_eligible else None

    @property
    def meets_target(self) -> bool:
        return self.repair_rate is not None and self.repair_rate >= self.target

    @property
    def plan_progress(self) -> float | None:
        """Enrolled over planned; None when nothing is planned."""
        return self.enrolled / self.planned if self.planned else None

    def add(self, other: "FunnelRow") -> None:
        for name in ("planned", *STAGES, "rate_eligible", "rate_approved"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Trend:
    """Counts per calendar month for a few stages."""

    months: list[datetime.date]
    series: dict[str, list[int]] = field(default_factory=dict)


def active_enrolments(
    *,
    user: User,
    programme: Programme | None = None,
    region: Region | None = None,
    agency: Agency | None = None,
):
    """Enrolled (not waitlisted, not cancelled) enrolments in `user`'s scope."""
    qs = Enrolment.objects.filter(status=Enrolment.Status.ENROLLED)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if agency is not None:
        qs = qs.filter(plan_line__agency=agency)
    region_ids = scoped_region_ids(user=user, region=region)
    if region_ids is not None:
        qs = qs.filter(enterprise__region_id__in=region_ids)
    return qs


def stage_counts() -> dict:
    """Aggregates: the enrolment count and one conditional Count per later stage."""
    counts = {"enrolled": Count("id")}
    for name, condition in sources.funnel_conditions().items():
        counts[name] = Count("id", filter=condition)
    return counts


@without_jit
def funnel_by_region(
    *,
    user: User,
    programme: Programme | None = None,
    region: Region | None = None,
    agency: Agency | None = None,
    regions: list[Region] | None = None,
) -> tuple[list[FunnelRow], FunnelRow]:
    """Rows per region in scope (plus sector plan lines for all-region readers)
    and their total. Three queries whatever the data size (two if `regions` given).
    """
    if regions is None:
        regions = [region] if region is not None else office_regions(user=user)
    rows = {r.pk: FunnelRow(label=r.name, region=r) for r in regions}
    region_ids = scoped_region_ids(user=user, region=region)

    plan = PlanLine.objects.all()
    if programme is not None:
        plan = plan.filter(programme=programme)
    if agency is not None:
        plan = plan.filter(agency=agency)
    if region_ids is not None:
        in_scope = Q(region_id__in=region_ids)
        city_id = scoped_city_id(user=user)
        if region is None and city_id:  # the city's own sector lines
            in_scope |= Q(region__isnull=True, programme__city_id=city_id)
        plan = plan.filter(in_scope)
    for line in plan.values("region_id").annotate(planned=Sum("planned_count")):
        row = rows.get(line["region_id"])
        if row is None and line["region_id"] is None:  # sector lines: city readers
            row = rows.setdefault(None, FunnelRow(label=SECTOR_LABEL))
        if row is None:  # a region outside the rows asked for
            continue
        row.planned += line["planned"] or 0

    grouped = (
        active_enrolments(user=user, programme=programme, region=region, agency=agency)
        .values("enterprise__region_id")
        .annotate(**stage_counts())
        .order_by()
    )
    for figures in grouped:
        row = rows.get(figures.pop("enterprise__region_id"))
        if row is None:
            continue
        for name, value in figures.items():
            setattr(row, name, value)

    for region_id, (eligible, approved) in _repair_rate_counts(
        region_ids=region_ids, programme=programme, agency=agency
    ).items():
        row = rows.get(region_id)
        if row is not None:
            row.rate_eligible, row.rate_approved = eligible, approved

    target = sources.repair_target(programme=programme)
    total = FunnelRow(label="合计" if region is None else region.name, region=region)
    for row in rows.values():
        row.target = target
        total.add(row)
    total.target = target
    ordered = [rows[r.pk] for r in regions] + ([rows[None]] if None in rows else [])
    return ordered, total


def _repair_rate_counts(*, region_ids, programme, agency) -> dict:
    """{region id: (eligible, approved)} penalties, one grouped query (issue 8)."""
    if not sources.certificates_list_penalties():
        return {}  # TODO(issue 8): no rate until certificates list their penalties
    condition = Q(certificates__status="valid")
    if programme is not None:
        condition &= Q(certificates__programme=programme)
    if agency is not None:
        condition &= Q(certificates__agency=agency)
    qs = PenaltyRecord.objects.filter(condition)
    if region_ids is not None:
        qs = qs.filter(enterprise__region_id__in=region_ids)
    grouped = (
        qs.values("enterprise__region_id")
        .annotate(
            eligible=Count("id", distinct=True),
            approved=Count(
                "id",
                distinct=True,
                filter=Q(repair_application__status=sources.APPROVED_STATUS),
            ),
        )
        .order_by()
    )
    return {g["enterprise__region_id"]: (g["eligible"], g["approved"]) for g in grouped}


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months_back(end: datetime.date, count: int) -> list[datetime.date]:
    months = [_month_start(end)]
    while len(months) < count:
        previous = months[-1] - datetime.timedelta(days=1)
        months.append(_month_start(previous))
    return list(reversed(months))


def _by_month(
    qs, field_name: str, months: list[datetime.date], *, distinct: bool = False
) -> list[int]:
    rows = (
        qs.filter(**{f"{field_name}__date__gte": months[0]})
        .annotate(month=TruncMonth(field_name))
        .values("month")
        .annotate(n=Count("id", distinct=distinct))
        .order_by()
    )
    found = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = (
                timezone.localtime(month).date()
                if timezone.is_aware(month)
                else month.date()
            )
        found[month] = found.get(month, 0) + row["n"]
    return [found.get(m, 0) for m in months]


@without_jit
def monthly_trend(
    *,
    user: User,
    programme: Programme | None = None,
    region: Region | None = None,
    months: int = 12,
    today: datetime.date | None = None,
) -> Trend:
    """Enrolled, attended and passed per month for the last `months` months."""
    end = today or timezone.localdate()
    month_list = _months_back(end, months)
    base = active_enrolments(user=user, programme=programme, region=region)
    trend = Trend(months=month_list)
    trend.series["enrolled"] = _by_month(base, "created_at", month_list)
    trend.series["attended"] = _by_month(
        base.filter(sources.attendance_met()), "attendance__signed_in_at", month_list
    )
    Attempt = sources.attempt_model()
    if Attempt is None:  # TODO(issue 7): passed per month reads 0 until exams land
        trend.series["passed"] = [0] * len(month_list)
    else:
        trend.series["passed"] = _by_month(
            base.filter(exam_attempts__status="submitted", exam_attempts__passed=True),
            "exam_attempts__submitted_at",
            month_list,
            distinct=True,
        )
    trend.series["repaired"] = _repaired_by_month(
        base=base,
        region_ids=scoped_region_ids(user=user, region=region),
        programme=programme,
        months=month_list,
    )
    return trend


def _repaired_by_month(*, base, region_ids, programme, months) -> list[int]:
    """Approved repair applications per month of decision (issue 8)."""
    RepairApplication = sources.repair_application_model()
    if RepairApplication is None:  # TODO(issue 8): reads 0 until applications land
        return [0] * len(months)
    qs = RepairApplication.objects.filter(
        status=sources.APPROVED_STATUS,
        decided_on__gte=months[0],
        penalty__enterprise_id__in=base.values("enterprise_id"),
    )
    rows = (
        qs.annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {row["month"]: row["n"] for row in rows}
    return [found.get(m, 0) for m in months]
