"""The one notification service: notice now, push and mail after commit, and a mail
failure is logged without touching the caller."""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from accounts.models import Notice
from accounts.services import notify
from tests.factories import RepresentativeFactory

FAILING_BACKEND = "accounts.tests.test_notify.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.mark.django_db
def test_notice_is_written_at_once_and_mail_waits_for_commit(
    django_capture_on_commit_callbacks,
):
    rep = RepresentativeFactory(email="rep@example.com")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notices = notify(users=[rep], title="报名成功", body="正文", mail=True)
    assert Notice.objects.filter(user=rep, title="报名成功").count() == 1
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing is sent before the commit
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["rep@example.com"]]
    assert (mail.outbox[0].subject, mail.outbox[0].body) == ("报名成功", "正文")
    assert notices[0].user == rep


@pytest.mark.django_db
def test_without_mail_only_the_notice_and_push_go_out(
    django_capture_on_commit_callbacks,
):
    rep = RepresentativeFactory(email="rep@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[rep], title="提醒函")
    assert mail.outbox == []
    assert Notice.objects.filter(user=rep).count() == 1


@pytest.mark.django_db
def test_each_user_gets_their_own_mail_and_users_without_address_none(
    django_capture_on_commit_callbacks,
):
    a = RepresentativeFactory(email="a@example.com")
    b = RepresentativeFactory(email="b@example.com")
    c = RepresentativeFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[a, b, c], title="开课提醒", mail=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert Notice.objects.filter(title="开课提醒").count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_caller_leaves_no_notice_and_sends_nothing():
    rep = RepresentativeFactory(email="rep@example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(users=[rep], title="不会发出", mail=True)
        raise RuntimeError("the caller fails after notifying")
    assert not Notice.objects.filter(title="不会发出").exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_failure_is_logged_and_the_callers_work_stays_committed(settings, caplog):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    rep = RepresentativeFactory(email="rep@example.com")
    with caplog.at_level(logging.ERROR, logger="accounts.services"):
        with transaction.atomic():
            notify(users=[rep], title="报名成功", mail=True)
    assert Notice.objects.filter(user=rep, title="报名成功").exists()
    assert "mail of notice" in caplog.text
    assert "SMTP server down" in caplog.text
