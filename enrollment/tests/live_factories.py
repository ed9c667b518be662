"""Builders for live-session tests: a running session, its trainer and attendees."""

import datetime as dt

from django.utils import timezone

from enrollment.models import TrainingSession
from tests.factories import (
    CommitmentLetterFactory,
    EnrolmentFactory,
    PenaltyRecordFactory,
    RepresentativeFactory,
    TrainerFactory,
    TrainingSessionFactory,
)

START = timezone.make_aware(dt.datetime(2026, 11, 24, 9, 0))


def live_session(*, mode=TrainingSession.Mode.OFFLINE, starts_at=START, **kwargs):
    """A 3-hour session with one trainer (session.trainer_user for convenience)."""
    trainer = TrainerFactory()
    kwargs.setdefault("status", TrainingSession.Status.LIVE)
    session = TrainingSessionFactory(
        mode=mode,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        **kwargs,
    )
    session.trainers.add(trainer)
    session.trainer_user = trainer
    return session


def attendee_of(session, *, letters_signed=True):
    """An enterprise representative enrolled in `session`, letters signed or not."""
    enrolment = EnrolmentFactory(session=session)
    user = RepresentativeFactory(enterprise=enrolment.enterprise)
    enrolment.attendee = user
    enrolment.save(update_fields=["attendee"])
    penalty = PenaltyRecordFactory(enterprise=enrolment.enterprise)
    if letters_signed:
        CommitmentLetterFactory(penalty=penalty, signer=user)
    user.live_enrolment = enrolment
    return user
