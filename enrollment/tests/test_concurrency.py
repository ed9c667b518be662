"""Real concurrent enrolments on PostgreSQL: nothing is ever oversold."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from enrollment import services
from enrollment.models import Enrolment, PlanLine, TrainingSession

from .factories import (
    EnterpriseFactory,
    PlanLineFactory,
    RepresentativeFactory,
    TrainingSessionFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _connect() -> None:
    # The server allows ~97 clients (shared with other test runs), so a thread that
    # finds them all taken waits for one to free instead of failing.
    for _ in range(600):
        try:
            connection.ensure_connection()
            return
        except OperationalError as exc:
            if "too many clients" not in str(exc):
                raise
            connection.close()
            time.sleep(0.05)
    connection.ensure_connection()


def _race(jobs):
    """Run each job in its own thread (and DB connection), all released at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            _connect()
            outcomes[i] = job()
        except ValidationError as exc:
            outcomes[i] = exc
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_hundred_concurrent_enrolments_for_ten_seats():
    session = TrainingSessionFactory(capacity=10)
    reps = [
        RepresentativeFactory(
            enterprise=EnterpriseFactory(region=session.plan_line.region)
        )
        for _ in range(100)
    ]
    jobs = [
        (
            lambda rep=rep: services.enrolment_create(
                session=session, enterprise=rep.enterprise, actor=rep
            )
        )
        for rep in reps
    ]
    outcomes = _race(jobs)
    unexpected = [
        o for o in outcomes if not isinstance(o, (Enrolment, ValidationError))
    ]
    assert unexpected == []
    statuses = [o.status for o in outcomes if isinstance(o, Enrolment)]
    assert statuses.count(Enrolment.Status.ENROLLED) == 10
    assert statuses.count(Enrolment.Status.WAITLISTED) == 90
    assert session.enrolments.filter(status="enrolled").count() == 10
    assert TrainingSession.objects.get(pk=session.pk).seats_taken == 10


def test_same_enterprise_enrolling_concurrently_gets_one_place_and_a_clear_refusal():
    session = TrainingSessionFactory(capacity=10)
    rep = RepresentativeFactory(
        enterprise=EnterpriseFactory(region=session.plan_line.region)
    )
    jobs = [
        (
            lambda: services.enrolment_create(
                session=session, enterprise=rep.enterprise, actor=rep
            )
        )
        for _ in range(20)
    ]
    outcomes = _race(jobs)
    created = [o for o in outcomes if isinstance(o, Enrolment)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(created) == 1
    assert len(refused) == 19
    assert all("同一培训项目只能报名一次" in r.messages[0] for r in refused)


def test_concurrent_enrolments_across_sessions_respect_the_plan_line_quota():
    line = PlanLineFactory(planned_count=7)
    sessions = [TrainingSessionFactory(plan_line=line, capacity=7) for _ in range(4)]
    reps = [
        RepresentativeFactory(enterprise=EnterpriseFactory(region=line.region))
        for _ in range(40)
    ]
    jobs = [
        (
            lambda rep=rep, s=sessions[i % 4]: services.enrolment_create(
                session=s, enterprise=rep.enterprise, actor=rep
            )
        )
        for i, rep in enumerate(reps)
    ]
    outcomes = _race(jobs)
    assert [o for o in outcomes if not isinstance(o, Enrolment)] == []
    assert line.enrolments.filter(status="enrolled").count() == 7
    assert PlanLine.objects.get(pk=line.pk).enrolled_count == 7
