import datetime

import pytest
from django.utils import timezone

from demo import exams as demo
from exams.models import Attempt, Paper, PaperSession, Question
from exams.services import attempt_start, attempt_submit
from exams.tests.factories import eligible_candidate
from tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_demo_bank_has_forty_explained_questions_and_is_idempotent():
    demo.seed()
    demo.seed()
    questions = Question.objects.filter(is_shared=True)
    assert questions.count() >= 40
    assert not questions.filter(explanation="").exists()
    assert Paper.objects.filter(title=demo.PAPER_TITLE).count() == 1
    for question in questions.prefetch_related("options"):
        correct = [o for o in question.options.all() if o.is_correct]
        assert len(correct) >= (2 if question.kind == "multiple" else 1)
        if question.kind != "multiple":
            assert len(correct) == 1


def test_demo_facts_match_the_notices():
    demo.seed()
    letter = Question.objects.get(stem__startswith="《信用修复承诺书》应在什么时候签署")
    assert letter.options.get(is_correct=True).text == "培训会前"
    rate = Question.objects.get(stem__contains="信用修复率达到多少")
    assert rate.options.get(is_correct=True).text == "80%"
    special = Question.objects.get(stem__startswith="涉及特定严重失信行为")
    assert special.options.get(is_correct=True).text == "错误"


def test_demo_paper_opens_before_last_months_session_and_can_be_sat():
    demo.seed()
    paper = Paper.objects.get(title=demo.PAPER_TITLE)
    assert paper.opens_at <= timezone.now() - datetime.timedelta(days=40)
    session = TrainingSessionFactory()
    PaperSession.objects.create(paper=paper, session=session)
    user, enrolment = eligible_candidate(session=session)
    attempt = attempt_start(enrolment=enrolment, candidate=user)
    assert attempt.items.count() == 20 and attempt.max_score == 100
    assert attempt_submit(attempt=attempt).status == Attempt.Status.SUBMITTED
