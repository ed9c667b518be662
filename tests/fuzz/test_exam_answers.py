"""Random JSON bodies to the exam autosave and hand-in endpoints."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exams.models import AttemptItem, Option
from exams.services import attempt_start
from exams.tests.factories import exam_setup

from .helpers import has_chinese, rolled_back

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def exam():
    """The candidate's open attempt, and another candidate's for foreign ids."""
    _, user, enrolment = exam_setup()
    attempt = attempt_start(enrolment=enrolment, candidate=user)
    _, other_user, other_enrolment = exam_setup()
    other = attempt_start(enrolment=other_enrolment, candidate=other_user)
    client = Client()
    client.force_login(user)
    own_q = list(attempt.items.values_list("question_id", flat=True))
    foreign_q = list(other.items.values_list("question_id", flat=True))
    return {
        "attempt": attempt,
        "other": other,
        "client": client,
        "own_q": own_q,
        "foreign_q": foreign_q,
        "own_o": list(
            Option.objects.filter(question_id__in=own_q).values_list("pk", flat=True)
        ),
        "foreign_o": list(
            Option.objects.filter(question_id__in=foreign_q).values_list(
                "pk", flat=True
            )
        ),
    }


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.floats(),
    st.text(max_size=20),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def answer_bodies(draw, ids):
    """Mostly well-shaped {question, options} with odd ids; sometimes anything."""
    question = draw(
        st.one_of(
            st.sampled_from(ids["own_q"]),
            st.sampled_from(ids["foreign_q"]),
            st.sampled_from(ids["own_q"]).map(str),
            json_value,
        )
    )
    option = st.one_of(
        st.sampled_from(ids["own_o"]),
        st.sampled_from(ids["foreign_o"]),
        json_leaf,
    )
    options = draw(st.one_of(st.lists(option, max_size=5), json_value))
    shaped = {"question": question, "options": options}
    body = draw(st.one_of(st.just(shaped), st.just(shaped), json_value))
    return json.dumps(body).encode()


def _stored_answers_are_own(exam) -> None:
    for item in AttemptItem.objects.filter(attempt=exam["attempt"]):
        allowed = set(
            Option.objects.filter(question_id=item.question_id).values_list(
                "pk", flat=True
            )
        )
        assert set(item.answer) <= allowed, (item.question_id, item.answer)
    assert (
        not AttemptItem.objects.filter(attempt=exam["other"])
        .exclude(answer=[])
        .exists()
    )


@FUZZ
@given(data=st.data())
@example(data=None)
def test_random_answer_bodies_never_500_and_store_only_own_options(exam, data):
    bodies = (
        [
            b"[" * 50_000,
            b"\xff\xfe",
            b"1e400",
            b'{"question": 1e400}',
            b'{"question": 1180591620717411303424}',
        ]
        if data is None
        else [data.draw(st.one_of(answer_bodies(exam), st.binary(max_size=64)))]
    )
    url = reverse("exams:answer", args=[exam["attempt"].pk])
    for body in bodies:
        with rolled_back():
            response = exam["client"].post(url, body, content_type="application/json")
            assert response.status_code in (200, 400, 404, 409), (body, response)
            payload = response.json()
            if response.status_code != 200:
                assert payload["ok"] is False and has_chinese(payload["error"])
            _stored_answers_are_own(exam)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.one_of(
        st.binary(max_size=64), json_value.map(lambda v: json.dumps(v).encode())
    ),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded"]
    ),
)
def test_random_hand_in_bodies_never_500(exam, body, content_type):
    url = reverse("exams:submit", args=[exam["attempt"].pk])
    with rolled_back():
        response = exam["client"].post(url, body, content_type=content_type)
        assert response.status_code in (200, 302), response
        _stored_answers_are_own(exam)
