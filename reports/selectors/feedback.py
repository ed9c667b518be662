"""Session feedback: what an attendee still has to answer, and summaries for offices."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Agency, User
from enrollment.models import Enrolment, TrainingSession

from ..models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse, FeedbackSurvey


def active_survey() -> FeedbackSurvey | None:
    """The survey attendees answer now, or None when none is active."""
    return FeedbackSurvey.objects.filter(is_active=True).first()


def feedback_pending(*, user: User) -> QuerySet[Enrolment]:
    """The user's enterprise's finished, attended sessions not yet answered."""
    if not user.is_authenticated or not user.enterprise_id:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(
            enterprise_id=user.enterprise_id,
            status=Enrolment.Status.ENROLLED,
            session__ends_at__lte=timezone.now(),
            attendance__signed_in_at__isnull=False,
            feedback__isnull=True,
        )
        .select_related("session")
        .order_by("-session__starts_at")
    )


@dataclass
class QuestionSummary:
    question: FeedbackQuestion
    answered: int = 0
    average: float | None = None
    choices: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


@dataclass
class FeedbackSummary:
    responses: int
    questions: list[QuestionSummary]


TEXTS_SHOWN = 20


def _summary(responses: QuerySet[FeedbackResponse]) -> FeedbackSummary:
    """Average ratings, choice counts and recent comments: four queries in all."""
    survey_ids = responses.values("survey_id")
    questions = {
        q.pk: QuestionSummary(question=q)
        for q in FeedbackQuestion.objects.filter(survey_id__in=survey_ids)
    }
    answers = FeedbackAnswer.objects.filter(response__in=responses)
    for row in answers.values("question_id").annotate(n=Count("id"), avg=Avg("rating")):
        summary = questions[row["question_id"]]
        summary.answered = row["n"]
        summary.average = row["avg"]
    for row in (
        answers.exclude(choice="")
        .values("question_id", "choice")
        .annotate(n=Count("id"))
        .order_by("question_id", "-n")
    ):
        questions[row["question_id"]].choices[row["choice"]] = row["n"]
    for row in (
        answers.exclude(text="")
        .order_by("-response__submitted_at")
        .values("question_id", "text")[:500]
    ):
        texts = questions[row["question_id"]].texts
        if len(texts) < TEXTS_SHOWN:
            texts.append(row["text"])
    return FeedbackSummary(
        responses=responses.count(), questions=list(questions.values())
    )


def session_feedback_summary(*, session: TrainingSession) -> FeedbackSummary:
    """The summary of one session's feedback (the session is already in scope)."""
    return _summary(FeedbackResponse.objects.filter(enrolment__session=session))


def agency_feedback_summary(
    *, agency: Agency, region_ids: list[int] | None = None
) -> FeedbackSummary:
    """The summary over all sessions an agency ran, limited to the reader's regions."""
    responses = FeedbackResponse.objects.filter(enrolment__plan_line__agency=agency)
    if region_ids is not None:
        responses = responses.filter(enrolment__enterprise__region_id__in=region_ids)
    return _summary(responses)


def session_feedback_counts(sessions: QuerySet[TrainingSession]):
    """Sessions annotated with their enrolled, signed-in and feedback counts."""
    return sessions.annotate(
        n_enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled")),
        n_feedback=Count("enrolments__feedback"),
    )
