"""Factories for the offices' view: feedback surveys and a funnel builder."""

import factory

from reports.models import FeedbackQuestion, FeedbackSurvey
from tests.factories import (  # noqa: F401
    AttendanceFactory,
    CommitmentLetterFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
    PlanLineFactory,
    TrainingSessionFactory,
)


class FeedbackSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackSurvey

    title = factory.Sequence(lambda n: f"培训反馈问卷{n}")
    is_active = True


class FeedbackQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackQuestion

    survey = factory.SubFactory(FeedbackSurveyFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"问题{n}")
    kind = FeedbackQuestion.Kind.RATING


def enrol(session, *, signed=False, attended_minutes=None, **kwargs):
    """An enrolment in `session`, optionally with a signed letter and attendance."""
    enrolment = EnrolmentFactory(session=session, **kwargs)
    if signed:
        CommitmentLetterFactory(
            penalty=PenaltyRecordFactory(enterprise=enrolment.enterprise)
        )
    elif signed is None:  # a penalty without a letter: not signed
        PenaltyRecordFactory(enterprise=enrolment.enterprise)
    if attended_minutes is not None:
        AttendanceFactory(enrolment=enrolment, attended_seconds=attended_minutes * 60)
    return enrolment
