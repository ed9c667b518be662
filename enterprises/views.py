"""HTTP views of the archive; thin wrappers around selectors and services."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Region
from accounts.selectors import region_list
from common.audit import audit_download, audit_record, audit_request, client_ip
from common.exports import csv_response, xlsx_response
from common.forms import errors_flash, form_errors_add

from . import documents, forms, importing, selectors, services
from .models import Enterprise, ImportBatch, ReminderLetter


def _filtered(request, qs):
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    if request.GET.get("overdue"):
        qs = selectors.survey_overdue_filter(qs)
    if request.GET.get("key"):
        qs = qs.filter(is_key=True)
    kind = request.GET.get("governance")
    if kind:
        qs = qs.filter(governance_type=kind)
    return qs, q


@login_required
def enterprise_list_view(request):
    """The archive list in the reader's scope, searchable and filterable."""
    qs, q = _filtered(request, selectors.enterprise_list(user=request.user))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {"page": page, "q": q, "can_export": not request.user.is_enterprise},
    )


EXPORT_HEADER = [
    "档案编号",
    "企业名称",
    "统一社会信用代码",
    "地区",
    "经营状态",
    "法定代表人",
    "联系人",
    "联系电话",
    "治理类型",
    "治理措施",
    "摸排截止日期",
    "是否逾期",
    "重点企业",
]


@login_required
@require_GET
def enterprise_export(request, fmt: str):
    """The archive list as csv or xlsx (cells escaped against formulas); audited."""
    if request.user.is_enterprise:
        raise Http404
    qs, _ = _filtered(request, selectors.enterprise_list(user=request.user))
    rows = (
        [
            e.archive_no or "",
            e.name,
            e.uscc,
            e.region.name,
            e.get_business_status_display(),
            e.legal_representative,
            e.contact_person,
            e.contact_phone,
            e.get_governance_type_display(),
            "、".join(e.governance_measure_labels),
            e.survey_due_on.isoformat() if e.survey_due_on else "",
            "是" if e.survey_overdue else "",
            "是" if e.is_key else "",
        ]
        for e in qs.iterator(chunk_size=1000)
    )
    audit_record(
        actor=request.user,
        action="enterprise.export",
        kind="export",
        scope=request.GET.urlencode()[:200],
        ip_address=client_ip(request),
    )
    if fmt == "xlsx":
        return xlsx_response("企业档案.xlsx", EXPORT_HEADER, rows, title="企业档案")
    return csv_response("企业档案.csv", EXPORT_HEADER, rows)


@login_required
def my_enterprise(request):
    if not request.user.enterprise_id:
        raise Http404
    return redirect("enterprises:detail", pk=request.user.enterprise_id)


@login_required
def enterprise_detail(request, pk: int):
    """The archive view: fields, penalties with computed dates, follow-ups, letters."""
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    user = request.user
    can_edit = selectors.can_edit_archive(user=user, enterprise=enterprise)
    can_manage = selectors.can_manage_enterprise(user=user, enterprise=enterprise)
    context = {
        "enterprise": enterprise,
        "penalties": selectors.penalty_statuses(enterprise=enterprise),
        "follow_ups": enterprise.follow_ups.select_related("author")[:50],
        "letters": enterprise.reminder_letters.select_related("office")[:20],
        "can_edit": can_edit,
        "can_manage": can_manage,
        "follow_up_form": forms.FollowUpForm() if can_edit else None,
        "key_form": forms.KeyHelperForm(enterprise=enterprise) if can_manage else None,
        "invitations": enterprise.invitations.filter(used_at__isnull=True)[:5]
        if can_manage
        else [],
        "has_representative": enterprise.representatives.exists(),
    }
    if not user.is_enterprise:
        audit_request(request, action="enterprise.view", obj=enterprise)
    return render(request, "enterprises/enterprise_detail.html", context)


def _editable(request, pk: int) -> Enterprise:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if not selectors.can_edit_archive(user=request.user, enterprise=enterprise):
        raise Http404
    return enterprise


def _manageable(request, pk: int) -> Enterprise:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if not selectors.can_manage_enterprise(user=request.user, enterprise=enterprise):
        raise Http404
    return enterprise


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    """Fill in the survey and archive fields (agencies and offices in scope)."""
    enterprise = _editable(request, pk)
    form = forms.ArchiveForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        fresh = Enterprise.objects.get(pk=enterprise.pk)
        try:
            services.enterprise_update(
                enterprise=fresh, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "档案已保存。")
            return redirect("enterprises:detail", pk=pk)
    return render(
        request,
        "enterprises/archive_form.html",
        {"form": form, "enterprise": enterprise},
    )


@login_required
@require_http_methods(["GET", "POST"])
def penalty_add(request, pk: int):
    enterprise = _editable(request, pk)
    form = forms.PenaltyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.penalty_create(
                enterprise=enterprise, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "处罚记录已添加。")
            return redirect("enterprises:detail", pk=pk)
    return render(
        request,
        "enterprises/penalty_form.html",
        {"form": form, "enterprise": enterprise},
    )


@login_required
@require_POST
def follow_up_add(request, pk: int):
    enterprise = _editable(request, pk)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_add(
                enterprise=enterprise, author=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_flash(request, exc)
        else:
            messages.success(request, "跟进记录已添加。")
    else:
        messages.error(
            request, "；".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("enterprises:detail", pk=pk)


@login_required
@require_POST
def key_assign(request, pk: int):
    enterprise = _manageable(request, pk)
    form = forms.KeyHelperForm(request.POST, enterprise=enterprise)
    if form.is_valid():
        try:
            services.enterprise_key_assign(
                enterprise=enterprise,
                helper=form.cleaned_data["helper"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            errors_flash(request, exc)
        else:
            messages.success(request, "已设为重点企业并指定一对一帮扶人。")
    else:
        messages.error(request, "请选择一对一帮扶人。")
    return redirect("enterprises:detail", pk=pk)


@login_required
def key_list(request):
    """Key enterprises (high-frequency dishonesty) with helper and follow-ups."""
    if request.user.is_enterprise:
        raise Http404
    items = selectors.key_enterprise_list(user=request.user)[:200]
    return render(request, "enterprises/key_list.html", {"items": items})


@login_required
@require_GET
def archive_sheet(request, pk: int):
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    pdf = documents.archive_sheet_pdf(enterprise=enterprise)
    audit_download(request, action="enterprise.archive_sheet", obj=enterprise)
    return _pdf_response(pdf, f"archive-{enterprise.uscc}.pdf")


@login_required
@require_GET
def enterprise_file(request, pk: int):
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    pdf = documents.enterprise_file_pdf(enterprise=enterprise)
    return _pdf_response(pdf, f"file-{enterprise.uscc}.pdf")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def letter_issue(request, pk: int):
    enterprise = _manageable(request, pk)
    try:
        services.reminder_letter_issue(enterprise=enterprise, actor=request.user)
    except ValidationError as exc:
        errors_flash(request, exc)
    else:
        messages.success(request, "已出具信用修复提醒函。")
    return redirect("enterprises:detail", pk=pk)


def _letter(request, pk: int, letter_id: int) -> ReminderLetter:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    return get_object_or_404(
        ReminderLetter.objects.select_related("office"),
        pk=letter_id,
        enterprise=enterprise,
    )


@login_required
@require_GET
def letter_pdf(request, pk: int, letter_id: int):
    letter = _letter(request, pk, letter_id)
    audit_download(request, action="reminder_letter.download", obj=letter)
    pdf = documents.reminder_letter_pdf(
        enterprise=letter.enterprise,
        office=letter.office,
        document_no=letter.document_no,
        issued_on=timezone.localtime(letter.issued_at).date(),
    )
    return _pdf_response(pdf, f"reminder-{letter.enterprise.uscc}.pdf")


@login_required
@require_POST
def letter_confirm(request, pk: int, letter_id: int):
    letter = _letter(request, pk, letter_id)
    try:
        services.reminder_letter_confirm(letter=letter, actor=request.user)
    except ValidationError as exc:
        errors_flash(request, exc)
    else:
        messages.success(request, "已确认收到提醒函，回执时间已记录。")
    return redirect("enterprises:detail", pk=pk)


@login_required
@require_POST
def invitation_create(request, pk: int):
    enterprise = _manageable(request, pk)
    try:
        invitation = services.invitation_create(
            enterprise=enterprise, actor=request.user
        )
    except ValidationError as exc:
        errors_flash(request, exc)
    else:
        link = request.build_absolute_uri(
            reverse("enterprises:invitation_accept", args=[invitation.token])
        )
        messages.success(request, f"邀请链接（一次有效）：{link}")
    return redirect("enterprises:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """A public page: the invited representative registers into the enterprise."""
    try:
        invitation = services.invitation_get(token=token)
    except ValidationError as exc:
        return render(
            request,
            "enterprises/invitation_accept.html",
            {"error": "；".join(exc.messages)},
            status=410,
        )
    form = forms.InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, ip_address=client_ip(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"注册成功，已关联企业：{user.enterprise.name}。")
            return redirect("home")
    return render(
        request,
        "enterprises/invitation_accept.html",
        {"form": form, "enterprise": invitation.enterprise},
    )


# --- governance-list import ---


def _import_regions(user):
    if not (user.is_office or user.is_platform_admin):
        raise Http404
    ids = [
        r.pk
        for r in region_list(user=user)
        if services.import_allowed(user=user, region=r)
    ]
    if not ids:
        raise Http404
    return Region.objects.filter(pk__in=ids)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a list; the preview shows every error before anything is written."""
    regions = _import_regions(request.user)
    form = forms.ImportForm(
        request.POST or None, request.FILES or None, regions=regions
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.max_upload_bytes():
            form.add_error(
                "file",
                importing.FILE_TOO_LARGE.format(
                    size_mb=upload.size / 2**20,
                    limit_mb=importing.max_upload_bytes() / 2**20,
                ),
            )
        else:
            try:
                batch = services.import_preview(
                    region=form.cleaned_data["region"],
                    filename=upload.name,
                    data=upload.read(),
                    actor=request.user,
                )
            except (ValidationError, PermissionDenied) as exc:
                messages_ = getattr(exc, "messages", None) or [str(exc)]
                for message in messages_:
                    form.add_error("file", message)
            else:
                return redirect("enterprises:import_preview", batch_id=batch.pk)
    return render(request, "enterprises/import_upload.html", {"form": form})


def _batch(request, batch_id: int) -> ImportBatch:
    regions = _import_regions(request.user)
    return get_object_or_404(ImportBatch, pk=batch_id, region__in=regions)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, batch_id: int):
    batch = _batch(request, batch_id)
    if request.method == "POST":
        try:
            summary = services.import_batch_commit(batch=batch, actor=request.user)
        except ValidationError as exc:
            errors_flash(request, exc)
        else:
            messages.success(request, summary.message())
            return redirect("enterprises:list")
    return render(
        request,
        "enterprises/import_preview.html",
        {"batch": batch, "sample": batch.rows[:20], "row_count": len(batch.rows)},
    )


@login_required
@require_GET
def import_template(request):
    """The template file with the expected columns and one example row."""
    _import_regions(request.user)
    header = [c.header for c in importing.COLUMNS]
    return xlsx_response(
        "治理名单导入模板.xlsx", header, [importing.EXAMPLE_ROW], title="治理名单"
    )
