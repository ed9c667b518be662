import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enrollment import services
from enrollment.models import TrainingSession
from enrollment.services import (
    SESSION_CAPACITY_BELOW_TAKEN,
    SESSION_CAPACITY_OVER_QUOTA,
    SESSION_CAPACITY_POSITIVE,
    SESSION_END_BEFORE_START,
    SESSION_LINE_NOT_OURS,
    SESSION_TOO_SHORT,
)

from .factories import (
    PlanLineFactory,
    ProgrammeFactory,
    TrainerFactory,
    TrainingSessionFactory,
    representative_in,
)

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2030, 5, 6, 9, 0))


def _create(trainer, line, **overrides):
    kwargs = {
        "actor": trainer,
        "plan_line": line,
        "title": "信用修复专题培训",
        "mode": TrainingSession.Mode.OFFLINE,
        "venue": "会议中心",
        "starts_at": START,
        "ends_at": START + datetime.timedelta(hours=3),
        "capacity": 30,
        "publish": True,
    }
    kwargs.update(overrides)
    return services.session_create(**kwargs)


@pytest.fixture
def trainer():
    return TrainerFactory()


@pytest.fixture
def line(trainer):
    return PlanLineFactory(agency=trainer.agency, planned_count=100)


@pytest.mark.smoke
def test_class_hours_come_from_the_times_and_rule(trainer, line):
    session = _create(trainer, line, ends_at=START + datetime.timedelta(hours=3.5))
    assert session.class_hours == Decimal("3.5")
    assert list(session.trainers.all()) == [trainer]


def test_class_hour_length_is_the_rules(trainer):
    programme = ProgrammeFactory(
        rule_profile__class_hour_minutes=45, rule_profile__min_class_hours=4
    )
    line = PlanLineFactory(programme=programme, agency=trainer.agency)
    session = _create(trainer, line)
    assert session.class_hours == Decimal("4.0")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_at": START + datetime.timedelta(hours=2)},
            "ends_at",
            SESSION_TOO_SHORT.format(hours=Decimal("2.0"), minimum=3, minutes=60),
        ),
        (
            {"ends_at": START - datetime.timedelta(hours=1)},
            "ends_at",
            SESSION_END_BEFORE_START,
        ),
        ({"ends_at": START}, "ends_at", SESSION_END_BEFORE_START),
        ({"capacity": 0}, "capacity", SESSION_CAPACITY_POSITIVE),
        ({"capacity": -5}, "capacity", SESSION_CAPACITY_POSITIVE),
        (
            {"capacity": 101},
            "capacity",
            SESSION_CAPACITY_OVER_QUOTA.format(planned=100),
        ),
    ],
)
def test_bad_session_input_names_the_field_and_writes_nothing(
    trainer, line, overrides, field, message
):
    with pytest.raises(ValidationError) as exc:
        _create(trainer, line, **overrides)
    assert exc.value.message_dict[field] == [message]
    assert not TrainingSession.objects.exists()


def test_trainer_cannot_schedule_under_another_agencys_line(trainer):
    foreign = PlanLineFactory()
    with pytest.raises(ValidationError) as exc:
        _create(trainer, foreign)
    assert exc.value.message_dict["plan_line"] == [SESSION_LINE_NOT_OURS]


def test_capacity_cannot_drop_below_enrolled(trainer, line):
    session = _create(
        trainer,
        line,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        ends_at=timezone.now() + datetime.timedelta(days=2, hours=3),
    )
    for _ in range(2):
        rep = representative_in(line.region)
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    with pytest.raises(ValidationError) as exc:
        services.session_update(actor=trainer, session=session, capacity=1)
    assert exc.value.message_dict["capacity"] == [
        SESSION_CAPACITY_BELOW_TAKEN.format(taken=2)
    ]


def test_raising_capacity_promotes_the_waitlist(trainer, line):
    session = TrainingSessionFactory(plan_line=line, capacity=1)
    reps = [representative_in(line.region) for _ in range(2)]
    for rep in reps:
        services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    services.session_update(actor=trainer, session=session, capacity=2)
    assert session.enrolments.filter(status="enrolled").count() == 2


def test_trainer_creates_session_through_the_page(client, trainer, line):
    client.force_login(trainer)
    response = client.post(
        reverse("enrollment:session_create"),
        {
            "plan_line": line.pk,
            "title": "页面创建的场次",
            "mode": "online",
            "venue": "线上会议室",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T10:00",
            "capacity": 20,
            "publish": "on",
        },
    )
    assert response.status_code == 200
    assert "少于规则要求的 3 学时" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_trainer_sees_roster_with_letter_status(client, trainer, line):
    from .factories import PenaltyRecordFactory

    session = TrainingSessionFactory(plan_line=line)
    rep = representative_in(line.region)
    PenaltyRecordFactory(enterprise=rep.enterprise)
    services.enrolment_create(session=session, enterprise=rep.enterprise, actor=rep)
    client.force_login(trainer)
    page = client.get(reverse("enrollment:session_roster", args=[session.pk]))
    html = page.content.decode()
    assert rep.enterprise.name in html
    assert "缺 1/1" in html


def test_other_agencys_trainer_gets_404_for_roster(client, line):
    session = TrainingSessionFactory(plan_line=line)
    client.force_login(TrainerFactory())
    url = reverse("enrollment:session_roster", args=[session.pk])
    assert client.get(url).status_code == 404


def test_trainer_edits_session_through_the_page(client, trainer, line):
    session = TrainingSessionFactory(plan_line=line, capacity=10)
    client.force_login(trainer)
    url = reverse("enrollment:session_edit", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "改名后的场次",
            "mode": "offline",
            "venue": "新会场",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T13:00",
            "capacity": 0,
        },
    )
    assert SESSION_CAPACITY_POSITIVE in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 10
    response = client.post(
        url,
        {
            "title": "改名后的场次",
            "mode": "offline",
            "venue": "新会场",
            "starts_at": "2030-05-06T09:00",
            "ends_at": "2030-05-06T13:00",
            "capacity": 12,
            "status": "finished",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.capacity, session.class_hours) == (
        "改名后的场次",
        12,
        Decimal("4.0"),
    )
    # The form has no status: a posted one is ignored.
    assert session.status == TrainingSession.Status.OPEN


def test_trainers_must_belong_to_the_lines_agency(trainer, line):
    from enrollment.services import SESSION_TRAINER_NOT_AGENCY

    colleague = TrainerFactory(agency=trainer.agency)
    stranger = TrainerFactory()
    session = _create(trainer, line, trainers=[trainer, colleague])
    assert set(session.trainers.all()) == {trainer, colleague}
    with pytest.raises(ValidationError) as exc:
        services.session_update(actor=trainer, session=session, trainers=[stranger])
    assert exc.value.message_dict["trainers"] == [
        SESSION_TRAINER_NOT_AGENCY.format(names=str(stranger))
    ]
    assert set(session.trainers.all()) == {trainer, colleague}


def test_sessions_left_open_after_their_end_become_finished():
    now = timezone.now()
    ended = TrainingSessionFactory(
        status=TrainingSession.Status.LIVE,
        starts_at=now - datetime.timedelta(hours=5),
        ends_at=now - datetime.timedelta(hours=1),
    )
    running = TrainingSessionFactory(
        status=TrainingSession.Status.LIVE,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
    )
    draft = TrainingSessionFactory(
        status=TrainingSession.Status.DRAFT,
        starts_at=now - datetime.timedelta(hours=5),
        ends_at=now - datetime.timedelta(hours=1),
    )

    assert services.sessions_finish_ended(now=now) == 1
    assert services.sessions_finish_ended(now=now) == 0

    statuses = {
        s.pk: s.status
        for s in TrainingSession.objects.filter(pk__in=[ended.pk, running.pk, draft.pk])
    }
    assert statuses == {
        ended.pk: TrainingSession.Status.FINISHED,
        running.pk: TrainingSession.Status.LIVE,
        draft.pk: TrainingSession.Status.DRAFT,
    }
