"""Writes about users: notifications (in-site notice, live push, optional mail)."""

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from .models import Notice, User
from .selectors import representative_list

logger = logging.getLogger(__name__)


def notice_group(user_id: int) -> str:
    """The channel-layer group that carries one user's live notices."""
    return f"user-{user_id}"


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    mail: bool = False,
) -> list[Notice]:
    """Tell each user: an in-site notice now, and after the caller's transaction
    commits, a live push to their open pages and, with `mail`, an email.

    The notices are part of the caller's transaction (a rollback leaves none and
    sends nothing). Delivery happens only here, after commit, and never fails the
    caller: a push or mail that fails is logged.
    """
    notices = [
        Notice.objects.create(user=user, title=title, body=body, url=url)
        for user in users
    ]
    if notices:
        transaction.on_commit(
            lambda: notices_deliver(notices=notices, mail=mail), robust=True
        )
    return notices


def representatives_notify(
    *, enterprise_id: int, title: str, body: str = "", url: str = "", mail: bool = False
) -> list[Notice]:
    """`notify` the active representatives of an enterprise."""
    return notify(
        users=representative_list(enterprise_id=enterprise_id),
        title=title,
        body=body,
        url=url,
        mail=mail,
    )


def notices_deliver(*, notices: list[Notice], mail: bool) -> None:
    """Push each notice live and, with `mail`, hand its email to the mail queue (a
    background job, accounts.jobs.notice_mail_send); log failures."""
    from .jobs import notice_mail_send

    layer = get_channel_layer()
    for notice in notices:
        if layer is not None:
            try:
                async_to_sync(layer.group_send)(
                    notice_group(notice.user_id),
                    {
                        "type": "notice.created",
                        "id": notice.pk,
                        "title": notice.title,
                        "url": notice.url,
                    },
                )
            except Exception:
                logger.exception("live push of notice %s failed", notice.pk)
        if mail and notice.user.email:
            try:
                notice_mail_send.enqueue(notice_id=notice.pk)
            except Exception:
                logger.exception("mail of notice %s could not be queued", notice.pk)


def notice_mark_read(*, user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; return how many."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_id is not None:
        qs = qs.filter(pk=notice_id)
    return qs.update(read_at=timezone.now())
