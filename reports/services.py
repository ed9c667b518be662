"""Writes of the offices' view: an attendee's session feedback."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from common.audit import audit_record
from enrollment.models import Enrolment

from .models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse, FeedbackSurvey

FEEDBACK_NOT_YOURS = "只能为本企业参加的培训填写反馈。"
FEEDBACK_TOO_EARLY = "培训结束后才能填写反馈。"
FEEDBACK_NOT_ATTENDED = "签到参加培训后才能填写反馈。"
FEEDBACK_ALREADY_SENT = "该场培训的反馈已经提交过，不能重复提交。"
FEEDBACK_NO_SURVEY = "当前没有启用的反馈问卷。"
ANSWER_REQUIRED = "「{question}」为必答题。"
RATING_RANGE = "「{question}」请选择 1 到 5 分。"
CHOICE_UNKNOWN = "「{question}」的选项无效，请从给出的选项中选择。"
TEXT_TOO_LONG = "「{question}」不能超过 {limit} 字。"
TEXT_LIMIT = 1000


def field_name(question: FeedbackQuestion) -> str:
    """The form field (and error key) of a question."""
    return f"q{question.pk}"


def _check_eligible(*, enrolment: Enrolment, actor: User) -> None:
    if actor.enterprise_id != enrolment.enterprise_id:
        raise ValidationError(FEEDBACK_NOT_YOURS)
    if enrolment.session.ends_at > timezone.now():
        raise ValidationError(FEEDBACK_TOO_EARLY)
    attendance = getattr(enrolment, "attendance", None)
    if (
        enrolment.status != Enrolment.Status.ENROLLED
        or attendance is None
        or attendance.signed_in_at is None
    ):
        raise ValidationError(FEEDBACK_NOT_ATTENDED)
    if FeedbackResponse.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(FEEDBACK_ALREADY_SENT)


def _answer_for(question: FeedbackQuestion, raw) -> FeedbackAnswer | None:
    """Validate one raw answer; None when an optional question is left empty."""
    value = "" if raw is None else str(raw).strip()
    name = question.text
    if not value:
        if question.required:
            raise ValidationError(
                {field_name(question): ANSWER_REQUIRED.format(question=name)}
            )
        return None
    answer = FeedbackAnswer(question=question)
    if question.kind == FeedbackQuestion.Kind.RATING:
        if value not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(
                {field_name(question): RATING_RANGE.format(question=name)}
            )
        answer.rating = int(value)
    elif question.kind == FeedbackQuestion.Kind.CHOICE:
        if value not in (question.options or []):
            raise ValidationError(
                {field_name(question): CHOICE_UNKNOWN.format(question=name)}
            )
        answer.choice = value
    else:
        if len(value) > TEXT_LIMIT:
            raise ValidationError(
                {
                    field_name(question): TEXT_TOO_LONG.format(
                        question=name, limit=TEXT_LIMIT
                    )
                }
            )
        answer.text = value
    return answer


@transaction.atomic
def feedback_submit(
    *,
    enrolment: Enrolment,
    actor: User,
    answers: dict[str, str],
    survey: FeedbackSurvey | None = None,
) -> FeedbackResponse:
    """Record an attendee's answers to the active survey, once per enrolment.

    `answers` maps field names (q<question id>) to raw values. Every answer is
    validated before anything is written; a second submission is refused.
    """
    survey = survey or FeedbackSurvey.objects.filter(is_active=True).first()
    if survey is None:
        raise ValidationError(FEEDBACK_NO_SURVEY)
    _check_eligible(enrolment=enrolment, actor=actor)
    built, errors = [], {}
    for question in survey.questions.all():
        try:
            answer = _answer_for(question, answers.get(field_name(question)))
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if answer is not None:
            built.append(answer)
    if errors:
        raise ValidationError(errors)
    response = FeedbackResponse(survey=survey, enrolment=enrolment)
    response.full_clean()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:  # a concurrent submission won the race
        raise ValidationError(FEEDBACK_ALREADY_SENT) from exc
    for answer in built:
        answer.response = response
        answer.full_clean()
    FeedbackAnswer.objects.bulk_create(built)
    audit_record(actor=actor, action="reports.feedback.submit", obj=response)
    return response
