"""Factories for the exams app (the base ones live in tests/factories.py)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from exams.models import Option, Paper, PaperQuestion, PaperSession, Question, Topic
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    EnrolmentFactory,
    RepresentativeFactory,
    TrainingSessionFactory,
)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with options A–D; A is correct unless told."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    kind = Question.Kind.SINGLE
    topic = Topic.REPAIR
    difficulty = Question.Difficulty.MEDIUM
    stem = factory.Sequence(lambda n: f"测试题干{n}：以下哪一项正确？")
    explanation = factory.Sequence(lambda n: f"测试解析{n}")
    agency = factory.SubFactory(AgencyFactory)

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            if self.kind == Question.Kind.TRUE_FALSE:
                extracted = [("正确", True), ("错误", False)]
            elif self.kind == Question.Kind.MULTIPLE:
                extracted = [("甲", True), ("乙", True), ("丙", True), ("丁", False)]
            else:
                extracted = [("甲", True), ("乙", False), ("丙", False), ("丁", False)]
        for position, (text, ok) in enumerate(extracted, start=1):
            Option.objects.create(
                question=self, position=position, text=text, is_correct=ok
            )


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"结业考试试卷{n}")
    agency = factory.SubFactory(AgencyFactory)
    mode = Paper.Mode.FIXED
    pass_mark = Decimal("30")
    time_limit_minutes = 30
    opens_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(hours=1)
    )
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=1)
    )
    attempts_allowed = 2
    review_policy = Paper.ReviewPolicy.SCORE_ONLY


def paper_for_session(*, session=None, questions=None, points=Decimal("10"), **kwargs):
    """A fixed paper on `questions` (default: five new single-choice ones), linked."""
    session = session or TrainingSessionFactory()
    kwargs.setdefault("agency", session.plan_line.agency)
    paper = PaperFactory(**kwargs)
    if questions is None:
        questions = QuestionFactory.create_batch(5, agency=paper.agency)
    for question in questions:
        PaperQuestion.objects.create(paper=paper, question=question, points=points)
    PaperSession.objects.create(paper=paper, session=session)
    return paper


def eligible_candidate(*, session=None):
    """(representative, enrolment) that may sit the exam: attended 3 hours, no
    unsigned letters."""
    session = session or TrainingSessionFactory()
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, attended_seconds=3 * 3600)
    user = RepresentativeFactory(enterprise=enrolment.enterprise)
    enrolment.attendee = user
    enrolment.save(update_fields=["attendee"])
    return user, enrolment


def exam_setup(**paper_kwargs):
    """A session with a linked paper and one eligible candidate."""
    session = TrainingSessionFactory()
    paper = paper_for_session(session=session, **paper_kwargs)
    user, enrolment = eligible_candidate(session=session)
    return paper, user, enrolment
