"""Where each funnel figure comes from, in one place.

The exam, certificate and repair-application models belong to other apps (issues 7
and 8) and the governance fields to the archive (issue 3). Each figure is an SQL
condition on an enrolment row, so a whole dashboard stays one grouped query.
The models are looked up by name so that a branch without one of those apps still
runs: its condition is then an empty `IN ()` (the figure reads 0) and the dashboard
lists it (`missing_sources()`).
"""

from django.apps import apps
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q

from enterprises.models import Enterprise, PenaltyRecord

# Repair-application statuses that count as "submitted to Credit China".
SUBMITTED_STATUSES = ("submitted", "approved", "rejected")
DEFAULT_REPAIR_TARGET = 0.8  # seed 001 §四.1: 参训企业信用修复率达80%以上
APPROVED_STATUS = "approved"


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def attempt_model():
    """exams.Attempt (issue 7), or None until it lands."""
    return _model("exams", "Attempt")


def certificate_model():
    """certificates.Certificate (issue 8), or None until it lands."""
    return _model("certificates", "Certificate")


def repair_application_model():
    """certificates.RepairApplication (issue 8), or None until it lands."""
    return _model("certificates", "RepairApplication")


def certificates_list_penalties() -> bool:
    """True once a certificate lists the penalty records it supports (issue 8)."""
    Certificate = certificate_model()
    return Certificate is not None and any(
        f.name == "penalties" for f in Certificate._meta.get_fields()
    )


def repair_target(*, programme=None) -> float:
    """The repair-rate target: the programme's own (issue 8) or seed 001's 80 %."""
    try:
        from certificates.selectors import repair_rate_target
    except ImportError:  # TODO(issue 8): the programme setting lands with certificates
        return DEFAULT_REPAIR_TARGET
    return float(repair_rate_target(programme=programme))


def has_governance() -> bool:
    """True once the archive carries governance_type (issue 3)."""
    return any(f.name == "governance_type" for f in Enterprise._meta.get_fields())


def missing_sources() -> list[str]:
    """Figures that read 0 because their source app has not landed yet."""
    missing = []
    if attempt_model() is None:
        missing.append("考试通过")
    if certificate_model() is None:
        missing.append("结业证明")
    if repair_application_model() is None:
        missing.append("修复申请")
    if not has_governance():
        missing.append("三类清单")
    return missing


# --- per-enrolment conditions (OuterRef / F relative to an Enrolment row) ----------


def required_seconds():
    """The rule's class hours x class-hour minutes, in seconds, for the row's programme.

    Mirrors enrollment.selectors.required_attendance_minutes in SQL.
    """
    return ExpressionWrapper(
        F("programme__rule_profile__min_class_hours")
        * F("programme__rule_profile__class_hour_minutes")
        * 60,
        output_field=IntegerField(),
    )


# Each condition is "id IN (uncorrelated subquery)": PostgreSQL hashes the subquery
# once instead of probing it per enrolment row (150 ms -> 20 ms on 50,000 rows).


def signed_enterprise_ids():
    """Enterprises that signed a letter for every one of their penalty records."""
    return (
        PenaltyRecord.objects.values("enterprise_id")
        .annotate(n=Count("id"), signed=Count("commitment_letter"))
        .filter(n=F("signed"))
        .values("enterprise_id")
    )


def letters_signed() -> Q:
    """The enterprise has signed a letter for every one of its penalty records."""
    return Q(enterprise_id__in=signed_enterprise_ids())


def attendance_met() -> Q:
    """Signed in and attended at least the rule's minimum time (one-to-one join)."""
    return Q(
        attendance__signed_in_at__isnull=False,
        attendance__attended_seconds__gte=required_seconds(),
    )


def exam_passed() -> Q:
    """A submitted, passed attempt exists (issue 7: exams.Attempt)."""
    Attempt = attempt_model()
    if Attempt is None:  # TODO(issue 7): reads 0 until exams.Attempt lands
        return Q(pk__in=[])
    return Q(
        pk__in=Attempt.objects.filter(status="submitted", passed=True).values(
            "enrolment_id"
        )
    )


def exam_attempted() -> Q:
    Attempt = attempt_model()
    if Attempt is None:  # TODO(issue 7)
        return Q(pk__in=[])
    return Q(pk__in=Attempt.objects.filter(status="submitted").values("enrolment_id"))


def certified() -> Q:
    """A certificate that is not revoked (issue 8: certificates.Certificate)."""
    Certificate = certificate_model()
    if Certificate is None:  # TODO(issue 8): reads 0 until certificates land
        return Q(pk__in=[])
    return Q(
        pk__in=Certificate.objects.filter(revoked_at__isnull=True).values(
            "enrolment_id"
        )
    )


def _applications(statuses) -> Q:
    RepairApplication = repair_application_model()
    if RepairApplication is None:  # TODO(issue 8): reads 0 until applications land
        return Q(pk__in=[])
    return Q(
        enterprise_id__in=RepairApplication.objects.filter(status__in=statuses).values(
            "penalty__enterprise_id"
        )
    )


def application_submitted() -> Q:
    """The enterprise has a repair application that reached Credit China."""
    return _applications(SUBMITTED_STATUSES)


def repaired() -> Q:
    """The enterprise has an approved repair application."""
    return _applications([APPROVED_STATUS])


def funnel_conditions() -> dict[str, Q]:
    """Each funnel stage after "enrolled" as a condition on an Enrolment row."""
    return {
        "signed": letters_signed(),
        "attended": attendance_met(),
        "passed": exam_passed(),
        "certified": certified(),
        "submitted": application_submitted(),
        "repaired": repaired(),
    }
