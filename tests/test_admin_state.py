"""The Django admin cannot write counters or statuses: quotas, capacities, seat
counters and every status change only through the audited services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from certificates import services as certificate_services
from certificates.models import Certificate, RepairApplication
from certificates.tests.factories import eligible_enrolment
from common.admin import ReadOnlyAdminMixin
from common.models import AuditEntry
from enrollment.models import Enrolment, PlanLine, TrainingSession
from exams.models import Attempt
from tests.factories import (
    AdminFactory,
    EnrolmentFactory,
    PlanLineFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def _change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def _add_url(model) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def test_admin_cannot_change_a_sessions_capacity_seats_or_status(admin_client):
    session = TrainingSessionFactory(capacity=2)
    EnrolmentFactory(session=session, status=Enrolment.Status.WAITLISTED)
    response = admin_client.post(
        _change_url(session),
        {"capacity": 50, "seats_taken": 0, "status": "finished", "title": "改名"},
    )
    assert response.status_code == 403
    session.refresh_from_db()
    assert (session.capacity, session.status) == (2, TrainingSession.Status.OPEN)
    assert session.title != "改名"
    assert admin_client.post(_add_url(TrainingSession), {}).status_code == 403


def test_admin_shows_a_session_read_only(admin_client):
    session = TrainingSessionFactory()
    response = admin_client.get(_change_url(session))
    assert response.status_code == 200
    assert 'name="capacity"' not in response.content.decode()


def test_admin_cannot_change_a_plan_lines_quota_or_counter(admin_client):
    line = PlanLineFactory(planned_count=10)
    response = admin_client.post(
        _change_url(line),
        {
            "label": "新标签",
            "planned_count": 999,
            "enrolled_count": 7,
            "contact_person": "王五",
            "contact_phone": "13900001111",
            "service_group": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    line.refresh_from_db()
    assert (line.planned_count, line.enrolled_count) == (10, 0)
    assert line.contact_person == "王五"  # what the admin may edit, it edits
    assert admin_client.post(_add_url(PlanLine), {}).status_code == 403


def test_programme_page_cannot_change_its_lines_quota(admin_client):
    line = PlanLineFactory(planned_count=10)
    programme = line.programme
    prefix = "plan_lines"
    response = admin_client.post(
        _change_url(programme),
        {
            "name": programme.name,
            "year": programme.year,
            "city": programme.city_id,
            "kind": programme.kind,
            "rule_profile": programme.rule_profile_id,
            "is_active": "on",
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-INITIAL_FORMS": 1,
            f"{prefix}-0-id": line.pk,
            f"{prefix}-0-programme": programme.pk,
            f"{prefix}-0-label": line.label,
            f"{prefix}-0-region": line.region_id,
            f"{prefix}-0-planned_count": 999,
            f"{prefix}-0-agency": line.agency_id,
            f"{prefix}-0-contact_person": "",
            f"{prefix}-0-contact_phone": "",
            f"{prefix}-0-service_group": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    line.refresh_from_db()
    assert line.planned_count == 10


def test_admin_cannot_change_an_enrolments_status(admin_client):
    enrolment = EnrolmentFactory()
    response = admin_client.post(_change_url(enrolment), {"status": "cancelled"})
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    delete = reverse("admin:enrollment_enrolment_delete", args=[enrolment.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_admin_cannot_change_attempt_certificate_or_application_statuses(
    admin_client,
):
    enrolment = eligible_enrolment()
    attempt = Attempt.objects.get(enrolment=enrolment)
    certificate = certificate_services.certificate_issue(
        enrolment=enrolment, exam_score=90
    )
    penalty = certificate.penalties.first()
    application = certificate_services.repair_application_set(
        penalty=penalty,
        status=RepairApplication.Status.PREPARED,
        on=certificate.issued_at.date(),
        actor=AdminFactory(),
    )
    for obj, data in (
        (attempt, {"status": "open", "passed": "", "score": "0"}),
        (certificate, {"status": "revoked", "revoked_reason": "后台改"}),
        (application, {"status": "approved"}),
    ):
        assert admin_client.post(_change_url(obj), data).status_code == 403
    attempt.refresh_from_db()
    certificate.refresh_from_db()
    application.refresh_from_db()
    assert attempt.passed is True
    assert certificate.status == Certificate.Status.VALID
    assert application.status == RepairApplication.Status.PREPARED
    for model in (Attempt, Certificate, RepairApplication):
        assert admin_client.post(_add_url(model), {}).status_code == 403


def test_the_audit_log_cannot_be_edited_or_deleted_in_the_admin(admin_client):
    entry = AuditEntry.objects.create(action="test.entry")
    assert admin_client.post(_change_url(entry), {"action": "x"}).status_code == 403
    delete = reverse("admin:common_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.entry"


@pytest.mark.parametrize(
    "model",
    [TrainingSession, Enrolment, Attempt, Certificate, RepairApplication, AuditEntry],
    ids=lambda m: m.__name__,
)
def test_stateful_models_use_the_one_read_only_admin(model):
    assert isinstance(admin.site._registry[model], ReadOnlyAdminMixin)
