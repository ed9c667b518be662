"""Background jobs of the accounts app: mail delivery of notices."""

from jobs import MAIL_QUEUE, job

from .services import notice_mail


@job(queue=MAIL_QUEUE)
def notice_mail_send(*, notice_id: int) -> None:
    """Email one notice to its user, off the request, on the mail queue."""
    notice_mail(notice_id=notice_id)
