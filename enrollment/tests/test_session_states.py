"""A session's status moves only through declared, audited transitions: the trainer's
pages publish and close enrolment, the live console starts and finishes the session,
and the periodic job finishes a session left open with the same transition."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.models import AuditEntry
from enrollment import services
from enrollment.jobs import finish_ended_sessions
from enrollment.models import Attendance, TrainingSession
from enrollment.services import live
from enrollment.signin import signin_code_for
from enrollment.tests.live_factories import START, attendee_of, live_session
from tests.factories import TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

Status = TrainingSession.Status
MIN = dt.timedelta(minutes=1)


def _actions(session) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="enrollment.TrainingSession",
            object_id=str(session.pk),
            action__startswith="session.",
        )
        .order_by("id")
        .values_list("action", flat=True)
    )


def _session_of(trainer, **kwargs):
    kwargs.setdefault("status", Status.DRAFT)
    session = TrainingSessionFactory(
        plan_line__agency=trainer.agency, starts_at=START, ends_at=START + 180 * MIN,
        **kwargs,
    )  # fmt: skip
    session.trainers.add(trainer)
    return session


@pytest.mark.smoke
def test_status_cannot_be_written_directly():
    session = TrainingSessionFactory(status=Status.OPEN)
    with pytest.raises(AttributeError):
        session.status = Status.FINISHED
    session.refresh_from_db()
    assert session.status == Status.OPEN


def test_enrolment_opens_closes_and_reopens_through_audited_transitions():
    trainer = TrainerFactory()
    session = _session_of(trainer)
    session = services.session_publish(session=session, actor=trainer)
    assert session.status == Status.OPEN
    session = services.session_close_enrolment(session=session, actor=trainer)
    assert session.status == Status.CLOSED
    session = services.session_reopen_enrolment(
        session=session, actor=trainer, ip_address="10.0.0.7"
    )
    assert TrainingSession.objects.get(pk=session.pk).status == Status.OPEN
    assert _actions(session) == [
        "session.publish",
        "session.close_enrolment",
        "session.reopen_enrolment",
    ]
    last = AuditEntry.objects.filter(action="session.reopen_enrolment").get()
    assert last.detail == {"from": "closed", "to": "open"}
    assert (last.actor, last.ip_address) == (trainer, "10.0.0.7")


def test_a_transition_the_status_does_not_allow_is_refused_in_chinese():
    trainer = TrainerFactory()
    session = _session_of(trainer, status=Status.OPEN)
    with pytest.raises(ValidationError) as exc:
        services.session_publish(session=session, actor=trainer)
    assert exc.value.message_dict["status"] == [
        services.SESSION_TRANSITION_REFUSED.format(status="报名中", action="发布报名")
    ]
    assert _actions(session) == []


def test_another_agencys_trainer_cannot_publish():
    session = _session_of(TrainerFactory())
    with pytest.raises(ValidationError):
        services.session_publish(session=session, actor=TrainerFactory())
    session.refresh_from_db()
    assert session.status == Status.DRAFT


def test_opening_sign_in_starts_the_session():
    session = live_session(status=Status.OPEN)
    live.signin_window_open(
        session=session, actor=session.trainer_user, now=START - 5 * MIN
    )
    session.refresh_from_db()
    assert session.status == Status.LIVE
    assert _actions(session) == ["session.go_live"]
    # Reopening sign-in later does not start it twice.
    live.signin_window_close(session=session, actor=session.trainer_user, now=START)
    live.signin_window_open(session=session, actor=session.trainer_user, now=START)
    assert _actions(session) == ["session.go_live"]


def test_a_draft_session_cannot_open_sign_in():
    session = live_session(status=Status.DRAFT)
    with pytest.raises(ValidationError) as exc:
        live.signin_window_open(session=session, actor=session.trainer_user, now=START)
    assert exc.value.messages == [live.SESSION_NOT_PUBLISHED]
    session.refresh_from_db()
    assert (session.status, session.signin_opened_at) == (Status.DRAFT, None)


def test_console_finishes_the_session_and_closes_its_windows(client, monkeypatch):
    from enrollment import clock

    session = live_session(status=Status.OPEN)
    user = attendee_of(session)
    trainer = session.trainer_user
    live.signin_window_open(session=session, actor=trainer, now=START - 5 * MIN)
    live.attendance_sign_in(
        session=session,
        user=user,
        code=signin_code_for(session=session, at=START),
        now=START,
    )
    live.signout_window_open(session=session, actor=trainer, now=START + 170 * MIN)
    monkeypatch.setattr(clock, "now", lambda: START + 175 * MIN)
    client.force_login(trainer)
    page = client.get(reverse("enrollment:live_console", args=[session.pk]))
    assert "结束培训" in page.content.decode()
    response = client.post(
        reverse("enrollment:live_window", args=[session.pk, "finish"])
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Status.FINISHED
    assert session.signin_closed_at == START + 175 * MIN
    assert session.signout_closed_at == START + 175 * MIN
    # The offline attendee who never signed out is credited as when the console
    # closes sign-out: up to the sign-out window's opening.
    attendance = Attendance.objects.get(enrolment__session=session)
    assert attendance.attended_seconds == 170 * 60
    assert _actions(session) == ["session.go_live", "session.finish"]
    assert (
        "结束培训"
        not in client.get(
            reverse("enrollment:live_console", args=[session.pk])
        ).content.decode()
    )
    # A finished session cannot be signed into again.
    with pytest.raises(ValidationError):
        live.signin_window_open(session=session, actor=trainer, now=START + 176 * MIN)


def test_a_session_cannot_be_finished_before_it_starts():
    session = live_session(status=Status.OPEN)
    with pytest.raises(ValidationError) as exc:
        services.session_finish(
            session=session, actor=session.trainer_user, now=START - MIN
        )
    assert exc.value.messages == [services.SESSION_NOT_STARTED]


def test_only_the_sessions_trainer_finishes_it():
    session = live_session()
    with pytest.raises(ValidationError):
        services.session_finish(
            session=session, actor=TrainerFactory(), now=START + 10 * MIN
        )


def test_the_periodic_job_finishes_a_session_left_open_with_the_same_transition(
    monkeypatch,
):
    from enrollment import clock

    session = live_session(status=Status.OPEN)
    live.signin_window_open(
        session=session, actor=session.trainer_user, now=START - 5 * MIN
    )
    monkeypatch.setattr(clock, "now", lambda: START + 200 * MIN)
    assert finish_ended_sessions.call() == 1
    session.refresh_from_db()
    assert session.status == Status.FINISHED
    assert session.signin_closed_at == START + 200 * MIN
    entry = AuditEntry.objects.get(action="session.finish")
    assert entry.actor is None
    assert entry.detail == {"from": "live", "to": "finished"}


def test_the_edit_page_offers_only_allowed_transitions_and_no_status_field(client):
    trainer = TrainerFactory()
    session = _session_of(trainer)
    client.force_login(trainer)
    url = reverse("enrollment:session_edit", args=[session.pk])
    html = client.get(url).content.decode()
    assert 'name="status"' not in html
    publish = reverse("enrollment:session_transition", args=[session.pk, "publish"])
    close = reverse(
        "enrollment:session_transition", args=[session.pk, "close_enrolment"]
    )
    assert publish in html and close not in html
    assert client.post(publish).status_code == 302
    session.refresh_from_db()
    assert session.status == Status.OPEN
    html = client.get(url).content.decode()
    assert close in html and publish not in html
    # Going live is the console's job, not a button here.
    bogus = reverse("enrollment:session_transition", args=[session.pk, "go_live"])
    assert client.post(bogus).status_code == 404
