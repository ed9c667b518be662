from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_http_methods

from certificates.selectors import journey_steps
from enrollment.selectors import next_step_for, session_list_for_trainer
from enterprises.selectors import enterprise_archive_counts, enterprise_list

from . import selectors, services
from .forms import RegistrationForm
from .models import User


def _home_enterprise(request):
    enterprise = request.user.enterprise
    training = next_step_for(enterprise=enterprise) if enterprise else None
    steps = journey_steps(enterprise=enterprise) if enterprise else []
    current = next((i for i, step in enumerate(steps) if not step.done), None)
    return render(
        request,
        "accounts/home_enterprise.html",
        {
            "enterprise": enterprise,
            "training": training,
            "steps": steps,
            "current": current,
        },
    )


def _home_trainer(request):
    user = request.user
    return render(
        request,
        "accounts/home_trainer.html",
        {
            "agency": user.agency,
            "regions": selectors.region_list(user=user),
            "enterprise_count": enterprise_list(user=user).count(),
            "upcoming": session_list_for_trainer(user=user)
            .filter(ends_at__gte=timezone.now())
            .order_by("starts_at")[:5],
        },
    )


def _home_office(request):
    user = request.user
    regions = selectors.region_list(user=user).annotate(
        enterprise_count=Count("enterprises")
    )
    return render(
        request,
        "accounts/home_office.html",
        {
            "office": user.office,
            "regions": regions,
            "archive_counts": enterprise_archive_counts(user=user),
        },
    )


def _home_admin(request):
    return render(request, "accounts/home_admin.html")


_HOMES = {
    User.Role.ENTERPRISE: _home_enterprise,
    User.Role.TRAINER: _home_trainer,
    User.Role.COUNTY_OFFICE: _home_office,
    User.Role.CITY_OFFICE: _home_office,
    User.Role.ADMIN: _home_admin,
}


def home(request):
    """Each role's home page: what that person does next."""
    if not request.user.is_authenticated:
        return render(request, "accounts/landing.html")
    role = User.Role.ADMIN if request.user.is_superuser else request.user.role
    return _HOMES[role](request)


@require_http_methods(["GET", "POST"])
def register(request):
    """Self-registration of an enterprise representative."""
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.representative_register(
                company_name=data["company_name"],
                uscc=data["uscc"],
                real_name=data["real_name"],
                mobile=data["mobile"],
                password=data["password1"],
                region=data["region"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    target = field if field in form.fields else "password1"
                    for error in errors:
                        form.add_error(target, error)
            else:
                form.add_error("password1", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"注册成功，已关联企业：{user.enterprise.name}。")
            return redirect("home")
    return render(request, "accounts/register.html", {"form": form})


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
