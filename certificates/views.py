"""Certificate pages: public verification, downloads, batches, revocation, repairs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from common.audit import audit_download, client_ip
from common.forms import errors_flash

from . import documents, selectors, services
from .forms import (
    ReasonForm,
    RepairApplicationForm,
    SealForm,
    VerifyForm,
    VerifyUploadForm,
)
from .jobs import certificate_batch_run
from .models import CertificateBatch, RepairApplication
from .ratelimit import rate_limited_message, verify_rate_exceeded

PDF = "application/pdf"
ZIP = "application/zip"


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    # RFC 6266 / 5987: browsers take the UTF-8 name from filename*.
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"download\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


# --- public verification -----------------------------------------------------------


def _too_many(request) -> HttpResponse | None:
    if verify_rate_exceeded(request):
        return render(
            request,
            "certificates/verify.html",
            {"form": VerifyForm(), "rate_limited": rate_limited_message()},
            status=429,
        )
    return None


def verify(request, code: str):
    """Public: is this certificate or proof valid? No login; unknown code is 404."""
    limited = _too_many(request)
    if limited:
        return limited
    document = selectors.verifiable_by_code(code=code)
    return render(request, "certificates/verify.html", {"document": document})


@require_http_methods(["GET", "POST"])
def verify_form(request):
    """Public: look a document up by serial and code typed by hand."""
    form = VerifyForm(request.POST or None)
    if request.method == "POST":
        limited = _too_many(request)
        if limited:
            return limited
        if form.is_valid():
            try:
                document = selectors.verifiable_by_serial_and_code(
                    serial=form.cleaned_data["serial"], code=form.cleaned_data["code"]
                )
            except Http404:
                return render(
                    request,
                    "certificates/verify.html",
                    {"form": form, "not_found": True},
                    status=404,
                )
            return redirect("verify", code=document.public_code)
    return render(
        request,
        "certificates/verify.html",
        {"form": form, "upload_form": VerifyUploadForm()},
    )


@require_http_methods(["GET", "POST"])
def verify_upload(request):
    """Public: was this PDF issued here, is it unmodified, is it still valid?"""
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    context = {"form": VerifyForm(), "upload_form": form}
    if request.method == "POST":
        limited = _too_many(request)
        if limited:
            return limited
        if form.is_valid():
            verdict = selectors.uploaded_pdf_verdict(
                data=form.cleaned_data["pdf"].read()
            )
            context["verdict"] = verdict
            context["document"] = verdict.document
    return render(request, "certificates/verify.html", context)


# --- certificates ------------------------------------------------------------------


@login_required
def certificate_list(request):
    """Certificates in the reader's scope; the representative sees their own."""
    qs = selectors.certificate_list(user=request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(enterprise_name__icontains=q) | qs.filter(serial=q.upper())
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "certificates/certificate_list.html", {"page": page, "q": q})


@login_required
def certificate_detail(request, pk: int):
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    applications = {
        a.penalty_id: a
        for a in RepairApplication.objects.filter(
            penalty__in=certificate.penalties.all()
        )
    }
    penalties = [
        (
            p,
            applications.get(p.pk),
            selectors.repair_next_statuses(application=applications.get(p.pk)),
        )
        for p in certificate.penalties.order_by("id")
    ]
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "penalties": penalties,
            "can_manage": selectors.can_manage_certificate(
                user=request.user, certificate=certificate
            ),
            "reason_form": ReasonForm(),
            "repair_form": RepairApplicationForm(),
            "verify_url": selectors.certificate_verify_url(certificate),
        },
    )


@login_required
def certificate_download(request, pk: int):
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    audit_download(request, action="certificate.download", obj=certificate)
    return _attachment(
        documents.certificate_pdf(certificate=certificate),
        PDF,
        documents.certificate_filename(certificate),
    )


@login_required
def certificate_bundle(request, pk: int):
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    if not certificate.is_valid:  # a revoked certificate supports no application
        raise Http404
    audit_download(request, action="certificate.bundle_download", obj=certificate)
    return _attachment(
        documents.repair_bundle_zip(certificate=certificate),
        ZIP,
        documents.bundle_filename(certificate),
    )


def _manage(request, pk: int, action) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("certificates:detail", pk=pk)
    try:
        result = action(
            certificate=certificate,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors_flash(request, exc)
        return redirect("certificates:detail", pk=pk)
    messages.success(request, f"已处理：{result.serial}")
    return redirect("certificates:detail", pk=result.pk)


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    return _manage(request, pk, services.certificate_revoke)


@login_required
@require_POST
def certificate_reissue(request, pk: int):
    return _manage(request, pk, services.certificate_reissue)


# --- batches per session -----------------------------------------------------------


@login_required
def session_list(request):
    qs = selectors.trainer_session_list(user=request.user).distinct()
    if not qs.exists() and not (request.user.is_trainer or request.user.is_office):
        raise Http404
    page = Paginator(qs.order_by("-starts_at"), 25).get_page(request.GET.get("page"))
    return render(request, "certificates/session_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def session_certificates(request, pk: int):
    """A session's certificates; POST issues every eligible one at once."""
    session = selectors.session_get(user=request.user, pk=pk)
    can_issue = selectors.can_batch_issue(user=request.user, session=session)
    if request.method == "POST":
        if not can_issue:
            raise Http404
        return _batch_start(request, session, CertificateBatch.Kind.ISSUE)
    return render(
        request,
        "certificates/session_certificates.html",
        {
            "session": session,
            "certificates": selectors.session_certificates(session=session),
            "can_issue": can_issue,
            "batches": session.certificate_batches.all()[:5],
        },
    )


@login_required
@require_POST
def session_zip(request, pk: int):
    """Start building every valid certificate of the session into one ZIP."""
    session = selectors.session_get(user=request.user, pk=pk)
    return _batch_start(request, session, CertificateBatch.Kind.ZIP)


def _batch_start(request, session, kind: str) -> HttpResponse:
    try:
        with transaction.atomic():
            batch = services.certificate_batch_create(
                session=session, actor=request.user, kind=kind
            )
            certificate_batch_run.enqueue(batch_id=batch.pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors_flash(request, exc)
        return redirect("certificates:session", pk=session.pk)
    return redirect("certificates:batch", pk=batch.pk)


def _batch(request, pk: int) -> CertificateBatch:
    batch = get_object_or_404(CertificateBatch, pk=pk)
    selectors.session_get(user=request.user, pk=batch.session_id)  # scope: 404
    return batch


@login_required
def batch_detail(request, pk: int):
    """Progress of a batch run; the page refreshes itself until the ZIP is ready."""
    batch = _batch(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": batch.status,
                "done": batch.done,
                "total": batch.total,
                "download": batch.status == CertificateBatch.Status.DONE,
            }
        )
    return render(request, "certificates/batch_detail.html", {"batch": batch})


@login_required
def batch_download(request, pk: int):
    batch = _batch(request, pk)
    if batch.status != CertificateBatch.Status.DONE or not batch.file:
        raise Http404
    audit_download(request, action="certificate.session_zip", obj=batch.session)
    with batch.file.open("rb") as handle:
        data = handle.read()
    return _attachment(
        data, ZIP, f"{documents.safe_name(batch.session.title)}_结业证明.zip"
    )


@login_required
@require_http_methods(["GET", "POST"])
def seal_upload(request):
    if not request.user.is_trainer:
        raise Http404
    form = SealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_seal_set(
                agency=request.user.agency,
                image=form.cleaned_data["image"],
                actor=request.user,
            )
        except ValidationError as exc:
            errors_flash(request, exc)
        else:
            messages.success(request, "印章已上传，之后下载的证明将加盖此印章。")
            return redirect("certificates:seal")
    seal = getattr(request.user.agency, "seal", None)
    return render(request, "certificates/seal.html", {"form": form, "seal": seal})


# --- repair applications and proofs ------------------------------------------------


@login_required
@require_POST
def repair_set(request, penalty_pk: int):
    """Record the status of the repair application for one penalty."""
    penalty = selectors.penalty_for_repair(user=request.user, pk=penalty_pk)
    form = RepairApplicationForm(request.POST)
    back = request.POST.get("next") or "certificates:list"
    # Only this site's paths: "//evil.example.com" starts with "/" too.
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "certificates:list"
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    try:
        services.repair_application_set(
            penalty=penalty,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            actor=request.user,
            ip_address=client_ip(request),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors_flash(request, exc)
    else:
        messages.success(request, f"已更新 {penalty.decision_no} 的修复进度。")
    return redirect(back)


@login_required
def repair_list(request):
    """Repair applications and repair rates in the reader's scope."""
    user = request.user
    if user.is_enterprise:
        return redirect("certificates:list")
    qs = selectors.repair_application_list(user=user)
    status = request.GET.get("status", "")
    if status in RepairApplication.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/repair_list.html",
        {
            "page": page,
            "status": status,
            "statuses": RepairApplication.Status.choices,
            "rates": selectors.repair_rate_rows(user=user),
            "can_issue_proof": user.is_city_office or user.is_platform_admin,
            "proofs": selectors.repair_proof_list(user=user)[:20],
        },
    )


@login_required
@require_POST
def proof_issue(request, pk: int):
    application = get_object_or_404(
        selectors.repair_application_list(user=request.user), pk=pk
    )
    try:
        proof = services.repair_proof_issue(application=application, actor=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors_flash(request, exc)
        return redirect("certificates:repairs")
    messages.success(request, f"已出具信用修复证明 {proof.serial}。")
    return redirect("certificates:repairs")


@login_required
def proof_download(request, pk: int):
    proof = selectors.repair_proof_get(user=request.user, pk=pk)
    audit_download(request, action="repair_proof.download", obj=proof)
    return _attachment(
        documents.repair_proof_pdf(proof=proof),
        PDF,
        f"{documents.safe_name(proof.enterprise_name)}_信用修复证明_{proof.serial}.pdf",
    )


@login_required
@require_POST
def proof_revoke(request, pk: int):
    proof = selectors.repair_proof_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.repair_proof_revoke(
                proof=proof,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            errors_flash(request, exc)
        else:
            messages.success(request, f"已撤销 {proof.serial}。")
    else:
        messages.error(request, services.REVOKE_REASON_REQUIRED)
    return redirect("certificates:repairs")
