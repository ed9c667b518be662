import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import FeedbackQuestion, FeedbackResponse
from reports.selectors import feedback_pending, session_feedback_summary
from reports.tests.factories import (
    FeedbackQuestionFactory,
    FeedbackSurveyFactory,
    enrol,
)
from tests.factories import RepresentativeFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(db):
    survey = FeedbackSurveyFactory()
    FeedbackQuestionFactory(survey=survey, position=1, text="总体满意度")
    FeedbackQuestionFactory(
        survey=survey,
        position=2,
        text="是否清楚如何申请",
        kind=FeedbackQuestion.Kind.CHOICE,
        options=["清楚", "不清楚"],
    )
    FeedbackQuestionFactory(
        survey=survey,
        position=3,
        text="意见",
        kind=FeedbackQuestion.Kind.TEXT,
        required=False,
    )
    return survey


@pytest.fixture
def finished():
    start = timezone.now() - datetime.timedelta(days=1)
    return TrainingSessionFactory(
        starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )


def _answers(survey, rating="5", choice="清楚", text=""):
    q = {x.position: services.field_name(x) for x in survey.questions.all()}
    return {q[1]: rating, q[2]: choice, q[3]: text}


def test_attendee_answers_once_and_offices_see_the_summary(survey, finished):
    first = enrol(finished, attended_minutes=180)
    second = enrol(finished, attended_minutes=180)
    for enrolment, rating, choice in ((first, "5", "清楚"), (second, "2", "不清楚")):
        user = RepresentativeFactory(enterprise=enrolment.enterprise)
        services.feedback_submit(
            enrolment=enrolment,
            actor=user,
            answers=_answers(survey, rating, choice, "好"),
        )
    summary = session_feedback_summary(session=finished)
    assert summary.responses == 2
    by_text = {q.question.text: q for q in summary.questions}
    assert by_text["总体满意度"].average == pytest.approx(3.5)
    assert by_text["是否清楚如何申请"].choices == {"清楚": 1, "不清楚": 1}
    assert by_text["意见"].texts == ["好", "好"]
    user = RepresentativeFactory(enterprise=first.enterprise)
    with pytest.raises(ValidationError, match=services.FEEDBACK_ALREADY_SENT):
        services.feedback_submit(enrolment=first, actor=user, answers=_answers(survey))


def test_bad_answers_name_the_question_and_write_nothing(survey, finished):
    enrolment = enrol(finished, attended_minutes=180)
    user = RepresentativeFactory(enterprise=enrolment.enterprise)
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(
            enrolment=enrolment, actor=user, answers=_answers(survey, "9", "也许")
        )
    messages = [m for ms in exc.value.message_dict.values() for m in ms]
    assert services.RATING_RANGE.format(question="总体满意度") in messages
    assert services.CHOICE_UNKNOWN.format(question="是否清楚如何申请") in messages
    assert not FeedbackResponse.objects.exists()


def test_feedback_needs_a_finished_attended_session_of_ones_own(survey, finished):
    absent = enrol(finished)
    user = RepresentativeFactory(enterprise=absent.enterprise)
    with pytest.raises(ValidationError, match=services.FEEDBACK_NOT_ATTENDED):
        services.feedback_submit(enrolment=absent, actor=user, answers=_answers(survey))
    upcoming = enrol(TrainingSessionFactory(), attended_minutes=10)
    user = RepresentativeFactory(enterprise=upcoming.enterprise)
    with pytest.raises(ValidationError, match=services.FEEDBACK_TOO_EARLY):
        services.feedback_submit(
            enrolment=upcoming, actor=user, answers=_answers(survey)
        )
    stranger = RepresentativeFactory()
    attended = enrol(finished, attended_minutes=180)
    with pytest.raises(ValidationError, match=services.FEEDBACK_NOT_YOURS):
        services.feedback_submit(
            enrolment=attended, actor=stranger, answers=_answers(survey)
        )


@pytest.mark.smoke
def test_representative_fills_in_the_form_built_from_the_questions(
    client, survey, finished
):
    enrolment = enrol(finished, attended_minutes=180)
    user = RepresentativeFactory(enterprise=enrolment.enterprise)
    client.force_login(user)
    assert list(feedback_pending(user=user)) == [enrolment]
    url = reverse("reports:feedback_answer", args=[enrolment.pk])
    page = client.get(url).content.decode()
    assert "总体满意度" in page and "不清楚" in page
    response = client.post(url, _answers(survey, choice=""))
    assert "「是否清楚如何申请」为必答题。" in response.content.decode()
    response = client.post(url, _answers(survey))
    assert response.status_code == 302
    assert FeedbackResponse.objects.filter(enrolment=enrolment).exists()
    assert list(feedback_pending(user=user)) == []


def test_another_enterprises_feedback_form_is_404(client, survey, finished):
    enrolment = enrol(finished, attended_minutes=180)
    client.force_login(RepresentativeFactory())
    url = reverse("reports:feedback_answer", args=[enrolment.pk])
    assert client.get(url).status_code == 404


def test_session_feedback_summary_is_404_outside_a_county(client, world, survey):
    client.force_login(world["county_a"])
    assert (
        client.get(
            reverse("reports:session_feedback", args=[world["sa"].pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("reports:session_feedback", args=[world["sb"].pk])
        ).status_code
        == 404
    )
