"""Letters required and signed: one commitment letter per repairable penalty.

A penalty the applicable rules do not allow to be repaired (特定严重失信 in the 2022
profile, seed 001 att. 3 note 2) gets no letter, so it never blocks sign-in, the
exam or the certificate. With no rule profile at all nothing is ruled out.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from enrollment.models import Enrolment
from enterprises.models import Enterprise, PenaltyRecord, RuleProfile, SeverityRule
from enterprises.selectors import rule_profile_for


def profile_for(*, enterprise: Enterprise) -> RuleProfile | None:
    """The rules applying to `enterprise`: its latest active enrolment's programme,
    else its region's profile or the default; None if there is none."""
    active = (
        enterprise.enrolments.exclude(status=Enrolment.Status.CANCELLED)
        .select_related("programme__rule_profile")
        .order_by("-created_at")
        .first()
    )
    if active is not None:
        return active.programme.rule_profile
    try:
        return rule_profile_for(enterprise=enterprise)
    except RuleProfile.DoesNotExist:
        return None


def unrepairable_severities(*, profile: RuleProfile | None) -> QuerySet:
    """Severities `profile` does not allow to be repaired (a values() queryset)."""
    if profile is None:
        return SeverityRule.objects.none().values("severity")
    return SeverityRule.objects.filter(profile=profile, repairable=False).values(
        "severity"
    )


def letters_required(
    *, enterprise: Enterprise, profile: RuleProfile | None = None
) -> QuerySet[PenaltyRecord]:
    """Penalties of `enterprise` that need a signed commitment letter."""
    if profile is None:
        profile = profile_for(enterprise=enterprise)
    return enterprise.penalties.exclude(
        severity__in=unrepairable_severities(profile=profile)
    )


def letters_missing(
    *, enterprise: Enterprise, profile: RuleProfile | None = None
) -> QuerySet[PenaltyRecord]:
    """Penalties of `enterprise` that need a letter and have none yet."""
    return letters_required(enterprise=enterprise, profile=profile).filter(
        commitment_letter__isnull=True
    )


def letters_signed(*, enrolment: Enrolment) -> bool:
    """Every letter the enrolment's rules require is signed."""
    return not letters_missing(
        enterprise=enrolment.enterprise, profile=enrolment.programme.rule_profile
    ).exists()


def _required_for_row() -> QuerySet[PenaltyRecord]:
    """Penalties needing a letter, correlated to an Enrolment row."""
    unrepairable = SeverityRule.objects.filter(
        profile_id=OuterRef(OuterRef("programme__rule_profile_id")),
        severity=OuterRef("severity"),
        repairable=False,
    )
    return PenaltyRecord.objects.filter(enterprise_id=OuterRef("enterprise_id")).filter(
        ~Exists(unrepairable)
    )


def letters_signed_q() -> Q:
    """`letters_signed` as a condition on Enrolment rows."""
    return ~Q(Exists(_required_for_row().filter(commitment_letter__isnull=True)))


def _count(qs: QuerySet) -> Coalesce:
    counted = qs.order_by().values("enterprise_id").annotate(n=Count("id"))
    return Coalesce(Subquery(counted.values("n")), 0)


def letters_count_annotations() -> dict:
    """Annotations for Enrolment rows: letters required and still missing."""
    return {
        "letters_total": _count(_required_for_row()),
        "letters_missing": _count(
            _required_for_row().filter(commitment_letter__isnull=True)
        ),
    }
