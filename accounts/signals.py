"""Security events of Django's own sign-in machinery, written to the audit log.

Django announces sign-in, sign-out and failed sign-in with its auth signals (from
every login view: the site's, the Django admin's, Wagtail's); these receivers are
the one place that records them.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from common.audit import audit_record, client_ip
from common.models import AuditEntry

from .middleware import LAST_SEEN

SECURITY = AuditEntry.Kind.SECURITY


def _path(request) -> str:
    return getattr(request, "path", "") if request is not None else ""


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:  # the idle clock starts at sign-in
        session[LAST_SEEN] = time.time()
    audit_record(
        actor=user,
        action="auth.login",
        kind=SECURITY,
        obj=user,
        detail={"path": _path(request), "method": getattr(user, "login_method", "")},
        ip_address=client_ip(request),
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is None:  # no one was signed in
        return
    audit_record(
        actor=user,
        action="auth.logout",
        kind=SECURITY,
        obj=user,
        detail={"path": _path(request)},
        ip_address=client_ip(request),
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=None,
        action="auth.login_failed",
        kind=SECURITY,
        scope=str(credentials.get("username", ""))[:150],
        detail={"path": _path(request)},
        ip_address=client_ip(request),
    )


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def audit_lockout(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        actor=None,
        action="auth.lockout",
        kind=SECURITY,
        scope=str(username or "")[:150],
        detail={"path": _path(request)},
        ip_address=client_ip(request) or ip_address,
    )
