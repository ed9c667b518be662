import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exams import services
from exams.models import Attempt, Paper
from exams.views import BAD_JSON
from tests.factories import (
    AgencyFactory,
    CityFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    PenaltyRecordFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
)

from .factories import QuestionFactory, eligible_candidate, exam_setup

pytestmark = pytest.mark.django_db

CORRECT_MARK = "正确项甲乙丙"
WRONG_MARK = "干扰项"
EXPLANATION_MARK = "解析内容绝不能提前泄露"


def _leaky_setup(**kwargs):
    questions = [
        QuestionFactory(
            explanation=f"{EXPLANATION_MARK}{n}",
            options=[(f"{CORRECT_MARK}{n}", True)]
            + [(f"{WRONG_MARK}{n}-{k}", False) for k in range(3)],
        )
        for n in range(3)
    ]
    return exam_setup(questions=questions, **kwargs)


def _assert_clean(response):
    """Neither the correct option, any correctness flag nor the explanation."""
    body = response.content.decode()
    assert CORRECT_MARK not in body
    assert EXPLANATION_MARK not in body
    assert "correct" not in body.lower()


def _assert_take_page_clean(response):
    """The take page must show every option, but the correct one looks like the rest."""
    body = response.content.decode()
    assert EXPLANATION_MARK not in body
    assert "correct" not in body.lower()
    blocks = re.findall(r'<div class="form-check.*?</div>', body, re.S)
    assert len(blocks) == 12
    shapes = {
        re.sub(r"\d+|[A-F]\. .*?</label>", "#", block.replace(" checked", ""))
        for block in blocks
    }
    assert len(shapes) == 1, shapes
    assert sum(CORRECT_MARK in block for block in blocks) == 3


def _answer(client, attempt, question_id, options):
    return client.post(
        reverse("exams:answer", args=[attempt.pk]),
        data=json.dumps({"question": question_id, "options": options}),
        content_type="application/json",
    )


@pytest.mark.smoke
@pytest.mark.parametrize(
    "policy", [Paper.ReviewPolicy.SCORE_ONLY, Paper.ReviewPolicy.AFTER_CLOSE]
)
def test_no_correct_answer_or_explanation_reaches_the_browser_early(client, policy):
    paper, user, enrolment = _leaky_setup(review_policy=policy)
    client.force_login(user)
    _assert_clean(client.get(reverse("exams:mine")))
    response = client.post(reverse("exams:start", args=[enrolment.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("exams:take", args=[attempt.pk])
    take = client.get(response.url)
    assert take.status_code == 200
    _assert_take_page_clean(take)
    item = attempt.items.first()
    _assert_clean(_answer(client, attempt, item.question_id, [item.option_order[0]]))
    _assert_clean(client.get(reverse("exams:status", args=[attempt.pk])))
    _assert_take_page_clean(client.get(reverse("exams:take", args=[attempt.pk])))
    submit = client.post(
        reverse("exams:submit", args=[attempt.pk]), content_type="application/json"
    )
    _assert_clean(submit)
    result = client.get(reverse("exams:result", args=[attempt.pk]))
    assert result.status_code == 200
    _assert_clean(result)
    _assert_clean(client.get(reverse("exams:mine")))


def test_full_review_shows_answers_and_explanations_after_submission(client):
    paper, user, enrolment = _leaky_setup(review_policy=Paper.ReviewPolicy.FULL)
    client.force_login(user)
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    _assert_take_page_clean(client.get(reverse("exams:take", args=[attempt.pk])))
    services.attempt_submit(attempt=attempt)
    body = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert CORRECT_MARK in body and EXPLANATION_MARK in body


def test_after_close_review_opens_when_the_window_closes(client):
    paper, user, enrolment = _leaky_setup(review_policy=Paper.ReviewPolicy.AFTER_CLOSE)
    client.force_login(user)
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    services.attempt_submit(attempt=attempt)
    Paper.objects.filter(pk=paper.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    body = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert EXPLANATION_MARK in body


def test_another_persons_attempt_answers_404(client):
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    other = RepresentativeFactory()
    client.force_login(other)
    item = attempt.items.first()
    assert client.get(reverse("exams:take", args=[attempt.pk])).status_code == 404
    assert _answer(client, attempt, item.question_id, []).status_code == 404
    assert client.post(reverse("exams:submit", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("exams:result", args=[attempt.pk])).status_code == 404
    start = client.post(reverse("exams:start", args=[enrolment.pk]))
    assert start.status_code == 404


def test_bad_answers_get_a_clear_message(client):
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    client.force_login(user)
    item = attempt.items.first()
    response = _answer(client, attempt, item.question_id, [999999])
    assert response.status_code == 400
    assert response.json()["error"] == services.OPTION_NOT_FOUND
    response = _answer(client, attempt, QuestionFactory().pk, [])
    assert response.json()["error"] == services.QUESTION_NOT_IN_ATTEMPT
    response = client.post(
        reverse("exams:answer", args=[attempt.pk]),
        data="not json",
        content_type="application/json",
    )
    assert response.json()["error"] == BAD_JSON


def test_answer_after_the_deadline_is_refused_over_http(client, settings):
    settings.EXAM_GRACE_SECONDS = 0
    paper, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=2),
        deadline=timezone.now() - datetime.timedelta(seconds=1),
    )
    client.force_login(user)
    item = attempt.items.first()
    response = _answer(client, attempt, item.question_id, [item.option_order[0]])
    assert response.status_code == 409
    assert response.json()["error"] == services.ANSWER_LATE
    assert client.get(reverse("exams:take", args=[attempt.pk])).status_code == 302


def test_blocked_candidate_sees_exactly_what_is_missing(client):
    paper, user, enrolment = exam_setup()
    penalty = PenaltyRecordFactory(enterprise=enrolment.enterprise)
    client.force_login(user)
    body = client.get(reverse("exams:mine")).content.decode()
    assert penalty.decision_no in body
    assert "开始考试" not in body
    response = client.post(reverse("exams:start", args=[enrolment.pk]), follow=True)
    assert penalty.decision_no in response.content.decode()
    assert not Attempt.objects.exists()


def test_second_start_over_http_says_an_attempt_is_open(client):
    paper, user, enrolment = exam_setup()
    client.force_login(user)
    client.post(reverse("exams:start", args=[enrolment.pk]))
    response = client.post(reverse("exams:start", args=[enrolment.pk]), follow=True)
    assert services.ATTEMPT_ALREADY_OPEN in response.content.decode()
    assert Attempt.objects.count() == 1


def test_trainer_sees_own_agency_results_and_not_others(client):
    paper, user, enrolment = exam_setup(pass_mark=Decimal("0"))
    services.attempt_submit(
        attempt=services.attempt_start(enrolment=enrolment, candidate=user)
    )
    session = enrolment.session
    trainer = TrainerFactory(agency=session.plan_line.agency)
    client.force_login(trainer)
    body = client.get(reverse("exams:results")).content.decode()
    assert session.title in body
    page = client.get(reverse("exams:session_results", args=[session.pk]))
    assert enrolment.enterprise.name in page.content.decode()
    stats = client.get(reverse("exams:paper_stats", args=[paper.pk]))
    assert stats.status_code == 200
    client.force_login(TrainerFactory())
    assert session.title not in client.get(reverse("exams:results")).content.decode()
    other = client.get(reverse("exams:session_results", args=[session.pk]))
    assert other.status_code == 404
    assert client.get(reverse("exams:paper", args=[paper.pk])).status_code == 404


def test_county_office_sees_its_region_only(client):
    paper, user, enrolment = exam_setup(pass_mark=Decimal("0"))
    services.attempt_submit(
        attempt=services.attempt_start(enrolment=enrolment, candidate=user)
    )
    region = enrolment.session.plan_line.region
    county = CountyOfficerFactory(office__region=region)
    client.force_login(county)
    body = client.get(reverse("exams:region_results")).content.decode()
    assert region.name in body and "100%" in body
    export = client.get(
        reverse("exams:session_results", args=[enrolment.session.pk]) + "?format=csv"
    )
    assert enrolment.enterprise.name in b"".join(export.streaming_content).decode()
    client.force_login(CountyOfficerFactory())
    assert (
        region.name not in client.get(reverse("exams:region_results")).content.decode()
    )
    response = client.get(reverse("exams:session_results", args=[enrolment.session.pk]))
    assert response.status_code == 404


def test_representative_cannot_open_staff_pages(client):
    user, _ = eligible_candidate()
    client.force_login(user)
    assert client.get(reverse("exams:questions")).status_code == 404
    assert client.get(reverse("exams:results")).status_code == 404


def test_trainer_creates_a_question_and_a_fixed_paper_through_the_forms(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("exams:question_create"),
        {
            "kind": "single",
            "topic": "repair",
            "difficulty": 1,
            "stem": "承诺书应在何时签署？",
            "option_a": "培训会前",
            "option_b": "考试之后",
            "answer": "A",
            "explanation": "通知要求培训会前完成签署。",
        },
    )
    assert response.status_code == 302
    _, enrolment = eligible_candidate()
    enrolment.session.plan_line.agency = trainer.agency
    enrolment.session.plan_line.save()
    question = trainer.agency.questions.get()
    now = timezone.localtime()
    response = client.post(
        reverse("exams:paper_create"),
        {
            "title": "表单卷",
            "mode": "fixed",
            "pass_mark": "5",
            "time_limit_minutes": 30,
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "attempts_allowed": 2,
            "review_policy": "full",
            "questions": [question.pk],
            "question_points": "10",
            "sessions": [enrolment.session.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    paper = Paper.objects.get(title="表单卷")
    assert paper.links.get().session == enrolment.session


def test_pass_mark_above_total_gets_a_clear_message(client):
    trainer = TrainerFactory()
    question = QuestionFactory(agency=trainer.agency)
    client.force_login(trainer)
    now = timezone.localtime()
    response = client.post(
        reverse("exams:paper_create"),
        {
            "title": "表单卷",
            "mode": "fixed",
            "pass_mark": "50",
            "time_limit_minutes": 30,
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "attempts_allowed": 2,
            "review_policy": "full",
            "questions": [question.pk],
            "question_points": "10",
        },
    )
    assert "及格分：不能高于试卷总分 10" in response.content.decode()
    assert not Paper.objects.exists()


def test_city_office_sees_the_shared_bank_page(client):
    city = CityOfficerFactory()
    client.force_login(city)
    serving = AgencyFactory(regions=[RegionFactory(city=city.office.city)])
    QuestionFactory(stem="机构题", agency=serving)
    suzhou = CityFactory(code="320500", name="苏州市", short_name="苏州")
    elsewhere = AgencyFactory(regions=[RegionFactory(city=suzhou)])
    QuestionFactory(stem="外市机构题", agency=elsewhere)
    page = client.get(reverse("exams:questions")).content.decode()
    assert "机构题" in page
    assert "外市机构题" not in page
