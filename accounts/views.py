from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_http_methods

from common.audit import audit_record, client_ip
from common.forms import form_errors_add
from common.models import AuditEntry

from . import selectors, services
from .forms import CodeLoginForm, PasswordResetForm
from .lockout import code_failure_record, is_locked_out, lockout_response
from .models import OneTimeCode


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
    response = HttpResponseRedirect(next_url)  # never a view name: no reverse()
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


def _code_send(request, form, purpose: str) -> None:
    """Send a code for the form's username; the message is the same whether or not
    the account exists."""
    try:
        services.code_request(
            username=form.cleaned_data["username"],
            purpose=purpose,
            ip_address=client_ip(request),
        )
    except ValidationError as exc:
        form_errors_add(form, exc, fallback="username")
    else:
        minutes = settings.OTP_TTL_SECONDS // 60
        messages.info(request, services.CODE_SENT_IF_KNOWN.format(minutes=minutes))


@require_http_methods(["GET", "POST"])
def code_login(request):
    """Representatives log in with a code sent to their mobile instead of a password."""
    if request.user.is_authenticated:
        return redirect("home")
    form = CodeLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "send":
            _code_send(request, form, OneTimeCode.Purpose.LOGIN)
        elif form.code_required():
            username = form.cleaned_data["username"]
            if is_locked_out(request, username):
                return lockout_response(request, credentials={"username": username})
            try:
                user = services.code_login_user(
                    username=form.cleaned_data["username"],
                    code=form.cleaned_data["code"],
                    ip_address=client_ip(request),
                )
            except ValidationError as exc:
                code_failure_record(request, username)
                form_errors_add(form, exc, fallback="code")
            else:
                user.login_method = "code"
                login(
                    request, user, backend="django.contrib.auth.backends.ModelBackend"
                )
                return redirect("home")
    return render(request, "accounts/code_login.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Reset a forgotten password with a code sent to the account's mobile (staff
    without a mobile: to their mail address)."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "send":
            _code_send(request, form, OneTimeCode.Purpose.RESET)
        elif form.code_required() and form.passwords_ok():
            username = form.cleaned_data["username"]
            if is_locked_out(request, username):
                return lockout_response(request, credentials={"username": username})
            try:
                services.password_reset_by_code(
                    username=form.cleaned_data["username"],
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                    ip_address=client_ip(request),
                )
            except ValidationError as exc:
                if services.CODE_INVALID in exc.messages:
                    code_failure_record(request, username)
                form_errors_add(form, exc, fallback="code")
            else:
                messages.success(request, services.PASSWORD_RESET_DONE)
                return redirect("accounts:login")
    return render(request, "accounts/password_reset.html", {"form": form})


OTP_INVALID = "动态口令错误或已过期，请查看验证器应用中的最新 6 位数字。"


@login_required
@require_http_methods(["GET", "POST"])
def otp(request):
    """The staff's second factor: enter the authenticator app's 6-digit code; on
    first use, link the app by scanning the QR code (TOTP, RFC 6238)."""
    from base64 import b32encode

    import segno
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="验证器", confirmed=False
            )
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        if token.isdigit() and device.verify_token(token):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(
                    actor=user,
                    action="auth.otp_device_add",
                    kind=AuditEntry.Kind.SECURITY,
                    obj=user,
                    ip_address=client_ip(request),
                )
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        error = OTP_INVALID
        audit_record(
            actor=user,
            action="auth.otp_failed",
            kind=AuditEntry.Kind.SECURITY,
            obj=user,
            ip_address=client_ip(request),
        )
    context = {"setting_up": setting_up, "error": error, "next": next_url}
    if setting_up:
        context["secret"] = b32encode(device.bin_key).decode()
        context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    return render(request, "accounts/otp.html", context, status=400 if error else 200)
