"""Moving a session with enrolments: the trainer is warned first, and every enrolled
enterprise is told the new time and place."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notice
from enrollment.models import Enrolment
from enrollment.selectors import SESSION_MOVE_INTO_PAST
from tests.factories import EnrolmentFactory, RepresentativeFactory

from .factories import PlanLineFactory, TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _form(session, **changes):
    data = {
        "title": session.title,
        "mode": session.mode,
        "venue": session.venue,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "capacity": session.capacity,
        "status": session.status,
    }
    data.update(changes)
    return data


@pytest.fixture
def booked():
    trainer = TrainerFactory()
    line = PlanLineFactory(agency=trainer.agency, planned_count=100)
    start = (timezone.now() + datetime.timedelta(days=7)).replace(
        second=0, microsecond=0
    )
    session = TrainingSessionFactory(
        plan_line=line, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    session.trainers.add(trainer)
    enrolment = EnrolmentFactory(session=session)
    rep = RepresentativeFactory(enterprise=enrolment.enterprise)
    waiting = EnrolmentFactory(session=session, status=Enrolment.Status.WAITLISTED)
    waiting_rep = RepresentativeFactory(enterprise=waiting.enterprise)
    cancelled = EnrolmentFactory(session=session, status=Enrolment.Status.CANCELLED)
    cancelled_rep = RepresentativeFactory(enterprise=cancelled.enterprise)
    return trainer, session, rep, waiting_rep, cancelled_rep


def test_moving_a_booked_session_into_the_past_warns_then_notifies(client, booked):
    trainer, session, rep, waiting_rep, cancelled_rep = booked
    client.force_login(trainer)
    url = reverse("enrollment:session_edit", args=[session.pk])
    old_start = session.starts_at
    past = timezone.localtime(timezone.now() - datetime.timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    changes = {
        "starts_at": past.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (past + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "海安市政务服务中心三楼",
    }
    page = client.post(url, _form(session, **changes)).content.decode()
    assert "该场次已有 1 家企业报名（另有候补 1 家）" in page
    start = past.strftime("%Y-%m-%d %H:%M")
    assert SESSION_MOVE_INTO_PAST.format(start=start) in page
    assert "确认改期并通知企业" in page
    session.refresh_from_db()
    assert session.starts_at == old_start
    assert not Notice.objects.exists()

    response = client.post(url, {**_form(session, **changes), "confirm_move": "1"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == past and session.venue == "海安市政务服务中心三楼"
    told = Notice.objects.filter(title=f"培训时间或地点变更：{session.title}")
    assert sorted(told.values_list("user_id", flat=True)) == sorted(
        [rep.pk, waiting_rep.pk]
    )
    body = told.get(user=rep).body
    assert start in body and "海安市政务服务中心三楼" in body
    assert not Notice.objects.filter(user=cancelled_rep).exists()


def test_renaming_a_booked_session_needs_no_confirmation(client, booked):
    trainer, session, rep, *_ = booked
    client.force_login(trainer)
    url = reverse("enrollment:session_edit", args=[session.pk])
    response = client.post(url, _form(session, title="改名后的场次"))
    assert response.status_code == 302
    assert not Notice.objects.filter(title__startswith="培训时间或地点变更").exists()
