"""Reads of the enterprise archive, always scoped by the reader's role."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_scope

from .dates import add_months, add_working_days
from .models import (
    CalendarDay,
    Enterprise,
    PenaltyRecord,
    RuleProfile,
    Severity,
)

NO_RULE_FOR_SEVERITY = "规则“{profile}”未设置“{severity}”的修复规则，暂不能判断。"
NOT_REPAIRABLE_DEFAULT = "按规则“{profile}”，{severity}的行政处罚信息不可修复。"


def enterprise_list(*, user: User) -> QuerySet[Enterprise]:
    """Enterprises `user` may see: all, those of its regions, or its own."""
    scope = user_scope(user=user)
    qs = Enterprise.objects.select_related("region")
    if scope.all_regions:
        return qs
    if scope.enterprise_id:
        return qs.filter(id=scope.enterprise_id)
    if scope.authority_id:  # the enterprises of its own decisions
        decided = PenaltyRecord.objects.filter(decided_by_id=scope.authority_id)
        return qs.filter(id__in=decided.values("enterprise_id"))
    return qs.filter(region_id__in=scope.region_ids)


def enterprise_get(*, user: User, pk: int) -> Enterprise:
    """One enterprise in `user`'s scope; anything else is a 404."""
    return get_object_or_404(enterprise_list(user=user), pk=pk)


def can_edit_archive(*, user: User, enterprise: Enterprise) -> bool:
    """Agencies in scope fill in the survey form (seed 000 填表说明 2); the city office
    and administrators may correct it. County offices read (DESIGN: read-only)."""
    if not user.is_authenticated:
        return False
    if not (user.is_trainer or user.is_city_office or user.is_platform_admin):
        return False
    return enterprise_list(user=user).filter(pk=enterprise.pk).exists()


def can_manage_enterprise(*, user: User, enterprise: Enterprise) -> bool:
    """Offices (own region or the city) may invite, send letters, flag key ones."""
    if not (user.is_office or user.is_platform_admin):
        return False
    return enterprise_list(user=user).filter(pk=enterprise.pk).exists()


# --- repair rules ---


def default_rule_profile() -> RuleProfile:
    """The default profile (created by migration; edited in the admin)."""
    return RuleProfile.objects.get(is_default=True)


def region_rule_profile(*, region_id: int) -> RuleProfile:
    """The profile listing the region, else the default."""
    regional = RuleProfile.objects.filter(regions=region_id).order_by("name").first()
    return regional or default_rule_profile()


def rule_profile_for(*, enterprise: Enterprise, programme=None) -> RuleProfile:
    """The programme's profile, else one listing the enterprise's region, else the
    default."""
    if programme is not None and programme.rule_profile_id:
        return programme.rule_profile
    return region_rule_profile(region_id=enterprise.region_id)


@dataclass(frozen=True)
class PenaltyStatus:
    """What the rules say about one penalty record."""

    repairable: bool
    min_publicity_end: datetime.date | None
    max_publicity_end: datetime.date | None
    earliest_repair_date: datetime.date | None
    training_required: bool
    credit_report_required: bool
    reason: str = ""

    def publicity_on(self, day: datetime.date) -> str:
        """Where the penalty stands on `day`: "ended" (no longer public), "waiting"
        (public, repair not yet allowed), "repairable" or "not_repairable"."""
        if self.max_publicity_end is not None and self.max_publicity_end < day:
            return "ended"
        if not self.repairable:
            return "not_repairable"
        if self.earliest_repair_date is None or self.earliest_repair_date > day:
            return "waiting"
        return "repairable"

    @property
    def eligible_now(self) -> bool:
        """Repairable and the minimum publicity period is over."""
        return (
            self.repairable
            and self.earliest_repair_date is not None
            and self.earliest_repair_date <= timezone.localdate()
        )


def _rules_of(profile: RuleProfile):
    # Cached per profile instance so a list of penalties costs two queries in all.
    cached = getattr(profile, "_rules_cache", None)
    if cached is None:
        severity = {r.severity: r for r in profile.severity_rules.all()}
        domain = {(d.domain, d.severity): d for d in profile.domain_periods.all()}
        cached = profile._rules_cache = (severity, domain)
    return cached


def penalty_status(*, penalty: PenaltyRecord, profile: RuleProfile) -> PenaltyStatus:
    """Publicity end dates, earliest repair date and repairability under `profile`."""
    severity_rules, domain_periods = _rules_of(profile)
    rule = severity_rules.get(penalty.severity)
    label = Severity(penalty.severity).label
    if rule is None:
        return PenaltyStatus(
            repairable=False,
            min_publicity_end=None,
            max_publicity_end=None,
            earliest_repair_date=None,
            training_required=False,
            credit_report_required=False,
            reason=NO_RULE_FOR_SEVERITY.format(profile=profile, severity=label),
        )
    period = domain_periods.get((penalty.domain, penalty.severity), rule)
    min_end = add_months(penalty.decision_date, period.min_publicity_months)
    max_end = add_months(penalty.decision_date, period.max_publicity_months)
    reason = ""
    if not rule.repairable:
        reason = rule.note or NOT_REPAIRABLE_DEFAULT.format(
            profile=profile, severity=label
        )
    return PenaltyStatus(
        repairable=rule.repairable,
        min_publicity_end=min_end,
        max_publicity_end=max_end,
        earliest_repair_date=min_end if rule.repairable else None,
        training_required=rule.training_required,
        credit_report_required=rule.credit_report_required,
        reason=reason,
    )


def penalty_statuses(
    *, enterprise: Enterprise, programme=None
) -> list[tuple[PenaltyRecord, PenaltyStatus]]:
    """Each penalty of `enterprise` with its status under the applicable profile."""
    profile = rule_profile_for(enterprise=enterprise, programme=programme)
    return [
        (p, penalty_status(penalty=p, profile=profile))
        for p in enterprise.penalties.order_by("-decision_date", "id")
    ]


# --- survey deadlines ---


def survey_due_date(*, start: datetime.date, region_id: int) -> datetime.date:
    """When a list received on `start` must be surveyed: the region's rule's
    working days later (seed 000 §三.3)."""
    days = region_rule_profile(region_id=region_id).survey_working_days
    return working_day_after(start=start, days=days)


def working_day_after(*, start: datetime.date, days: int) -> datetime.date:
    """`days` working days after `start` by the official calendar, with the
    office's own calendar days overriding it."""
    horizon = start + datetime.timedelta(days=days * 7 + 30)
    rows = CalendarDay.objects.filter(date__gt=start, date__lte=horizon)
    holidays, workdays = set(), set()
    for row in rows:
        (workdays if row.is_workday else holidays).add(row.date)
    return add_working_days(start, days, holidays=holidays, extra_workdays=workdays)


def _overdue_q() -> Q:
    return Q(survey_date__isnull=True, survey_due_on__lt=timezone.localdate())


def survey_overdue_filter(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Narrow `qs` to enterprises whose survey is past due and not yet done."""
    return qs.filter(_overdue_q())


def survey_overdue_list(*, user: User) -> QuerySet[Enterprise]:
    """Enterprises in scope whose survey is past due and not yet done."""
    return survey_overdue_filter(enterprise_list(user=user))


def enterprise_archive_counts(*, user: User) -> dict[str, int]:
    """Overdue surveys, key enterprises and exit/help/constrain counts in scope."""
    return enterprise_list(user=user).aggregate(
        overdue=Count("id", filter=_overdue_q()),
        key=Count("id", filter=Q(is_key=True)),
        exit=Count("id", filter=Q(governance_type="exit")),
        help=Count("id", filter=Q(governance_type="help")),
        constrain=Count("id", filter=Q(governance_type="constrain")),
    )


# --- key enterprises and reminders ---


def key_enterprise_list(*, user: User) -> QuerySet[Enterprise]:
    """Key enterprises in scope with their helper and follow-up count."""
    return (
        enterprise_list(user=user)
        .filter(is_key=True)
        .select_related("key_helper")
        .annotate(
            key_follow_up_count=Count(
                "follow_ups", filter=Q(follow_ups__kind="key_help")
            )
        )
    )


def repair_due_penalties(*, today: datetime.date) -> list[PenaltyRecord]:
    """Penalties not yet notified whose earliest repair date has arrived."""
    due = []
    candidates = (
        PenaltyRecord.objects.filter(
            repair_eligible_notified_at__isnull=True,
            decision_date__lte=today,
            # wait for a representative rather than spend the one notice on nobody
            enterprise__representatives__is_active=True,
        )
        .distinct()
        .select_related("enterprise")
        .order_by("enterprise_id", "id")
    )
    by_region: dict[int, RuleProfile] = {}
    for penalty in candidates.iterator(chunk_size=1000):
        region_id = penalty.enterprise.region_id
        if region_id not in by_region:  # one profile instance per region: rules cached
            by_region[region_id] = rule_profile_for(enterprise=penalty.enterprise)
        status = penalty_status(penalty=penalty, profile=by_region[region_id])
        if status.repairable and status.earliest_repair_date <= today:
            due.append(penalty)
    return due


# --- the penalty authority's decisions ---


def decision_list(*, user: User) -> QuerySet[PenaltyRecord]:
    """The decisions of `user`'s penalty authority (none for anyone else)."""
    authority_id = user_scope(user=user).authority_id
    return PenaltyRecord.objects.filter(decided_by_id=authority_id or 0).select_related(
        "enterprise__region"
    )


def decision_rows(*, user: User) -> list[dict]:
    """Each decision with its repair conditions, its letter and its follow-ups."""
    penalties = list(
        decision_list(user=user)
        .prefetch_related("reminder_letters", "follow_ups")
        .order_by("-decision_date", "-id")
    )
    rows = []
    for penalty in penalties:
        profile = rule_profile_for(enterprise=penalty.enterprise)
        letters = list(penalty.reminder_letters.all())
        rows.append(
            {
                "penalty": penalty,
                "status": penalty_status(penalty=penalty, profile=profile),
                "letter": letters[0] if letters else None,
                "follow_ups": list(penalty.follow_ups.all()),
            }
        )
    return rows
