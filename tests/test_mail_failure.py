"""A mail server that is down never turns a user's action into a 500."""

import logging

import pytest
from django.urls import reverse

from accounts.models import Notice
from accounts.tests.test_notify import FAILING_BACKEND
from enrollment.models import Enrolment
from tests.factories import RepresentativeFactory, TrainingSessionFactory


@pytest.mark.django_db(transaction=True)
def test_enrolling_while_the_mail_server_is_down_is_no_500(client, settings, caplog):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    session = TrainingSessionFactory()
    rep = RepresentativeFactory(
        email="rep@example.com", enterprise__region=session.plan_line.region
    )
    client.force_login(rep)
    with caplog.at_level(logging.ERROR, logger="accounts.services"):
        response = client.post(reverse("enrollment:session_enrol", args=[session.pk]))
    assert response.status_code == 302
    assert Enrolment.objects.filter(enterprise=rep.enterprise).exists()
    assert Notice.objects.filter(user=rep, title__startswith="报名成功").exists()
    assert "mail of notice" in caplog.text
