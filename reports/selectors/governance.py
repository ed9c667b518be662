"""Exit, help and constrain lists (seed 002) per region, from the archive.

The governance fields belong to the archive (issue 3); until they exist the counts
are zero and the lists empty.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import Region, User
from enterprises.models import Enterprise
from enterprises.selectors import enterprise_list

from .scope import office_regions

GOVERNANCE_TYPES = {"exit": "退出", "help": "帮扶", "constrain": "约束"}


@dataclass
class GovernanceRow:
    label: str
    region: Region | None = None
    exit: int = 0
    help: int = 0
    constrain: int = 0

    @property
    def total(self) -> int:
        return self.exit + self.help + self.constrain


def governance_counts(
    *, user: User, region: Region | None = None
) -> tuple[list[GovernanceRow], GovernanceRow]:
    """Counts per region in scope and their total (two queries)."""
    regions = [region] if region is not None else office_regions(user=user)
    rows = {r.pk: GovernanceRow(label=r.name, region=r) for r in regions}
    qs = enterprise_list(user=user).filter(region__in=list(rows))
    grouped = (
        qs.values("region_id")
        .annotate(
            **{
                kind: Count("id", filter=Q(governance_type=kind))
                for kind in GOVERNANCE_TYPES
            }
        )
        .order_by()
    )
    for figures in grouped:
        row = rows[figures.pop("region_id")]
        for kind, value in figures.items():
            setattr(row, kind, value)
    total = GovernanceRow(label="合计" if region is None else region.name)
    for row in rows.values():
        for kind in GOVERNANCE_TYPES:
            setattr(total, kind, getattr(total, kind) + getattr(row, kind))
    return list(rows.values()), total


def governance_list(
    *, user: User, kind: str, region: Region | None = None, q: str = ""
) -> QuerySet[Enterprise]:
    """Enterprises of one list (exit/help/constrain) in scope, for drill-down."""
    if kind not in GOVERNANCE_TYPES:
        return Enterprise.objects.none()
    office_regions(user=user)  # 404 for readers outside the offices' view
    qs = enterprise_list(user=user).filter(governance_type=kind)
    if region is not None:
        qs = qs.filter(region=region)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    return qs.order_by("region__code", "name")
