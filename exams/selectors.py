"""Reads of the exams app: banks, papers, a candidate's exams, results, statistics."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

import journey
from accounts.models import Agency, User
from accounts.selectors import user_scope
from enrollment.models import Enrolment, TrainingSession

from .models import Attempt, AttemptItem, Option, Paper, Question

LETTERS = "ABCDEFGH"

# --- bank and papers ------------------------------------------------------------


def question_list(*, user: User) -> QuerySet[Question]:
    """Questions `user` may see: the agency's own and the city-wide shared bank."""
    scope = user_scope(user=user)
    qs = Question.objects.select_related("agency")
    if scope.all_regions:
        return qs
    if scope.agency_id:
        return qs.filter(Q(agency_id=scope.agency_id) | Q(is_shared=True))
    if scope.city_id:  # the agencies serving its city, and the shared bank
        serving = Q(agency__regions__city_id=scope.city_id)
        return qs.filter(serving | Q(is_shared=True)).distinct()
    return qs.none()


def paper_list(*, user: User) -> QuerySet[Paper]:
    """Papers `user` may see: the agency's own, or all for the city office."""
    scope = user_scope(user=user)
    qs = Paper.objects.select_related("agency").annotate(
        session_count=Count("links", distinct=True)
    )
    if scope.all_regions:
        return qs
    if scope.agency_id:
        return qs.filter(agency_id=scope.agency_id)
    if scope.city_id:
        return qs.filter(
            agency__in=Agency.objects.filter(regions__city_id=scope.city_id)
        )
    return qs.none()


def paper_get(*, user: User, pk: int) -> Paper:
    """One paper in `user`'s scope, else 404."""
    try:
        return paper_list(user=user).get(pk=pk)
    except Paper.DoesNotExist as exc:
        raise Http404 from exc


def session_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions whose results `user` may see (agency's sessions, region's sessions)."""
    scope = user_scope(user=user)
    qs = TrainingSession.objects.select_related(
        "plan_line__region", "plan_line__agency"
    )
    if scope.all_regions:
        return qs
    if scope.agency_id:
        return qs.filter(plan_line__agency_id=scope.agency_id)
    if scope.city_id:
        return qs.filter(plan_line__programme__city_id=scope.city_id)
    if scope.region_ids:
        return qs.filter(plan_line__region_id__in=scope.region_ids)
    return qs.none()


# --- the candidate --------------------------------------------------------------


@dataclass
class CandidateExam:
    enrolment: Enrolment
    paper: Paper
    blockers: list[str]
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def open_attempt(self) -> Attempt | None:
        return next((a for a in self.attempts if a.status == "open"), None)

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts)

    @property
    def attempts_left(self) -> int:
        return max(self.paper.attempts_allowed - len(self.attempts), 0)

    @property
    def window_open(self) -> bool:
        return self.paper.opens_at <= timezone.now() < self.paper.closes_at

    @property
    def can_start(self) -> bool:
        return (
            not self.blockers
            and self.open_attempt is None
            and not self.passed
            and self.attempts_left > 0
            and self.window_open
        )


def candidate_exams(*, user: User) -> list[CandidateExam]:
    """The exams of `user`'s enterprise, each with exactly what blocks it."""
    if not user.enterprise_id:
        return []
    enrolments = (
        Enrolment.objects.filter(
            enterprise_id=user.enterprise_id,
            status=Enrolment.Status.ENROLLED,
            session__exam_link__isnull=False,
        )
        .select_related(
            "enterprise",
            "session__exam_link__paper",
            "session__plan_line__programme__rule_profile",
        )
        .order_by("-session__starts_at")
    )
    exams = []
    for enrolment in enrolments:
        paper = enrolment.session.exam_link.paper
        exams.append(
            CandidateExam(
                enrolment=enrolment,
                paper=paper,
                blockers=journey.exam_blockers(enrolment=enrolment),
                attempts=list(
                    Attempt.objects.filter(enrolment=enrolment, paper=paper).order_by(
                        "number"
                    )
                ),
            )
        )
    return exams


def candidate_enrolment_get(*, user: User, pk: int) -> Enrolment:
    """An enrolment of `user`'s own enterprise, else 404."""
    if not user.enterprise_id:
        raise Http404
    try:
        return Enrolment.objects.select_related("session").get(
            pk=pk, enterprise_id=user.enterprise_id
        )
    except Enrolment.DoesNotExist as exc:
        raise Http404 from exc


def attempt_get(*, user: User, pk: int) -> Attempt:
    """`user`'s own attempt; anybody else's answers 404."""
    try:
        return Attempt.objects.select_related("paper", "enrolment__session").get(
            pk=pk, candidate=user
        )
    except Attempt.DoesNotExist as exc:
        raise Http404 from exc


def remaining_seconds(*, attempt: Attempt, now=None) -> int:
    """Whole seconds left before the server-held deadline (never negative)."""
    left = (attempt.deadline - (now or timezone.now())).total_seconds()
    return max(int(left), 0)


def attempt_paper(*, attempt: Attempt) -> list[dict]:
    """The questions in stored order with options in stored order and saved answers.

    Carries no correctness and no explanation: this is what the take page renders.
    """
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("question"))
    texts = dict(
        Option.objects.filter(
            question_id__in=[i.question_id for i in items]
        ).values_list("id", "text")
    )
    return [
        {
            "position": item.position,
            "question_id": item.question_id,
            "kind": item.question.kind,
            "kind_label": item.question.get_kind_display(),
            "stem": item.question.stem,
            "points": item.points,
            "options": [
                {
                    "id": oid,
                    "letter": LETTERS[n],
                    "text": texts[oid],
                    "chosen": oid in item.answer,
                }
                for n, oid in enumerate(item.option_order)
            ],
            "answered": bool(item.answer),
        }
        for item in items
    ]


def review_allowed(*, attempt: Attempt, now=None) -> bool:
    """Whether the paper's review policy lets the candidate see answers now."""
    if attempt.status != Attempt.Status.SUBMITTED:
        return False
    policy = attempt.paper.review_policy
    if policy == Paper.ReviewPolicy.FULL:
        return True
    if policy == Paper.ReviewPolicy.AFTER_CLOSE:
        return (now or timezone.now()) >= attempt.paper.closes_at
    return False


def attempt_review(*, attempt: Attempt) -> list[dict]:
    """Questions with the candidate's answer, the correct options and explanations.

    Only call when review_allowed() is true.
    """
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("question"))
    options = {
        o.id: o
        for o in Option.objects.filter(question_id__in=[i.question_id for i in items])
    }
    return [
        {
            "position": item.position,
            "stem": item.question.stem,
            "kind_label": item.question.get_kind_display(),
            "points": item.points,
            "awarded": item.awarded,
            "is_correct": item.is_correct,
            "explanation": item.question.explanation,
            "options": [
                {
                    "letter": LETTERS[n],
                    "text": options[oid].text,
                    "chosen": oid in item.answer,
                    "correct": options[oid].is_correct,
                }
                for n, oid in enumerate(item.option_order)
            ],
        }
        for item in items
    ]


# --- results for trainers and offices -------------------------------------------


def _attempts_in_scope(*, user: User) -> QuerySet[Attempt]:
    scope = user_scope(user=user)
    qs = Attempt.objects.all()
    if scope.all_regions:
        return qs
    if scope.agency_id:
        return qs.filter(enrolment__session__plan_line__agency_id=scope.agency_id)
    if scope.region_ids:
        return qs.filter(enrolment__enterprise__region_id__in=scope.region_ids)
    return qs.none()


def session_result_list(*, user: User) -> QuerySet[TrainingSession]:
    """Sessions with a paper, with candidates, submitted and passed counts."""
    submitted = Q(enrolments__exam_attempts__status=Attempt.Status.SUBMITTED)
    return (
        session_list(user=user)
        .filter(exam_link__isnull=False)
        .select_related("exam_link__paper")
        .annotate(
            enrolled=Count(
                "enrolments",
                filter=Q(enrolments__status=Enrolment.Status.ENROLLED),
                distinct=True,
            ),
            sat=Count("enrolments", filter=submitted, distinct=True),
            passed=Count(
                "enrolments",
                filter=submitted & Q(enrolments__exam_attempts__passed=True),
                distinct=True,
            ),
        )
        .order_by("-starts_at")
    )


def session_result_get(*, user: User, pk: int) -> TrainingSession:
    """One session with a paper in `user`'s scope, else 404."""
    try:
        return session_result_list(user=user).get(pk=pk)
    except TrainingSession.DoesNotExist as exc:
        raise Http404 from exc


@dataclass
class ResultRow:
    enrolment: Enrolment
    attempts: int
    best: Attempt | None


def session_results(*, session: TrainingSession) -> list[ResultRow]:
    """Per enrolment of `session`: attempts made and the best submitted attempt."""
    enrolments = (
        session.enrolments.filter(status=Enrolment.Status.ENROLLED)
        .select_related("enterprise__region")
        .order_by("enterprise__name")
    )
    attempts: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(enrolment__session=session).order_by(
        "-passed", "-score"
    ):
        attempts.setdefault(attempt.enrolment_id, []).append(attempt)
    rows = []
    for enrolment in enrolments:
        mine = attempts.get(enrolment.pk, [])
        best = next((a for a in mine if a.status == Attempt.Status.SUBMITTED), None)
        rows.append(ResultRow(enrolment=enrolment, attempts=len(mine), best=best))
    return rows


def region_results(*, user: User) -> list[dict]:
    """Per enterprise region: candidates who sat, passed, and the average best score."""
    best = (
        _attempts_in_scope(user=user)
        .filter(status=Attempt.Status.SUBMITTED)
        .values(
            "enrolment_id",
            "enrolment__enterprise__region__code",
            "enrolment__enterprise__region__name",
        )
        .annotate(best=Max("score"), passed=Count("id", filter=Q(passed=True)))
    )
    regions: dict[str, dict] = {}
    for row in best:
        code = row["enrolment__enterprise__region__code"]
        entry = regions.setdefault(
            code,
            {
                "code": code,
                "name": row["enrolment__enterprise__region__name"],
                "sat": 0,
                "passed": 0,
                "total": Decimal(0),
            },
        )
        entry["sat"] += 1
        entry["passed"] += 1 if row["passed"] else 0
        entry["total"] += row["best"] or 0
    for entry in regions.values():
        entry["average"] = (entry["total"] / entry["sat"]).quantize(Decimal("0.1"))
        entry["pass_rate"] = round(100 * entry["passed"] / entry["sat"])
    return sorted(regions.values(), key=lambda e: e["code"] or "")


# --- item statistics --------------------------------------------------------------

GROUP_SHARE = 0.27


@dataclass
class ItemStat:
    question: Question
    answered: int
    share_correct: float | None
    discrimination: float | None


def item_statistics(*, paper: Paper) -> list[ItemStat]:
    """Per question: share correct and discrimination (upper − lower 27 % groups)."""
    attempts = list(
        Attempt.objects.filter(paper=paper, status=Attempt.Status.SUBMITTED)
        .order_by("-score", "id")
        .values_list("id", flat=True)
    )
    size = max(round(len(attempts) * GROUP_SHARE), 1) if attempts else 0
    upper, lower = set(attempts[:size]), set(attempts[-size:]) if size else set()
    results: dict[int, dict] = {}
    for attempt_id, question_id, correct in AttemptItem.objects.filter(
        attempt_id__in=attempts
    ).values_list("attempt_id", "question_id", "is_correct"):
        r = results.setdefault(question_id, {"n": 0, "ok": 0, "u": [0, 0], "l": [0, 0]})
        r["n"] += 1
        r["ok"] += 1 if correct else 0
        for group, key in ((upper, "u"), (lower, "l")):
            if attempt_id in group:
                r[key][0] += 1
                r[key][1] += 1 if correct else 0
    questions = Question.objects.in_bulk(list(results))
    stats = []
    for question_id, r in results.items():
        disc = None
        if r["u"][0] and r["l"][0] and len(attempts) >= 2:
            disc = round(r["u"][1] / r["u"][0] - r["l"][1] / r["l"][0], 2)
        stats.append(
            ItemStat(
                question=questions[question_id],
                answered=r["n"],
                share_correct=round(r["ok"] / r["n"], 2) if r["n"] else None,
                discrimination=disc,
            )
        )
    return sorted(stats, key=lambda s: (s.share_correct or 0, s.question.pk))
