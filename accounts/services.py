"""Writes about users: in-site notices."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from .models import Notice, User


def notice_group(user_id: int) -> str:
    """The channel-layer group that carries one user's live notices."""
    return f"user-{user_id}"


@transaction.atomic
def notice_send(*, user: User, title: str, body: str = "", url: str = "") -> Notice:
    """Create an in-site notice and push it to the user's open pages on commit."""
    notice = Notice.objects.create(user=user, title=title, body=body, url=url)

    def push():
        layer = get_channel_layer()
        if layer is None:
            return
        async_to_sync(layer.group_send)(
            notice_group(user.pk),
            {
                "type": "notice.created",
                "id": notice.pk,
                "title": notice.title,
                "url": notice.url,
            },
        )

    transaction.on_commit(push)
    return notice


def notice_mark_read(*, user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; return how many."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_id is not None:
        qs = qs.filter(pk=notice_id)
    return qs.update(read_at=timezone.now())
