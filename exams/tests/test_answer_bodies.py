"""Malformed autosave bodies found by tests/fuzz get a 400, never a 500 (issue 10)."""

import pytest
from django.urls import reverse

from exams import services
from exams.views import BAD_JSON

from .factories import exam_setup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 50_000,  # nested past Python's recursion limit
        b'{"question": 1e400}',  # parses as infinity
        b'{"question": 1180591620717411303424}',  # beyond a database id
        b'{"question": 1, "options": [-5]}',
    ],
)
def test_malformed_answer_body_is_a_400_with_the_format_message(client, body):
    _, user, enrolment = exam_setup()
    attempt = services.attempt_start(enrolment=enrolment, candidate=user)
    client.force_login(user)
    response = client.post(
        reverse("exams:answer", args=[attempt.pk]),
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"] == BAD_JSON
