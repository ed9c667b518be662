"""In-site notice and email to an enterprise's representatives (shared by services)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from accounts.models import User
from accounts.services import notice_send
from enterprises.models import Enterprise


def representatives_notify(
    *, enterprise: Enterprise, title: str, body: str, url: str = ""
) -> int:
    """Send an in-site notice now and an email on commit to each representative."""
    users = list(User.objects.filter(enterprise=enterprise, role=User.Role.ENTERPRISE))
    for user in users:
        notice_send(user=user, title=title, body=body, url=url)
    emails = [u.email for u in users if u.email]
    if emails:
        transaction.on_commit(
            lambda: send_mail(
                title, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True
            )
        )
    return len(users)
