"""Registration and claiming pages: the representative's claim page, the county
office's work queue of claim requests."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import OFFICE_ROLES, role_required
from accounts.forms import RegistrationForm
from accounts.models import User
from accounts.selectors import user_scope
from common.audit import audit_download, client_ip
from common.forms import errors_flash, form_errors_add

from . import services
from .forms import ClaimCodeForm, ClaimRejectForm, ClaimRequestForm
from .models import ClaimRequest

office_required = role_required(*OFFICE_ROLES, User.Role.ADMIN)


@require_http_methods(["GET", "POST"])
def register(request):
    """Self-registration of a representative's account; then the claim page."""
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.representative_register(
                real_name=data["real_name"],
                mobile=data["mobile"],
                password=data["password1"],
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            form_errors_add(form, exc, fallback="password1")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, services.ACCOUNT_REGISTERED)
            return redirect("enterprises:claim")
    return render(request, "enterprises/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def claim(request):
    """A representative without an enterprise claims one: by SMS code to the
    archive's contact mobile, or by a request with the business licence."""
    user = request.user
    if not user.is_enterprise or user.enterprise_id:
        return redirect("home")
    action = request.POST.get("action", "")
    code_form = ClaimCodeForm(request.POST if action in ("send", "verify") else None)
    request_form = ClaimRequestForm(
        request.POST if action == "request" else None,
        request.FILES if action == "request" else None,
    )
    ip = client_ip(request)
    if action in ("send", "verify") and code_form.is_valid():
        uscc = code_form.cleaned_data["uscc"]
        try:
            if action == "send":
                messages.info(
                    request,
                    services.claim_code_send(actor=user, uscc=uscc, ip_address=ip),
                )
            else:
                enterprise = services.claim_by_code(
                    actor=user,
                    uscc=uscc,
                    code=code_form.cleaned_data["code"],
                    ip_address=ip,
                )
                messages.success(request, f"认领成功，已关联企业：{enterprise.name}。")
                return redirect("home")
        except ValidationError as exc:
            form_errors_add(code_form, exc, fallback="code")
    elif action == "request" and request_form.is_valid():
        try:
            services.claim_request_submit(
                actor=user, ip_address=ip, **request_form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(request_form, exc, fallback="licence")
        else:
            messages.success(request, services.CLAIM_SUBMITTED)
            return redirect("enterprises:claim")
    return render(
        request,
        "enterprises/claim.html",
        {
            "code_form": code_form,
            "request_form": request_form,
            "claims": user.claim_requests.select_related("region")[:10],
        },
    )


def _claims_in_scope(user):
    qs = ClaimRequest.objects.select_related("region", "applicant", "decided_by")
    scope = user_scope(user=user)
    if scope.all_regions:  # the province (read-only) and administrators
        return qs
    return qs.filter(region_id__in=scope.region_ids)  # own county, or own city


@office_required
@require_GET
def claim_list(request):
    """The office's work queue of claim requests: pending first."""
    qs = _claims_in_scope(request.user)
    return render(
        request,
        "enterprises/claim_list.html",
        {
            "pending": qs.filter(status=ClaimRequest.Status.PENDING),
            "decided": qs.exclude(status=ClaimRequest.Status.PENDING)[:50],
        },
    )


def _claim(request, pk: int) -> ClaimRequest:
    return get_object_or_404(_claims_in_scope(request.user), pk=pk)


@office_required
@require_GET
def claim_detail(request, pk: int):
    claim = _claim(request, pk)
    return render(
        request,
        "enterprises/claim_detail.html",
        {"claim": claim, "reject_form": ClaimRejectForm()},
    )


@office_required
@require_GET
def claim_licence(request, pk: int):
    """The uploaded business licence, to offices in scope only (never public)."""
    claim = _claim(request, pk)
    if not claim.licence:
        raise Http404
    audit_download(request, action="claim.licence", obj=claim)
    return FileResponse(claim.licence.open("rb"), as_attachment=False)


@office_required
@require_POST
def claim_decide(request, pk: int):
    claim = _claim(request, pk)
    ip = client_ip(request)
    try:
        if request.POST.get("decision") == "approve":
            services.claim_approve(claim=claim, actor=request.user, ip_address=ip)
            messages.success(request, "已通过认领申请，申请人已成为企业代表。")
        else:
            form = ClaimRejectForm(request.POST)
            reason = form.data.get("reason", "")
            services.claim_reject(
                claim=claim, actor=request.user, reason=reason, ip_address=ip
            )
            messages.success(request, "已驳回认领申请，已通知申请人。")
    except ValidationError as exc:
        errors_flash(request, exc)
        return redirect("enterprises:claim_detail", pk=pk)
    return redirect("enterprises:claims")
