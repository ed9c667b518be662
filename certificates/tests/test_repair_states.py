"""A repair application moves prepared → submitted → approved or rejected through
declared transitions, each audited as `repair.<transition>`; the progress form offers
only the statuses the current one may move to."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import RepairApplication
from certificates.tests.factories import eligible_enrolment
from common.models import AuditEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Status = RepairApplication.Status


def _certified():
    enrolment = eligible_enrolment(penalties=1)
    cert = services.certificate_issue(enrolment=enrolment, exam_score=90)
    return cert, cert.penalties.get(), enrolment.attendee


@pytest.mark.smoke
def test_the_status_cannot_be_written_directly():
    application = RepairApplication()
    assert application.status == Status.PREPARED
    with pytest.raises(AttributeError):
        application.status = Status.APPROVED


def test_each_transition_is_audited_with_a_dotted_name():
    _, penalty, rep = _certified()
    day = TODAY - datetime.timedelta(days=3)
    services.repair_application_prepare(penalty=penalty, on=day, actor=rep)
    services.repair_application_submit(penalty=penalty, on=day, actor=rep)
    services.repair_application_reject(
        penalty=penalty, on=day, actor=rep, note="材料不全"
    )
    services.repair_application_submit(penalty=penalty, on=TODAY, actor=rep)
    app = services.repair_application_approve(penalty=penalty, on=TODAY, actor=rep)
    assert app.status == Status.APPROVED
    assert (app.submitted_on, app.decided_on) == (TODAY, TODAY)
    entries = AuditEntry.objects.filter(action__startswith="repair.").order_by("id")
    assert [(e.action, e.detail["from"], e.detail["to"]) for e in entries] == [
        ("repair.prepare", "", "prepared"),
        ("repair.submit", "prepared", "submitted"),
        ("repair.reject", "submitted", "rejected"),
        ("repair.submit", "rejected", "submitted"),
        ("repair.approve", "submitted", "approved"),
    ]


def test_an_approved_application_is_final():
    _, penalty, rep = _certified()
    services.repair_application_submit(penalty=penalty, on=TODAY, actor=rep)
    services.repair_application_approve(penalty=penalty, on=TODAY, actor=rep)
    for status in (Status.PREPARED, Status.SUBMITTED, Status.REJECTED):
        with pytest.raises(ValidationError) as exc:
            services.repair_application_set(
                penalty=penalty, status=status, on=TODAY, actor=rep, note="改"
            )
        assert "申请当前为“已通过”" in exc.value.message_dict["status"][0]
    assert RepairApplication.objects.get().status == Status.APPROVED


def test_a_submitted_application_cannot_go_back_to_prepared():
    _, penalty, rep = _certified()
    services.repair_application_submit(penalty=penalty, on=TODAY, actor=rep)
    with pytest.raises(ValidationError) as exc:
        services.repair_application_prepare(penalty=penalty, on=TODAY, actor=rep)
    assert exc.value.message_dict["status"] == [
        services.REPAIR_TRANSITION_REFUSED.format(
            current="已提交", action=services.REPAIR_ACTIONS["prepare"]
        )
    ]


def test_the_form_offers_only_the_next_statuses(client):
    cert, penalty, rep = _certified()
    client.force_login(rep)
    url = reverse("certificates:detail", args=[cert.pk])

    def offered():
        html = client.get(url).content.decode()
        return [v for v, _ in Status.choices if f'<option value="{v}">' in html]

    assert offered() == [Status.PREPARED, Status.SUBMITTED]
    services.repair_application_submit(penalty=penalty, on=TODAY, actor=rep)
    assert offered() == [Status.APPROVED, Status.REJECTED]
    services.repair_application_approve(penalty=penalty, on=TODAY, actor=rep)
    assert offered() == []
    assert reverse("certificates:repair_set", args=[penalty.pk]) not in (
        client.get(url).content.decode()
    )
