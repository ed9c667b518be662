"""The queue in one process: schedules, periodic enqueueing, the worker's guarded
finish and the recovery of dead workers' jobs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import declare, services
from jobs.declare import Periodic, Schedule
from jobs.models import WorkerHeartbeat
from jobs.tests import sample_jobs
from jobs.tests.workers import worker as _worker

pytestmark = pytest.mark.django_db


def _at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def _claimed(result, worker_id: str = "w-test") -> DBTaskResult:
    row = DBTaskResult.objects.get(id=result.id)
    row.claim(worker_id)
    return row


def test_daily_schedule_slot_starts_at_its_local_time():
    daily = Schedule(datetime.timedelta(days=1), datetime.time(8, 0))

    assert daily.slot(_at(2026, 3, 2, 7, 59)) == _at(2026, 3, 1, 8, 0)
    assert daily.slot(_at(2026, 3, 2, 8, 0)) == _at(2026, 3, 2, 8, 0)
    assert timezone.localtime(daily.slot(_at(2026, 3, 2, 23, 0))).hour == 8


def test_minute_schedule_slot_is_the_minute():
    minutely = Schedule(datetime.timedelta(minutes=1))

    assert minutely.slot(_at(2026, 3, 2, 7, 59, 42)) == _at(2026, 3, 2, 7, 59)


def test_periodic_job_is_enqueued_once_per_slot(database_queue, monkeypatch):
    monkeypatch.setattr(
        declare,
        "PERIODIC",
        {"noop": Periodic(sample_jobs.noop, Schedule(datetime.timedelta(minutes=1)))},
    )
    monkeypatch.setattr(services, "PERIODIC", declare.PERIODIC)
    t = _at(2026, 3, 2, 9, 0, 5)

    assert services.periodic_jobs_enqueue(now=t) == ["noop"]
    assert services.periodic_jobs_enqueue(now=t + datetime.timedelta(seconds=50)) == []
    assert services.periodic_jobs_enqueue(now=t + datetime.timedelta(minutes=1)) == [
        "noop"
    ]
    assert DBTaskResult.objects.filter(task_path__endswith=".noop").count() == 2


def test_the_real_periodic_jobs_are_declared_in_code():
    names = {name.rsplit(".", 1)[1] for name in declare.PERIODIC}

    assert {
        "close_expired_attempts",
        "notify_repair_eligible",
        "send_session_reminders",
        "finish_ended_sessions",
    } <= names


def test_worker_runs_a_job_and_marks_it_successful(database_queue):
    result = sample_jobs.make_group.enqueue(name="甲组")

    _worker().run_task(_claimed(result))

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == Group.objects.get(name="甲组").pk


def test_failing_job_is_recorded_as_failed(database_queue):
    result = sample_jobs.fail_always.enqueue()

    _worker().run_task(_claimed(result))

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ValueError"


def _taken_over_while_running(name: str) -> DBTaskResult:
    result = sample_jobs.make_group.enqueue(name=name)
    row = _claimed(result, "w-slow")
    # Another worker claims the job again while the first is still running it.
    DBTaskResult.objects.filter(id=result.id).update(
        started_at=timezone.now() + datetime.timedelta(seconds=1),
        worker_ids=["w-slow", "w-other"],
    )
    _worker("w-slow").run_task(row)
    return DBTaskResult.objects.get(id=result.id)


def test_job_taken_over_meanwhile_is_not_marked_done_by_the_first(database_queue):
    row = _taken_over_while_running("乙组")

    assert row.status == TaskResultStatus.RUNNING
    assert row.worker_ids == ["w-slow", "w-other"]


@pytest.mark.postgres
def test_job_taken_over_meanwhile_has_its_writes_undone(database_queue):
    _taken_over_while_running("丙组")

    assert not Group.objects.filter(name="丙组").exists()


def test_job_of_a_dead_worker_goes_back_to_the_queue(database_queue):
    now = timezone.now()
    long_ago = now - datetime.timedelta(minutes=5)
    dead = _claimed(sample_jobs.noop.enqueue(), "w-dead")
    alive = _claimed(sample_jobs.noop.enqueue(), "w-alive")
    DBTaskResult.objects.filter(id__in=[dead.id, alive.id]).update(started_at=long_ago)
    WorkerHeartbeat.objects.create(
        worker_id="w-dead", hostname="h", pid=1, started_at=long_ago, last_seen=long_ago
    )
    WorkerHeartbeat.objects.create(
        worker_id="w-alive", hostname="h", pid=2, started_at=long_ago, last_seen=now
    )

    assert services.jobs_requeue_abandoned(now=now) == 1

    assert DBTaskResult.objects.get(id=dead.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(id=alive.id).status == TaskResultStatus.RUNNING


def test_job_that_lost_too_many_workers_fails(database_queue):
    now = timezone.now()
    row = _claimed(sample_jobs.noop.enqueue(), "w-3")
    DBTaskResult.objects.filter(id=row.id).update(
        worker_ids=["w-1", "w-2", "w-3"], started_at=now - datetime.timedelta(hours=1)
    )

    assert services.jobs_requeue_abandoned(now=now) == 1

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == services.WORKER_LOST
