"""Background jobs of the accounts app: mail delivery of notices."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from jobs import MAIL_QUEUE, job

from .models import Notice

logger = logging.getLogger(__name__)


@job(queue=MAIL_QUEUE)
def notice_mail_send(*, notice_id: int) -> None:
    """Email one notice to its user, off the request, on the mail queue; a failure
    is logged and fails the job (never the request that made the notice)."""
    notice = Notice.objects.select_related("user").get(pk=notice_id)
    try:
        send_mail(
            notice.title,
            notice.body,
            settings.DEFAULT_FROM_EMAIL,
            [notice.user.email],
            fail_silently=False,
        )
    except Exception:
        logger.exception(
            "mail of notice %s to user %s failed", notice.pk, notice.user_id
        )
        raise
