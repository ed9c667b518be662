"""Reads about enrolments, letters and attendance."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_fsm import can_proceed

from accounts.models import User
from accounts.selectors import user_scope
from enterprises.models import Enterprise, PenaltyRecord, RuleProfile, SeverityRule
from enterprises.selectors import enterprise_list, rule_profile_for

from .models import CommitmentLetter, Enrolment, PlanLine, Programme, TrainingSession

LETTERS_MISSING = "尚有 {count} 份信用修复承诺书未签署：{numbers}。"
NOT_ENROLLED = "未报名或报名已取消。"
NOT_SIGNED_IN = "未签到。"
ATTENDANCE_SHORT = "出勤 {minutes} 分钟，未达到 {required} 分钟（{hours} 学时）的要求。"


def unrepairable_severities(*, enterprise: Enterprise) -> QuerySet:
    """Severities the rules applying to `enterprise` do not allow to be repaired.

    The rules are those of its active enrolment's programme, else of its region or
    the default profile; with no profile at all, nothing is ruled out.
    """
    active = (
        enterprise.enrolments.exclude(status=Enrolment.Status.CANCELLED)
        .select_related("programme__rule_profile")
        .order_by("-created_at")
        .first()
    )
    try:
        profile = (
            active.programme.rule_profile
            if active
            else rule_profile_for(enterprise=enterprise)
        )
    except RuleProfile.DoesNotExist:
        return SeverityRule.objects.none().values("severity")
    return profile.severity_rules.filter(repairable=False).values("severity")


def letters_missing(*, enterprise: Enterprise) -> QuerySet[PenaltyRecord]:
    """Repairable penalty records of `enterprise` still without a signed letter.

    A penalty the rules do not allow to be repaired (特定严重失信 in the 2022
    profile) gets no commitment letter, so it never blocks sign-in or the exam.
    """
    return enterprise.penalties.filter(commitment_letter__isnull=True).exclude(
        severity__in=unrepairable_severities(enterprise=enterprise)
    )


def required_attendance_minutes(*, session: TrainingSession) -> int:
    """Minutes an attendee must attend: the rule's class hours x class-hour length."""
    profile = session.plan_line.programme.rule_profile
    return profile.min_class_hours * profile.class_hour_minutes


def exam_blockers(*, enrolment: Enrolment) -> list[str]:
    """What still stops `enrolment` from sitting the exam; empty when it may start."""
    blockers = []
    if enrolment.status != Enrolment.Status.ENROLLED:
        blockers.append(NOT_ENROLLED)
    missing = list(letters_missing(enterprise=enrolment.enterprise))
    if missing:
        blockers.append(
            LETTERS_MISSING.format(
                count=len(missing), numbers="、".join(p.decision_no for p in missing)
            )
        )
    # Attended minutes follow the live rules (offline sign-out, online presence,
    # manual marks): see enrollment.live_selectors.attended_seconds.
    from .live_selectors import attendance_result

    result = attendance_result(enrolment=enrolment)
    if not result.signed_in:
        blockers.append(NOT_SIGNED_IN)
    elif not result.hours_met:
        profile = enrolment.session.plan_line.programme.rule_profile
        blockers.append(
            ATTENDANCE_SHORT.format(
                minutes=result.attended_minutes,
                required=result.required_minutes,
                hours=profile.min_class_hours,
            )
        )
    return blockers


# --- programmes, sessions and enrolments (issue 5) ---------------------------------

REPAIR_FORM_KEYWORDS = ("整改", "整顿", "停止违法行为")
ACTIVE_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


def needs_repair_form(*, penalty: PenaltyRecord) -> bool:
    """Whether the general-dishonesty repair form (seed 001 att. 3) is prepared."""
    return any(word in (penalty.content or "") for word in REPAIR_FORM_KEYWORDS)


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
    """Sessions of the trainer's agency (all sessions for the city office/admin)."""
    qs = TrainingSession.objects.select_related("plan_line__programme")
    scope = user_scope(user=user)
    if not scope.all_regions:
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
    missing = Count(
        "enterprise__penalties",
        filter=Q(enterprise__penalties__commitment_letter__isnull=True),
        distinct=True,
    )
    total = Count("enterprise__penalties", distinct=True)
    return (
        session.enrolments.filter(status__in=ACTIVE_STATUSES)
        .select_related("enterprise", "attendee")
        .annotate(letters_missing=missing, letters_total=total)
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


def next_step_for(*, enterprise: Enterprise) -> dict:
    """The representative's next training step: sign letters, enrol, or attend."""
    missing = letters_missing(enterprise=enterprise).count()
    active = (
        Enrolment.objects.filter(enterprise=enterprise, status__in=ACTIVE_STATUSES)
        .select_related("session")
        .order_by("-created_at")
        .first()
    )
    if missing:
        step = "sign"
    elif active is None:
        step = "enrol"
    else:
        step = "attend"
    return {"step": step, "letters_missing": missing, "enrolment": active}


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
    if user_scope(user=user).all_regions:
        return Programme.objects.select_related("rule_profile")
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
