"""Reads about enrolments, letters and attendance."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_fsm import can_proceed

from accounts.models import User
from accounts.selectors import user_scope
from enterprises.models import Enterprise, PenaltyRecord
from enterprises.selectors import enterprise_list
from journey import letters_count_annotations

from .models import CommitmentLetter, Enrolment, PlanLine, Programme, TrainingSession

# --- programmes, sessions and enrolments (issue 5) ---------------------------------

ACTIVE_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


def lines_for_region(*, region_id: int) -> QuerySet[PlanLine]:
    """Plan lines serving `region_id` as their region or one of their joint regions."""
    return PlanLine.objects.filter(
        Q(region_id=region_id) | Q(extra_regions=region_id)
    ).distinct()


def _with_counts(qs: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    enrolled = Count(
        "enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED)
    )
    waiting = Count(
        "enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)
    )
    line_taken = (
        Enrolment.objects.filter(
            plan_line=OuterRef("plan_line"), status=Enrolment.Status.ENROLLED
        )
        # No Meta.ordering: its join on the session table shadowed the outer one,
        # so the count was of every line (wrong on SQLite, an error on PostgreSQL).
        .order_by()
        .values("plan_line")
        .annotate(n=Count("id"))
        .values("n")
    )
    line_left = F("plan_line__planned_count") - Coalesce(Subquery(line_taken), 0)
    seats_left = F("capacity") - F("enrolled_total")
    # A session's free seats are also bounded by what is left of its plan line.
    return qs.annotate(enrolled_total=enrolled, waitlisted_total=waiting).annotate(
        remaining=Greatest(Least(seats_left, line_left), Value(0))
    )


def open_session_list(*, enterprise: Enterprise) -> QuerySet[TrainingSession]:
    """Open, not yet started sessions of the enterprise's region, with seats left."""
    line_ids = lines_for_region(region_id=enterprise.region_id).values("id")
    qs = TrainingSession.objects.filter(
        plan_line_id__in=line_ids,
        status=TrainingSession.Status.OPEN,
        starts_at__gt=timezone.now(),
    ).select_related("plan_line__programme", "plan_line__agency")
    return _with_counts(qs).order_by("starts_at", "id")


def enrolment_list(*, user: User) -> QuerySet[Enrolment]:
    """Enrolments of the enterprises in `user`'s scope, newest first."""
    enterprises = enterprise_list(user=user).values("id")
    return (
        Enrolment.objects.filter(enterprise_id__in=enterprises)
        .select_related("session", "plan_line__agency", "programme", "enterprise")
        .order_by("-created_at", "-id")
    )


def enrolment_get(*, user: User, pk: int) -> Enrolment:
    """One enrolment in `user`'s scope; anything else is a 404."""
    return get_object_or_404(enrolment_list(user=user), pk=pk)


def penalty_list_with_letters(*, enterprise: Enterprise) -> QuerySet[PenaltyRecord]:
    """The enterprise's penalties with their letter (if signed), oldest first."""
    return (
        PenaltyRecord.objects.filter(enterprise=enterprise)
        .select_related("commitment_letter")
        .order_by("decision_date", "id")
    )


def penalty_get_for_letter(*, user: User, pk: int) -> PenaltyRecord:
    """A penalty of an enterprise in `user`'s scope; anything else is a 404."""
    enterprises = enterprise_list(user=user).values("id")
    return get_object_or_404(
        PenaltyRecord.objects.filter(enterprise_id__in=enterprises).select_related(
            "enterprise__region"
        ),
        pk=pk,
    )


def letter_get(*, user: User, penalty_pk: int) -> CommitmentLetter:
    """The signed letter of a penalty in `user`'s scope; anything else is a 404."""
    penalty = penalty_get_for_letter(user=user, pk=penalty_pk)
    return get_object_or_404(
        CommitmentLetter.objects.select_related("enterprise", "penalty"),
        penalty=penalty,
    )


def session_list_for_trainer(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions of the trainer's agency (its city's for the city office, all for
    administrators)."""
    qs = TrainingSession.objects.select_related("plan_line__programme")
    scope = user_scope(user=user)
    if scope.city_id:
        qs = qs.filter(plan_line__programme__city_id=scope.city_id)
    elif not scope.all_regions:
        qs = qs.filter(plan_line__agency_id=scope.agency_id or 0)
    return _with_counts(qs).order_by("-starts_at", "id")


def session_get_for_trainer(*, user: User, pk: int) -> TrainingSession:
    """One session the trainer's agency runs; anything else is a 404."""
    return get_object_or_404(session_list_for_trainer(user=user), pk=pk)


def session_enrolment_transitions(*, session: TrainingSession) -> list[str]:
    """The enrolment transitions (publish, close, reopen) the status allows now."""
    names = ("publish", "close_enrolment", "reopen_enrolment")
    return [name for name in names if can_proceed(getattr(session, name))]


def session_roster(*, session: TrainingSession) -> QuerySet[Enrolment]:
    """Active enrolments of `session` with how many of their letters are missing."""
    return (
        session.enrolments.filter(status__in=ACTIVE_STATUSES)
        .select_related("enterprise", "attendee")
        .annotate(**letters_count_annotations())
        .order_by("status", "created_at", "id")
    )


def plan_line_list(*, user: User) -> QuerySet[PlanLine]:
    """Plan lines `user` may see: all, its regions' (incl. joint), or its agency's."""
    qs = PlanLine.objects.select_related("programme", "agency", "region")
    scope = user_scope(user=user)
    if scope.all_regions:
        return qs
    if scope.agency_id:
        return qs.filter(agency_id=scope.agency_id)
    if scope.city_id:  # incl. its sector lines, which have no region
        return qs.filter(programme__city_id=scope.city_id)
    ids = scope.region_ids
    return qs.filter(Q(region_id__in=ids) | Q(extra_regions__in=ids)).distinct()


def plan_line_progress(*, user: User) -> QuerySet[PlanLine]:
    """Plan lines with planned, enrolled, letters signed and remaining places."""
    enrolled = Q(enrolments__status=Enrolment.Status.ENROLLED)
    signed = Count(
        "enrolments__enterprise__commitment_letters",
        filter=enrolled,
        distinct=True,
    )
    qs = plan_line_list(user=user).annotate(
        enrolled_total=Count("enrolments__enterprise", filter=enrolled, distinct=True),
        waitlisted_total=Count(
            "enrolments",
            filter=Q(enrolments__status=Enrolment.Status.WAITLISTED),
            distinct=True,
        ),
        letters_signed=signed,
    )
    return qs.annotate(
        remaining=Greatest(F("planned_count") - F("enrolled_total"), Value(0))
    ).order_by("programme", "id")


def plan_line_remaining(*, line: PlanLine) -> int:
    """Places left on a plan line."""
    taken = line.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    return max(line.planned_count - taken, 0)


def open_session_list_in_scope(*, user: User) -> QuerySet[TrainingSession]:
    """Open, not yet started sessions of the plan lines `user` may see."""
    qs = TrainingSession.objects.filter(
        plan_line__in=plan_line_list(user=user).values("id"),
        status=TrainingSession.Status.OPEN,
        starts_at__gt=timezone.now(),
    )
    return _with_counts(qs).order_by("starts_at", "id")


def programme_list(*, user: User) -> QuerySet[Programme]:
    """Programmes `user` may see: all for the city office, else those with a line
    in its scope."""
    scope = user_scope(user=user)
    if scope.all_regions:
        return Programme.objects.select_related("rule_profile")
    if scope.city_id:
        return Programme.objects.select_related("rule_profile").filter(
            city_id=scope.city_id
        )
    lines = plan_line_list(user=user)
    return Programme.objects.select_related("rule_profile").filter(
        pk__in=lines.values("programme_id")
    )


def programme_get(*, user: User, pk: int) -> Programme:
    """One programme in `user`'s scope, else 404."""
    return get_object_or_404(programme_list(user=user), pk=pk)


SESSION_MOVE_ENROLLED = (
    "该场次已有 {enrolled} 家企业报名{waitlisted}。保存后，系统将把新的时间和地点"
    "通知这些企业。"
)
SESSION_MOVE_INTO_PAST = "新的开始时间 {start} 已经过去，报名企业将无法按时参加。"


def session_move_warnings(
    *, session: TrainingSession, starts_at, ends_at, venue: str, mode: str
) -> list[str]:
    """What a trainer must confirm before moving a session with enrolments."""
    moved = (
        starts_at != session.starts_at
        or ends_at != session.ends_at
        or venue.strip() != session.venue
        or mode != session.mode
    )
    if not moved:
        return []
    counts = session.enrolments.aggregate(
        enrolled=Count("id", filter=Q(status=Enrolment.Status.ENROLLED)),
        waitlisted=Count("id", filter=Q(status=Enrolment.Status.WAITLISTED)),
    )
    if not (counts["enrolled"] or counts["waitlisted"]):
        return []
    waitlisted = ""
    if counts["waitlisted"]:
        waitlisted = f"（另有候补 {counts['waitlisted']} 家）"
    warnings = [
        SESSION_MOVE_ENROLLED.format(enrolled=counts["enrolled"], waitlisted=waitlisted)
    ]
    if starts_at < timezone.now():
        start = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
        warnings.append(SESSION_MOVE_INTO_PAST.format(start=start))
    return warnings
