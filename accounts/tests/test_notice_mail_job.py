"""Mail of a notice is a background job on the mail queue: the request only enqueues
it; a worker sends it, and a mail server that is down fails the job, not the user."""

import pytest
from django.core import mail
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.services import notify
from accounts.tests.test_notify import FAILING_BACKEND
from jobs.tests.workers import run_claimed
from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "mail"],
        }
    }


def _run_queued_mail() -> DBTaskResult:
    return run_claimed(
        DBTaskResult.objects.get(task_path="accounts.jobs.notice_mail_send")
    )


def test_notice_mail_is_queued_after_commit_and_sent_by_a_worker(
    database_queue, django_capture_on_commit_callbacks
):
    rep = RepresentativeFactory(email="rep@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[rep], title="开课提醒", body="明天开课", mail=True)

    assert mail.outbox == []  # the request sent nothing itself
    queued = DBTaskResult.objects.get(task_path="accounts.jobs.notice_mail_send")
    assert (queued.queue_name, queued.status) == ("mail", TaskResultStatus.READY)

    assert _run_queued_mail().status == TaskResultStatus.SUCCESSFUL
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("开课提醒", ["rep@example.com"])
    ]


def test_a_mail_server_that_is_down_fails_the_job_only(
    database_queue, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    rep = RepresentativeFactory(email="rep@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notices = notify(users=[rep], title="开课提醒", mail=True)

    row = _run_queued_mail()

    assert notices[0].pk  # the caller's work stands
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
