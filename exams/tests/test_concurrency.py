"""A whole session starting, saving and submitting at once (PostgreSQL only)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from exams import services
from exams.models import Attempt, AttemptItem, Option

from .factories import eligible_candidate, paper_for_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        finally:
            connection.close()

    return run


def test_a_whole_session_starts_saves_and_submits_at_once():
    paper = paper_for_session()
    session = paper.links.get().session
    candidates = [eligible_candidate(session=session) for _ in range(12)]
    correct = dict(
        Option.objects.filter(is_correct=True).values_list("question_id", "id")
    )
    barrier = threading.Barrier(len(candidates), timeout=60)

    @_in_thread
    def sit(user, enrolment):
        barrier.wait()
        attempt = services.attempt_start(enrolment=enrolment, candidate=user)
        for item in attempt.items.all():
            services.answer_save(
                attempt=attempt,
                question_id=item.question_id,
                option_ids=[correct[item.question_id]],
            )
        return services.attempt_submit(attempt=attempt).score

    with ThreadPoolExecutor(max_workers=len(candidates)) as pool:
        scores = list(pool.map(lambda c: sit(*c), candidates))
    assert scores == [50] * len(candidates)
    assert Attempt.objects.filter(status="submitted", passed=True).count() == 12


def test_double_start_from_two_devices_opens_one_attempt():
    paper = paper_for_session()
    user, enrolment = eligible_candidate(session=paper.links.get().session)
    barrier = threading.Barrier(4, timeout=60)

    @_in_thread
    def start(_):
        barrier.wait()
        try:
            return services.attempt_start(enrolment=enrolment, candidate=user).pk
        except ValidationError as exc:
            return exc.messages[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(start, range(4)))
    assert Attempt.objects.count() == 1
    assert outcomes.count(services.ATTEMPT_ALREADY_OPEN) == 3


def test_saves_racing_a_submit_are_either_marked_or_refused():
    paper = paper_for_session()
    user, enrolment = eligible_candidate(session=paper.links.get().session)
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    items = list(attempt.items.all())
    correct = dict(
        Option.objects.filter(is_correct=True).values_list("question_id", "id")
    )
    barrier = threading.Barrier(len(items) + 1, timeout=60)

    @_in_thread
    def save(item):
        barrier.wait()
        try:
            services.answer_save(
                attempt=attempt,
                question_id=item.question_id,
                option_ids=[correct[item.question_id]],
            )
            return True
        except ValidationError:
            return False

    @_in_thread
    def submit(_):
        barrier.wait()
        return services.attempt_submit(attempt=attempt)

    with ThreadPoolExecutor(max_workers=len(items) + 1) as pool:
        handed_in = pool.submit(submit, None)
        saved = list(pool.map(save, items))
        attempt = handed_in.result()
    accepted = sum(saved)
    # Every acknowledged save is in the marked attempt; none was lost.
    assert attempt.score == 10 * accepted
    assert (
        AttemptItem.objects.filter(attempt=attempt, is_correct=True).count() == accepted
    )
