"""Session rules for signed-in users: idle timeout and the staff's second factor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from common.audit import audit_record, client_ip
from common.models import AuditEntry

from .models import User

SESSION_EXPIRED = "您已 {minutes} 分钟未操作，为保护账户安全已自动退出，请重新登录。"
LAST_SEEN = "last_seen"
# Write the timestamp at most this often, not on every request.
TOUCH_SECONDS = 60


def idle_minutes(user) -> int:
    """How long `user` may stay idle: staff less than representatives."""
    if user.role == User.Role.ENTERPRISE and not user.is_superuser:
        return settings.SESSION_IDLE_MINUTES
    return settings.SESSION_IDLE_MINUTES_STAFF


class IdleTimeoutMiddleware:
    """End a session idle for longer than idle_minutes(user) (GB/T 22239 level 3:
    session timeout); the logout is audited."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            minutes = idle_minutes(user)
            if last is not None and now - last > minutes * 60:
                audit_record(
                    actor=user,
                    action="auth.session_expired",
                    kind=AuditEntry.Kind.SECURITY,
                    obj=user,
                    ip_address=client_ip(request),
                )
                logout(request)
                messages.info(request, SESSION_EXPIRED.format(minutes=minutes))
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if last is None or now - last > TOUCH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def second_factor_required(user) -> bool:
    """City offices and administrators confirm a second factor when it is on."""
    if not getattr(settings, "OTP_REQUIRED_FOR_STAFF", False):
        return False
    return user.is_superuser or user.role in (User.Role.CITY_OFFICE, User.Role.ADMIN)


# Paths a user who still owes the second factor may open.
OTP_OPEN_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/accounts/language/")


class SecondFactorMiddleware:
    """Send staff who signed in with a password alone to the second-factor page
    (set-up on first use), for the site, the Django admin and the Wagtail admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and second_factor_required(user)
            and not user.is_verified()
            and not request.path.startswith(OTP_OPEN_PREFIXES)
            and not request.path.startswith(settings.STATIC_URL)
        ):
            return redirect(f"{reverse('accounts:otp')}?next={request.path}")
        return self.get_response(request)
