"""Rectification form needed, repair eligible, and the repair rate with its target.

A penalty is eligible for repair once a valid certificate lists it (the certificate
lists the repairable penalties whose letters are signed). The repair rate is the
approved applications over the eligible penalties, against the programme's target
(seed 001 §四.1: 参训企业信用修复率达80%以上).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from accounts.models import Agency, Region
from certificates.models import (
    Certificate,
    ProgrammeCertificateSettings,
    RepairApplication,
)
from enrollment.models import Programme
from enterprises.models import PenaltyRecord, RuleProfile
from enterprises.selectors import penalty_status, rule_profile_for

RECTIFICATION_KEYWORDS = ("整改", "整顿", "停止违法行为")
REPAIR_TOO_EARLY = (
    "日期：该行政处罚的最短公示期至 {date} 届满，此前不能提交或通过信用修复申请。"
)
REPAIR_NOT_REPAIRABLE = "该行政处罚按适用规则不可信用修复。"
SUBMITTED_STATUSES = (
    RepairApplication.Status.SUBMITTED,
    RepairApplication.Status.APPROVED,
    RepairApplication.Status.REJECTED,
)


# --- rectification form (seed 001 item 五.1, attachment 3) ---------------------------


def needs_rectification_form(*, penalty: PenaltyRecord) -> bool:
    """Content involving 整改/整顿/停止违法行为 needs the general-dishonesty form."""
    return any(word in (penalty.content or "") for word in RECTIFICATION_KEYWORDS)


def rectification_form_q() -> Q:
    """`needs_rectification_form` as a condition on PenaltyRecord rows."""
    condition = Q(pk__in=[])
    for word in RECTIFICATION_KEYWORDS:
        condition |= Q(content__contains=word)
    return condition


# --- repair eligible -----------------------------------------------------------------


def _valid_certificates(
    *, programme: Programme | None = None, agency: Agency | None = None
) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(status=Certificate.Status.VALID)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def repair_eligible(
    *,
    penalty: PenaltyRecord,
    programme: Programme | None = None,
    agency: Agency | None = None,
) -> bool:
    """A valid certificate (of `programme` / `agency`, if given) lists `penalty`."""
    return (
        _valid_certificates(programme=programme, agency=agency)
        .filter(penalties=penalty)
        .exists()
    )


def repair_eligible_q(
    *, programme: Programme | None = None, agency: Agency | None = None
) -> Q:
    """`repair_eligible` as a condition on PenaltyRecord rows."""
    listed = _valid_certificates(programme=programme, agency=agency).filter(
        penalties=OuterRef("pk")
    )
    return Q(Exists(listed))


def earliest_repair_date(
    *, penalty: PenaltyRecord, programme: Programme | None = None
) -> datetime.date | None:
    """The first day a repair application for `penalty` is allowed (the end of its
    minimum publicity period), under the programme's rules or the enterprise's;
    None when the rules do not allow it to be repaired."""
    try:
        profile = rule_profile_for(enterprise=penalty.enterprise, programme=programme)
    except RuleProfile.DoesNotExist:
        return None
    return penalty_status(penalty=penalty, profile=profile).earliest_repair_date


def repair_date_blocker(
    *, penalty: PenaltyRecord, on: datetime.date, programme: Programme | None = None
) -> str:
    """Why an application for `penalty` cannot be submitted or approved on `on`
    ("" when it can)."""
    earliest = earliest_repair_date(penalty=penalty, programme=programme)
    if earliest is None:
        return REPAIR_NOT_REPAIRABLE
    if on < earliest:
        return REPAIR_TOO_EARLY.format(date=earliest.isoformat())
    return ""


def repaired(*, penalty: PenaltyRecord) -> bool:
    """The penalty's repair application was approved."""
    return RepairApplication.objects.filter(
        penalty=penalty, status=RepairApplication.Status.APPROVED
    ).exists()


def repaired_penalty_q() -> Q:
    """`repaired` as a condition on PenaltyRecord rows."""
    return Q(repair_application__status=RepairApplication.Status.APPROVED)


# --- applications, per enterprise (dashboard stages on Enrolment rows) ---------------


def _enterprise_has_application(statuses) -> Q:
    return Q(
        Exists(
            RepairApplication.objects.filter(
                enterprise_id=OuterRef("enterprise_id"), status__in=statuses
            )
        )
    )


def application_submitted_q() -> Q:
    """The Enrolment row's enterprise has an application that reached Credit China."""
    return _enterprise_has_application(SUBMITTED_STATUSES)


def repaired_q() -> Q:
    """The Enrolment row's enterprise has an approved repair application."""
    return _enterprise_has_application([RepairApplication.Status.APPROVED])


# --- rate and target -----------------------------------------------------------------


def repair_rate_target_default() -> Decimal:
    """Target when a programme sets none: settings.REPAIR_RATE_TARGET, else 80%."""
    return Decimal(str(getattr(settings, "REPAIR_RATE_TARGET", "0.8")))


def repair_rate_target(*, programme: Programme | None) -> Decimal:
    """The programme's repair-rate target, else the platform default."""
    if programme is not None:
        row = ProgrammeCertificateSettings.objects.filter(programme=programme).first()
        if row:
            return row.repair_rate_target
    return repair_rate_target_default()


@dataclass(frozen=True)
class RepairRate:
    """Approved over eligible, against the target."""

    eligible: int
    approved: int
    target: Decimal

    @property
    def rate(self) -> Decimal | None:
        if not self.eligible:
            return None
        return Decimal(self.approved) / Decimal(self.eligible)

    @property
    def met(self) -> bool:
        return self.rate is not None and self.rate >= self.target

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def repair_rate_counts(
    *,
    programme: Programme | None = None,
    agency: Agency | None = None,
    region_ids=None,
    group_by: str | None = None,
) -> dict:
    """{group value: (eligible, approved)} penalties in one query; the key is None
    without `group_by`. `group_by` is a field path on the penalty (e.g.
    "enterprise__region_id") or "plan_line": the plan line of the valid
    certificate that lists it."""
    qs = PenaltyRecord.objects.filter(
        repair_eligible_q(programme=programme, agency=agency)
    )
    if group_by == "plan_line":
        listing = _valid_certificates(programme=programme, agency=agency).filter(
            penalties=OuterRef("pk")
        )
        qs = qs.annotate(
            plan_line=Subquery(
                listing.order_by("-issued_at").values("plan_line_id")[:1]
            )
        )
    if region_ids is not None:
        qs = qs.filter(enterprise__region_id__in=region_ids)
    counts = {
        "eligible": Count("id"),
        "approved": Count("id", filter=repaired_penalty_q()),
    }
    if group_by is None:
        row = qs.aggregate(**counts)
        return {None: (row["eligible"], row["approved"])}
    grouped = qs.values(group_by).annotate(**counts).order_by()
    return {g[group_by]: (g["eligible"], g["approved"]) for g in grouped}


def repair_rate(
    *,
    programme: Programme | None = None,
    region: Region | None = None,
    agency: Agency | None = None,
) -> RepairRate:
    """Approved applications over eligible penalties, against the target."""
    eligible, approved = repair_rate_counts(
        programme=programme,
        agency=agency,
        region_ids=None if region is None else [region.pk],
    )[None]
    return RepairRate(
        eligible=eligible,
        approved=approved,
        target=repair_rate_target(programme=programme),
    )
