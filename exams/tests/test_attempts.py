import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import override_settings
from django.utils import timezone

from exams import services
from exams.models import Attempt, AttemptItem, Option, Paper, Question, Topic
from exams.selectors import attempt_paper
from exams.services import RuleSpec
from journey import passed_attempt
from tests.factories import (
    CityOfficerFactory,
    CommitmentLetterFactory,
    PenaltyRecordFactory,
    TrainerFactory,
)

from .factories import QuestionFactory, eligible_candidate, exam_setup

pytestmark = pytest.mark.django_db


def _correct(question_id):
    return list(
        Option.objects.filter(question_id=question_id, is_correct=True).values_list(
            "id", flat=True
        )
    )


def _wrong(question_id):
    return [Option.objects.filter(question_id=question_id, is_correct=False).first().id]


@pytest.mark.smoke
def test_full_marks_pass_and_are_recorded():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    for item in attempt.items.all():
        services.answer_save(
            attempt=attempt,
            question_id=item.question_id,
            option_ids=_correct(item.question_id),
        )
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.score == Decimal("50")
    assert attempt.passed is True
    assert passed_attempt(enrolment=enrolment) == attempt


def test_order_is_stored_so_a_reload_shows_the_same_paper():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    first = attempt_paper(attempt=attempt)
    again = attempt_paper(attempt=Attempt.objects.get(pk=attempt.pk))
    assert [q["question_id"] for q in first] == [q["question_id"] for q in again]
    assert [[o["id"] for o in q["options"]] for q in first] == [
        [o["id"] for o in q["options"]] for q in again
    ]
    assert len(first) == 5


def test_saved_answer_is_shown_again_after_reload():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    item = attempt.items.first()
    option = item.option_order[1]
    services.answer_save(
        attempt=attempt, question_id=item.question_id, option_ids=[option]
    )
    services.answer_save(
        attempt=attempt, question_id=item.question_id, option_ids=[option]
    )
    shown = next(
        q
        for q in attempt_paper(attempt=attempt)
        if q["question_id"] == item.question_id
    )
    assert [o["id"] for o in shown["options"] if o["chosen"]] == [option]


def test_blocked_candidate_is_told_exactly_what_is_missing():
    paper, user, enrolment = exam_setup()
    penalty = PenaltyRecordFactory(enterprise=enrolment.enterprise)
    with pytest.raises(ValidationError) as exc:
        services.attempt_start(enrolment=enrolment, candidate=user)
    assert penalty.decision_no in " ".join(exc.value.messages)
    CommitmentLetterFactory(penalty=penalty)
    assert services.attempt_start(enrolment=enrolment, candidate=user).pk


def test_attendance_short_blocks_the_start():
    paper, user, enrolment = exam_setup()
    enrolment.attendance.attended_seconds = 60 * 60
    enrolment.attendance.save()
    with pytest.raises(ValidationError) as exc:
        services.attempt_start(enrolment=enrolment, candidate=user)
    assert "未达到" in exc.value.messages[0]


def test_second_open_attempt_is_refused():
    paper, user, enrolment = exam_setup()
    services.attempt_start(enrolment=enrolment, candidate=user)
    with pytest.raises(ValidationError) as exc:
        services.attempt_start(enrolment=enrolment, candidate=user)
    assert exc.value.messages == [services.ATTEMPT_ALREADY_OPEN]


def test_database_refuses_two_open_attempts():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    with pytest.raises(IntegrityError):
        Attempt.objects.create(
            paper=paper,
            enrolment=enrolment,
            candidate=user,
            number=2,
            started_at=attempt.started_at,
            deadline=attempt.deadline,
            max_score=1,
        )


def test_attempts_beyond_the_limit_are_refused():
    paper, user, enrolment = exam_setup(attempts_allowed=2, pass_mark=Decimal("50"))
    for _ in range(2):
        attempt = services.attempt_start(enrolment=enrolment, candidate=user)
        services.attempt_submit(attempt=attempt)  # blank: fails
    with pytest.raises(ValidationError) as exc:
        services.attempt_start(enrolment=enrolment, candidate=user)
    assert exc.value.messages == [services.ATTEMPTS_EXHAUSTED.format(allowed=2)]


def test_passed_candidate_cannot_start_again():
    paper, user, enrolment = exam_setup(pass_mark=Decimal("0"))
    services.attempt_submit(
        attempt=services.attempt_start(enrolment=enrolment, candidate=user)
    )
    with pytest.raises(ValidationError) as exc:
        services.attempt_start(enrolment=enrolment, candidate=user)
    assert exc.value.messages == [services.ALREADY_PASSED]


def test_answer_to_a_question_not_in_the_attempt_is_refused():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    other = QuestionFactory()
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            attempt=attempt, question_id=other.pk, option_ids=_correct(other.pk)
        )
    assert exc.value.messages == [services.QUESTION_NOT_IN_ATTEMPT]


def test_option_of_another_question_is_refused():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    first, second = attempt.items.all()[:2]
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            attempt=attempt,
            question_id=first.question_id,
            option_ids=[second.option_order[0]],
        )
    assert exc.value.messages == [services.OPTION_NOT_FOUND]
    assert AttemptItem.objects.get(pk=first.pk).answer == []


def test_single_choice_takes_one_option_only():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    item = attempt.items.first()
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            attempt=attempt,
            question_id=item.question_id,
            option_ids=item.option_order[:2],
        )
    assert exc.value.messages == [services.TOO_MANY_OPTIONS]


@override_settings(EXAM_GRACE_SECONDS=5)
def test_answer_within_grace_counts_and_after_grace_is_refused():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    first, second = attempt.items.all()[:2]
    services.answer_save(
        attempt=attempt,
        question_id=first.question_id,
        option_ids=_correct(first.question_id),
        now=attempt.deadline + datetime.timedelta(seconds=4),
    )
    with pytest.raises(ValidationError) as exc:
        services.answer_save(
            attempt=attempt,
            question_id=second.question_id,
            option_ids=_correct(second.question_id),
            now=attempt.deadline + datetime.timedelta(seconds=6),
        )
    assert exc.value.messages == [services.ANSWER_LATE]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.auto_submitted
    assert attempt.score == Decimal("10")


def test_late_submission_is_closed_with_the_saved_answers():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    with pytest.raises(ValidationError) as exc:
        services.attempt_submit(
            attempt=attempt, now=attempt.deadline + datetime.timedelta(minutes=5)
        )
    assert exc.value.messages == [services.SUBMIT_LATE]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == attempt.deadline


def test_deadline_is_capped_by_the_window_close():
    paper, user, enrolment = exam_setup()
    paper.closes_at = timezone.now() + datetime.timedelta(minutes=10)
    paper.save()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    assert attempt.deadline == paper.closes_at


def test_close_expired_attempts_submits_only_expired_ones():
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    assert services.attempts_close_expired() == 0
    later = attempt.deadline + datetime.timedelta(minutes=1)
    assert services.attempts_close_expired(now=later) == 1
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.status == "submitted"


def test_paper_outside_its_window_cannot_be_started():
    paper, user, enrolment = exam_setup()
    paper.opens_at = timezone.now() + datetime.timedelta(hours=1)
    paper.closes_at = timezone.now() + datetime.timedelta(hours=2)
    paper.save()
    with pytest.raises(ValidationError) as exc:
        services.attempt_start(enrolment=enrolment, candidate=user)
    assert exc.value.messages[0].startswith("考试尚未开放")


def _multiple_setup(partial):
    question = QuestionFactory(kind=Question.Kind.MULTIPLE)
    paper, user, enrolment = exam_setup(
        questions=[question], partial_credit=partial, pass_mark=Decimal("5")
    )
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    two_of_three = _correct(question.pk)[:2]
    services.answer_save(
        attempt=attempt, question_id=question.pk, option_ids=two_of_three
    )
    return services.attempt_submit(attempt=attempt)


def test_multiple_choice_scores_only_when_exactly_right():
    assert _multiple_setup(partial=False).score == Decimal("0")


def test_partial_credit_gives_a_share_when_no_wrong_option_is_chosen():
    assert _multiple_setup(partial=True).score == Decimal("6.7")


def test_partial_credit_gives_nothing_for_a_wrong_option():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE)
    paper, user, enrolment = exam_setup(questions=[question], partial_credit=True)
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    services.answer_save(
        attempt=attempt,
        question_id=question.pk,
        option_ids=_correct(question.pk)[:1] + _wrong(question.pk),
    )
    assert services.attempt_submit(attempt=attempt).score == Decimal("0")


def test_random_paper_draws_per_topic_from_own_and_shared_bank():
    trainer = TrainerFactory()
    city = CityOfficerFactory()
    for _ in range(3):
        QuestionFactory(agency=trainer.agency, topic=Topic.REGULATIONS)
    services.question_create(
        author=city,
        kind=Question.Kind.TRUE_FALSE,
        topic=Topic.REGULATIONS,
        stem="共享题",
        explanation="共享解析",
        options=[("正确", True), ("错误", False)],
    )
    QuestionFactory(topic=Topic.REGULATIONS)  # another agency's: never drawn
    user, enrolment = eligible_candidate()
    enrolment.session.plan_line.agency = trainer.agency
    enrolment.session.plan_line.save()
    now = timezone.now()
    paper = services.paper_create(
        author=trainer,
        title="随机卷",
        mode=Paper.Mode.RANDOM,
        pass_mark=Decimal("20"),
        time_limit_minutes=20,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        attempts_allowed=1,
        review_policy=Paper.ReviewPolicy.FULL,
        rules=[RuleSpec(topic=Topic.REGULATIONS, count=4, points=Decimal("5"))],
        sessions=[enrolment.session],
    )
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    drawn = set(attempt.items.values_list("question__agency_id", flat=True))
    assert attempt.items.count() == 4
    assert drawn <= {trainer.agency_id, None}
    assert attempt.max_score == Decimal("20")
    assert paper.rules.count() == 1


def test_random_rule_larger_than_the_pool_is_refused():
    trainer = TrainerFactory()
    QuestionFactory(agency=trainer.agency, topic=Topic.IMPACT)
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.paper_create(
            author=trainer,
            title="随机卷",
            mode=Paper.Mode.RANDOM,
            pass_mark=Decimal("1"),
            time_limit_minutes=20,
            opens_at=now,
            closes_at=now + datetime.timedelta(hours=1),
            attempts_allowed=1,
            review_policy=Paper.ReviewPolicy.FULL,
            rules=[RuleSpec(topic=Topic.IMPACT, count=3, points=Decimal("5"))],
        )
    assert "只有 1 道" in exc.value.messages[0]
    assert not Paper.objects.exists()


def test_a_session_has_only_one_paper():
    paper, user, enrolment = exam_setup()
    trainer = TrainerFactory(agency=paper.agency)
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.paper_create(
            author=trainer,
            title="第二份",
            mode=Paper.Mode.FIXED,
            pass_mark=Decimal("1"),
            time_limit_minutes=20,
            opens_at=now,
            closes_at=now + datetime.timedelta(hours=1),
            attempts_allowed=1,
            review_policy=Paper.ReviewPolicy.FULL,
            fixed=[(QuestionFactory(agency=paper.agency), Decimal("5"))],
            sessions=[enrolment.session],
        )
    assert "已关联试卷" in exc.value.messages[0]


@pytest.mark.smoke
def test_passing_the_exam_issues_the_certificate():
    from certificates.models import Certificate

    paper, user, enrolment = exam_setup(pass_mark=Decimal("0"))
    attempt = services.attempt_submit(
        attempt=services.attempt_start(enrolment=enrolment, candidate=user)
    )
    assert attempt.passed
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.exam_score == attempt.score


def test_failing_the_exam_issues_no_certificate():
    from certificates.models import Certificate

    paper, user, enrolment = exam_setup(pass_mark=Decimal("1"))
    attempt = services.attempt_submit(
        attempt=services.attempt_start(enrolment=enrolment, candidate=user)
    )
    assert not attempt.passed
    assert not Certificate.objects.filter(enrolment=enrolment).exists()
