"""Login lockout (django-axes): the Chinese lockout page, and the same check for
the endpoints that take a code instead of a password (code login, reset)."""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render
from django.utils import timezone

LOCKED_OUT = (
    "登录失败次数过多，该账号在本设备上已锁定 {minutes} 分钟，请于 {until} 后再试。"
)


def _retry_at(username: str, ip_address: str | None):
    """When the lock of `username` from `ip_address` ends (now + cool-off if the
    attempt record is gone)."""
    from axes.models import AccessAttempt

    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )
    start = attempt.attempt_time if attempt else timezone.now()
    return start + settings.AXES_COOLOFF_TIME


def lockout_message(request, username: str) -> str:
    """The Chinese lockout message, naming when to retry (local time)."""
    from common.audit import client_ip

    until = timezone.localtime(_retry_at(username, client_ip(request)))
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return LOCKED_OUT.format(minutes=minutes, until=f"{until:%H:%M}")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page in the site's layout, status 429."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "accounts/lockout.html",
        {"message": lockout_message(request, username)},
        status=429,
    )


def is_locked_out(request, username: str) -> bool:
    """Whether `username` from this client is locked (django-axes' own check)."""
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": username})


def code_failure_record(request, username: str) -> None:
    """Count a wrong code as a failed login: django-axes counts it toward the
    lockout and the audit log records it (accounts.signals)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": username}, request=request
    )
