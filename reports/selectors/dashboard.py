"""The funnel per programme and region, and its month-by-month trend.

Every figure is one conditional Count in one grouped query, so the number of queries
does not grow with the data.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

import journey
from accounts.models import Agency, Region, User
from certificates.models import RepairApplication
from enrollment.models import Enrolment, PlanLine, Programme
from exams.models import Attempt

from .pg import without_jit
from .scope import office_regions, scoped_city_id, scoped_region_ids

REPAIR_TARGET = float(journey.repair_rate_target_default())
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
    # The repair rate as journey.repair_rate counts it: approved applications
    # over the penalties listed on valid certificates.
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


def funnel_conditions(now=None) -> dict[str, Q]:
    """Each funnel stage after "enrolled" as a journey rule on Enrolment rows."""
    return {
        "signed": journey.letters_signed_q(),
        "attended": journey.attendance_met_q(now),
        "passed": journey.exam_passed_q(),
        "certified": journey.certified_q(),
        "submitted": journey.application_submitted_q(),
        "repaired": journey.repaired_q(),
    }


def stage_counts(now=None) -> dict:
    """Aggregates: the enrolment count and one conditional Count per later stage."""
    counts = {"enrolled": Count("id")}
    for name, condition in funnel_conditions(now).items():
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

    for region_id, (eligible, approved) in journey.repair_rate_counts(
        region_ids=region_ids,
        programme=programme,
        agency=agency,
        group_by="enterprise__region_id",
    ).items():
        row = rows.get(region_id)
        if row is not None:
            row.rate_eligible, row.rate_approved = eligible, approved

    target = float(journey.repair_rate_target(programme=programme))
    total = FunnelRow(label="合计" if region is None else region.name, region=region)
    for row in rows.values():
        row.target = target
        total.add(row)
    total.target = target
    ordered = [rows[r.pk] for r in regions] + ([rows[None]] if None in rows else [])
    return ordered, total


@without_jit
def funnel_by_plan_line(
    *, user: User, agency: Agency, programme: Programme | None = None
) -> tuple[list[FunnelRow], FunnelRow]:
    """Rows per plan line `agency` is responsible for (those serving `user`'s
    regions) and their total: what the agency was planned and what it achieved.
    Three queries whatever the data size."""
    lines = PlanLine.objects.filter(agency=agency).select_related("programme", "region")
    if programme is not None:
        lines = lines.filter(programme=programme)
    region_ids = scoped_region_ids(user=user)
    if region_ids is not None:
        in_scope = Q(region_id__in=region_ids) | Q(extra_regions__in=region_ids)
        city_id = scoped_city_id(user=user)
        if city_id:  # the city's own sector lines have no region
            in_scope |= Q(region__isnull=True, programme__city_id=city_id)
        lines = lines.filter(in_scope).distinct()
    lines = list(lines.order_by("programme__year", "programme__name", "id"))
    several = len({line.programme_id for line in lines}) > 1
    rows = {
        line.pk: FunnelRow(
            label=f"{line.label}（{line.programme.name}）" if several else line.label,
            region=line.region,
            planned=line.planned_count,
        )
        for line in lines
    }
    grouped = (
        active_enrolments(user=user, programme=programme, agency=agency)
        .filter(plan_line_id__in=list(rows))
        .values("plan_line_id")
        .annotate(**stage_counts())
        .order_by()
    )
    for figures in grouped:
        row = rows[figures.pop("plan_line_id")]
        for name, value in figures.items():
            setattr(row, name, value)
    for line_id, (eligible, approved) in journey.repair_rate_counts(
        region_ids=region_ids, programme=programme, agency=agency, group_by="plan_line"
    ).items():
        row = rows.get(line_id)
        if row is not None:
            row.rate_eligible, row.rate_approved = eligible, approved
    target = float(journey.repair_rate_target(programme=programme))
    total = FunnelRow(label="合计")
    for row in rows.values():
        row.target = target
        total.add(row)
    total.target = target
    return list(rows.values()), total


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
        base.filter(journey.attendance_met_q()),
        "attendance__signed_in_at",
        month_list,
    )
    trend.series["passed"] = _by_month(
        base.filter(
            exam_attempts__status=Attempt.Status.SUBMITTED, exam_attempts__passed=True
        ),
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
    """Approved repair applications per month of decision."""
    qs = RepairApplication.objects.filter(
        status=RepairApplication.Status.APPROVED,
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
