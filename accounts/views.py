from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_http_methods

from common.audit import audit_record, client_ip
from common.models import AuditEntry

from . import selectors, services


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the change recorded in the audit log."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action="auth.password_change",
            kind=AuditEntry.Kind.SECURITY,
            obj=self.request.user,
            ip_address=client_ip(self.request),
        )
        return response


@login_required
@require_http_methods(["GET", "POST"])
def notices(request):
    """The user's in-site notices; POST marks them read."""
    if request.method == "POST":
        services.notice_mark_read(user=request.user)
        return redirect("accounts:notices")
    return render(
        request,
        "accounts/notices.html",
        {"notices": selectors.notice_list(user=request.user)[:100]},
    )


@require_GET
def language_switch(request, code: str):
    """Switch the display language with a plain link (no form, so no CSRF token).

    Choosing a display language changes nothing worth forging, and pages without a
    token can be cached whole for anonymous readers. Sets the cookie the way
    django.views.i18n.set_language does; an off-site `next` falls back to "/".
    """
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
