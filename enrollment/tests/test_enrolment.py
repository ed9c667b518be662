import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Notice
from common.models import AuditEntry
from enrollment import services
from enrollment.models import Enrolment, PlanLine, TrainingSession
from enrollment.services import (
    CANCEL_AFTER_START,
    ENROL_AFTER_START,
    ENROL_NOT_OPEN,
    ENROL_OUTSIDE_REGION,
    ENROL_SECTOR_BY_OFFICE,
    ENROL_TWICE,
    QUOTA_CITY_ONLY,
    QUOTA_NOT_HIGHER,
)

from .factories import (
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    PlanLineFactory,
    RegionFactory,
    TrainingSessionFactory,
    representative_in,
)

pytestmark = pytest.mark.django_db


def _message(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.mark.smoke
def test_representative_enrols_in_open_session_of_its_region():
    session = TrainingSessionFactory(capacity=2)
    rep = representative_in(session.plan_line.region)
    enrolment = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.programme == session.plan_line.programme
    session.refresh_from_db()
    assert session.seats_taken == 1
    assert PlanLine.objects.get(pk=session.plan_line_id).enrolled_count == 1
    assert Notice.objects.filter(user=rep, title__startswith="报名成功").exists()


def test_confirmation_email_goes_on_commit(django_capture_on_commit_callbacks):
    session = TrainingSessionFactory()
    rep = representative_in(session.plan_line.region, email="rep@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    assert [m.to for m in mail.outbox] == [["rep@example.com"]]
    assert "报名成功" in mail.outbox[0].subject


def test_joint_line_accepts_enterprise_of_extra_region():
    main, extra = RegionFactory(code="08"), RegionFactory(code="09")
    line = PlanLineFactory(region=main, label="开发区联合苏锡通园区")
    line.extra_regions.add(extra)
    session = TrainingSessionFactory(plan_line=line)
    rep = representative_in(extra)
    enrolment = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_enrolling_outside_ones_region_is_refused_and_writes_nothing():
    session = TrainingSessionFactory()
    rep = representative_in(RegionFactory(code="77"))
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    assert ENROL_OUTSIDE_REGION.split("{")[0] in _message(exc)
    assert "session" in exc.value.message_dict
    assert not Enrolment.objects.exists()


def test_enrolling_twice_in_one_programme_is_refused():
    session = TrainingSessionFactory()
    other = TrainingSessionFactory(plan_line=session.plan_line)
    rep = representative_in(session.plan_line.region)
    services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(session=other, enterprise=rep.enterprise, actor=rep)
    assert _message(exc) == ENROL_TWICE.format(session=session.title)
    assert Enrolment.objects.count() == 1


def test_enrolling_after_the_start_is_refused():
    start = timezone.now() - datetime.timedelta(minutes=5)
    session = TrainingSessionFactory(starts_at=start)
    rep = representative_in(session.plan_line.region)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    assert ENROL_AFTER_START.split("{")[0] in _message(exc)
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_draft_session_is_refused():
    session = TrainingSessionFactory(status=TrainingSession.Status.DRAFT)
    rep = representative_in(session.plan_line.region)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    assert _message(exc) == ENROL_NOT_OPEN.format(status="草稿")


def test_full_session_waitlists_and_cancellation_promotes_with_notice(
    django_capture_on_commit_callbacks,
):
    session = TrainingSessionFactory(capacity=1)
    first = representative_in(session.plan_line.region)
    second = representative_in(session.plan_line.region, email="second@example.com")
    a = services.enrolment_create(
        session=session, enterprise=first.enterprise, actor=first
    )
    b = services.enrolment_create(
        session=session, enterprise=second.enterprise, actor=second
    )
    assert b.status == Enrolment.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(enrolment=a, actor=first)
    b.refresh_from_db()
    assert b.status == Enrolment.Status.ENROLLED
    assert b.promoted_at is not None
    assert Notice.objects.filter(user=second, title__startswith="候补转正").exists()
    assert any("候补转正" in m.subject for m in mail.outbox)
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_plan_line_quota_bounds_distinct_enterprises_across_sessions():
    line = PlanLineFactory(planned_count=1)
    s1 = TrainingSessionFactory(plan_line=line, capacity=1)
    s2 = TrainingSessionFactory(plan_line=line, capacity=1)
    r1, r2 = representative_in(line.region), representative_in(line.region)
    services.enrolment_create(session=s1, enterprise=r1.enterprise, actor=r1)
    second = services.enrolment_create(session=s2, enterprise=r2.enterprise, actor=r2)
    assert second.status == Enrolment.Status.WAITLISTED
    assert line.enrolments.filter(status="enrolled").count() == 1


def test_city_office_raises_quota_with_audit_and_waitlist_moves_up():
    line = PlanLineFactory(planned_count=1)
    session = TrainingSessionFactory(plan_line=line, capacity=1)
    session2 = TrainingSessionFactory(plan_line=line, capacity=1)
    r1, r2 = representative_in(line.region), representative_in(line.region)
    services.enrolment_create(session=session, enterprise=r1.enterprise, actor=r1)
    waiting = services.enrolment_create(
        session=session2, enterprise=r2.enterprise, actor=r2
    )
    city = CityOfficerFactory()
    services.plan_line_quota_raise(
        actor=city, line=line, planned_count=2, reason="追加"
    )
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
    entry = AuditEntry.objects.get(action="plan_line.quota_raise")
    assert entry.detail == {"from": 1, "to": 2, "reason": "追加"}


def test_county_office_cannot_raise_quota():
    line = PlanLineFactory(planned_count=5)
    county = CountyOfficerFactory(office__region=line.region)
    with pytest.raises(ValidationError) as exc:
        services.plan_line_quota_raise(
            actor=county, line=line, planned_count=9, reason="x"
        )
    assert _message(exc) == QUOTA_CITY_ONLY
    line.refresh_from_db()
    assert line.planned_count == 5


def test_quota_must_go_up():
    line = PlanLineFactory(planned_count=5)
    with pytest.raises(ValidationError) as exc:
        services.plan_line_quota_raise(
            actor=CityOfficerFactory(), line=line, planned_count=5, reason="x"
        )
    assert _message(exc) == QUOTA_NOT_HIGHER.format(current=5)


def test_cancel_after_start_is_refused():
    session = TrainingSessionFactory()
    rep = representative_in(session.plan_line.region)
    enrolment = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    enrolment.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.enrolment_cancel(enrolment=enrolment, actor=rep)
    assert _message(exc) == CANCEL_AFTER_START
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_cancelled_enterprise_may_enrol_again_in_the_programme():
    session = TrainingSessionFactory()
    rep = representative_in(session.plan_line.region)
    first = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    services.enrolment_cancel(enrolment=first, actor=rep)
    again = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=rep
    )
    assert again.status == Enrolment.Status.ENROLLED


def test_office_bulk_enrols_a_list_all_or_nothing():
    session = TrainingSessionFactory(capacity=2)
    region = session.plan_line.region
    county = CountyOfficerFactory(office__region=region)
    inside = EnterpriseFactory.create_batch(3, region=region)
    created = services.enrolment_bulk_create(
        session=session, enterprises=inside, actor=county
    )
    assert [e.status for e in created] == ["enrolled", "enrolled", "waitlisted"]
    outsider = EnterpriseFactory(region=RegionFactory(code="66"))
    fresh = EnterpriseFactory(region=region)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_bulk_create(
            session=session, enterprises=[fresh, outsider], actor=county
        )
    assert outsider.name in _message(exc)
    assert not Enrolment.objects.filter(enterprise=fresh).exists()


def test_reminders_go_once_a_day_before(django_capture_on_commit_callbacks):
    soon = timezone.now() + datetime.timedelta(hours=20)
    session = TrainingSessionFactory(starts_at=soon)
    later = TrainingSessionFactory(
        starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    rep = representative_in(session.plan_line.region, email="r@example.com")
    rep2 = representative_in(later.plan_line.region)
    services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    services.enrolment_create(session=later, enterprise=rep2.enterprise, actor=rep2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.enrolment_send_reminders() == 1
        assert services.enrolment_send_reminders() == 0
    reminders = Notice.objects.filter(title__startswith="开课提醒")
    assert reminders.count() == 1
    assert "请携带" in reminders.get().body
    assert len(mail.outbox) == 1


@pytest.mark.smoke
def test_database_refuses_an_oversold_counter_even_without_the_service():
    session = TrainingSessionFactory(capacity=1, seats_taken=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingSession.objects.filter(pk=session.pk).update(
            seats_taken=F("seats_taken") + 1
        )


def test_database_refuses_an_oversold_plan_line():
    line = PlanLineFactory(planned_count=1, enrolled_count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanLine.objects.filter(pk=line.pk).update(
            enrolled_count=F("enrolled_count") + 1
        )


def test_sector_line_takes_any_region_by_the_city_office_only():
    line = PlanLineFactory(region=None, label="卫生健康领域")
    session = TrainingSessionFactory(plan_line=line)
    rep = representative_in(RegionFactory(code="03"))
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    assert _message(exc) == ENROL_SECTOR_BY_OFFICE.format(line="卫生健康领域")
    enrolment = services.enrolment_create(
        session=session, enterprise=rep.enterprise, actor=CityOfficerFactory()
    )
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.attendee == rep
