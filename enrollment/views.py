"""HTTP views of training enrolment and commitment letters: thin over services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

import journey
from accounts.decorators import OFFICE_ROLES, role_required
from accounts.models import User
from common.audit import audit_download, client_ip
from common.forms import errors_flash, form_errors_add
from common.validators import normalize_uscc
from enterprises.selectors import enterprise_list

from . import documents, selectors, services
from .forms import BulkEnrolForm, LetterSignForm, QuotaForm, SessionForm
from .models import CommitmentLetter, TrainingSession

BULK_UNKNOWN_USCC = (
    "企业名单：第 {row} 行的统一社会信用代码 {uscc} 不在您的管辖范围内或不存在。"
)


def _enterprise_or_404(request):
    if not request.user.enterprise_id:
        raise Http404
    return request.user.enterprise


# --- representative: enrol, cancel, letters --------------------------------------


@role_required(User.Role.ENTERPRISE)
def training_home(request):
    """培训报名: open sessions of the enterprise's region and its enrolments."""
    enterprise = _enterprise_or_404(request)
    enrolments = list(selectors.enrolment_list(user=request.user)[:20])
    return render(
        request,
        "enrollment/training_home.html",
        {
            "enterprise": enterprise,
            "active_programmes": {
                e.programme_id for e in enrolments if e.status != e.Status.CANCELLED
            },
            "sessions": selectors.open_session_list(enterprise=enterprise),
            "enrolments": enrolments,
            "missing": journey.letters_missing(enterprise=enterprise),
        },
    )


@require_POST
@role_required(User.Role.ENTERPRISE)
def session_enrol(request, pk: int):
    enterprise = _enterprise_or_404(request)
    session = get_object_or_404(TrainingSession, pk=pk)
    try:
        enrolment = services.enrolment_create(
            session=session, enterprise=enterprise, actor=request.user
        )
    except ValidationError as exc:
        errors_flash(request, exc)
        return redirect("enrollment:sessions")
    if enrolment.status == enrolment.Status.ENROLLED:
        messages.success(request, f"报名成功：{session.title}。")
    else:
        messages.info(request, f"“{session.title}”名额已满，已为您登记候补。")
    return redirect("enrollment:enrolment_detail", pk=enrolment.pk)


@login_required
def enrolment_detail(request, pk: int):
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    return render(
        request,
        "enrollment/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "missing": journey.letters_missing(
                enterprise=enrolment.enterprise,
                profile=enrolment.programme.rule_profile,
            ),
        },
    )


@require_POST
@login_required
def enrolment_cancel(request, pk: int):
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    if not (request.user.is_enterprise or request.user.is_office):
        raise Http404
    try:
        services.enrolment_cancel(enrolment=enrolment, actor=request.user)
    except ValidationError as exc:
        errors_flash(request, exc)
    else:
        messages.success(request, "已取消报名。")
    return redirect("enrollment:enrolment_detail", pk=enrolment.pk)


@role_required(User.Role.ENTERPRISE)
def letter_list(request):
    """承诺书: one per penalty record, signed or still to sign."""
    enterprise = _enterprise_or_404(request)
    penalties = list(selectors.penalty_list_with_letters(enterprise=enterprise))
    rows = [
        {
            "penalty": p,
            "letter": getattr(p, "commitment_letter", None),
            "repair_form": journey.needs_rectification_form(penalty=p),
        }
        for p in penalties
    ]
    return render(request, "enrollment/letter_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@role_required(User.Role.ENTERPRISE)
def letter_sign(request, penalty_pk: int):
    penalty = selectors.penalty_get_for_letter(user=request.user, pk=penalty_pk)
    if hasattr(penalty, "commitment_letter"):
        messages.info(request, "该承诺书已签署，不能修改。")
        return redirect("enrollment:letters")
    # The archive's legal representative is the usual signer: start from the archive.
    enterprise = penalty.enterprise
    initial = {"signer_name": enterprise.legal_representative}
    if enterprise.legal_representative_id_last4:
        initial["id_type"] = CommitmentLetter.IdType.RESIDENT_ID
        initial["id_last4"] = enterprise.legal_representative_id_last4
    form = LetterSignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.letter_sign(
                actor=request.user,
                penalty=penalty,
                signer_name=data["signer_name"],
                id_type=data["id_type"],
                id_last4=data["id_last4"],
                signature_data_url=data["signature"],
                typed_signature=data["typed_signature"],
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, f"已签署承诺书：{penalty.decision_no}。")
            return redirect("enrollment:letters")
    # Only values that passed validation reach the preview (never a full ID number).
    shown = form.cleaned_data if form.is_bound else form.initial
    preview = services.letter_text(
        penalty=penalty,
        signer_name=shown.get("signer_name", ""),
        id_type=shown.get("id_type", ""),
        id_last4=shown.get("id_last4", ""),
    )
    return render(
        request,
        "enrollment/letter_sign.html",
        {"penalty": penalty, "form": form, "preview": preview},
    )


@login_required
def letter_pdf(request, penalty_pk: int):
    letter = selectors.letter_get(user=request.user, penalty_pk=penalty_pk)
    audit_download(request, action="letter.download", obj=letter)
    pdf = documents.commitment_letter_pdf(letter=letter)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="commitment-letter-{letter.penalty_id}.pdf"'
    )
    return response


@login_required
def repair_form(request, penalty_pk: int):
    penalty = selectors.penalty_get_for_letter(user=request.user, pk=penalty_pk)
    if not journey.needs_rectification_form(penalty=penalty):
        raise Http404
    audit_download(request, action="repair_form.download", obj=penalty)
    response = HttpResponse(
        documents.repair_form_pdf(penalty=penalty), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="repair-form-{penalty.pk}.pdf"'
    return response


# --- trainer: sessions and rosters -------------------------------------------------


@role_required(User.Role.TRAINER, User.Role.CITY_OFFICE)
def trainer_sessions(request):
    return render(
        request,
        "enrollment/trainer_sessions.html",
        {"sessions": selectors.session_list_for_trainer(user=request.user)},
    )


def _session_form_save(request, form, session=None):
    data = form.cleaned_data
    fields = {k: data[k] for k in ("title", "mode", "venue", "starts_at", "ends_at")}
    fields.update(capacity=data["capacity"], ip_address=client_ip(request))
    fields["trainers"] = list(data["trainers"]) or [request.user]
    try:
        if session is None:
            session = services.session_create(
                actor=request.user,
                plan_line=data["plan_line"],
                publish=data["publish"],
                **fields,
            )
        else:
            session = services.session_update(
                actor=request.user, session=session, **fields
            )
    except ValidationError as exc:
        form_errors_add(form, exc)
        return None
    return session


@require_http_methods(["GET", "POST"])
@role_required(User.Role.TRAINER)
def session_create(request):
    lines = selectors.plan_line_list(user=request.user)
    form = SessionForm(
        request.POST or None, plan_lines=lines, agency=request.user.agency
    )
    if request.method == "POST" and form.is_valid():
        session = _session_form_save(request, form)
        if session is not None:
            messages.success(request, f"已创建场次：{session.title}。")
            return redirect("enrollment:trainer_sessions")
    return render(
        request, "enrollment/session_form.html", {"form": form, "creating": True}
    )


@require_http_methods(["GET", "POST"])
@role_required(User.Role.TRAINER)
def session_edit(request, pk: int):
    session = selectors.session_get_for_trainer(user=request.user, pk=pk)
    initial = {
        k: getattr(session, k)
        for k in ("title", "mode", "venue", "starts_at", "ends_at", "capacity")
    }
    initial["trainers"] = list(session.trainers.all())
    form = SessionForm(
        request.POST or None,
        initial=initial,
        agency=request.user.agency,
        editing=True,
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warnings = selectors.session_move_warnings(
            session=session,
            **{k: data[k] for k in ("starts_at", "ends_at", "venue", "mode")},
        )
        if warnings and not request.POST.get("confirm_move"):
            pass  # shown above the form with a confirm button; nothing saved yet
        elif _session_form_save(request, form, session) is not None:
            messages.success(request, "场次已保存。")
            return redirect("enrollment:trainer_sessions")
    return render(
        request,
        "enrollment/session_form.html",
        {
            "form": form,
            "session": session,
            "move_warnings": warnings,
            "transitions": [
                (name, services.SESSION_TRANSITIONS[name])
                for name in selectors.session_enrolment_transitions(session=session)
            ],
        },
    )


SESSION_TRANSITION_SERVICES = {
    "publish": services.session_publish,
    "close_enrolment": services.session_close_enrolment,
    "reopen_enrolment": services.session_reopen_enrolment,
}


@require_POST
@role_required(User.Role.TRAINER)
def session_transition(request, pk: int, name: str):
    """Publish, close or reopen a session's enrolment (one audited transition)."""
    session = selectors.session_get_for_trainer(user=request.user, pk=pk)
    service = SESSION_TRANSITION_SERVICES.get(name)
    if service is None:
        raise Http404
    try:
        session = service(
            session=session, actor=request.user, ip_address=client_ip(request)
        )
    except ValidationError as exc:
        errors_flash(request, exc)
    else:
        messages.success(
            request, f"场次“{session.title}”现为{session.get_status_display()}。"
        )
    return redirect("enrollment:session_edit", pk=session.pk)


@role_required(User.Role.TRAINER, User.Role.CITY_OFFICE)
def session_roster(request, pk: int):
    session = selectors.session_get_for_trainer(user=request.user, pk=pk)
    return render(
        request,
        "enrollment/session_roster.html",
        {"session": session, "roster": selectors.session_roster(session=session)},
    )


# --- offices: progress, bulk enrolment, quota ----------------------------------------


@role_required(*OFFICE_ROLES)
def plan_progress(request):
    return render(
        request,
        "enrollment/plan_progress.html",
        {
            "lines": selectors.plan_line_progress(user=request.user),
            "sessions": selectors.open_session_list_in_scope(user=request.user),
        },
    )


def _enterprises_from_usccs(request, form) -> list | None:
    scope = enterprise_list(user=request.user)
    found, errors = [], []
    lines = [normalize_uscc(ln) for ln in form.cleaned_data["usccs"].splitlines()]
    for row, uscc in enumerate(lines, start=1):
        if not uscc:
            continue
        enterprise = scope.filter(uscc=uscc).first()
        if enterprise is None:
            errors.append(BULK_UNKNOWN_USCC.format(row=row, uscc=uscc))
        else:
            found.append(enterprise)
    for error in errors:
        form.add_error("usccs", error)
    return None if errors else found


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE_ROLES)
def session_bulk_enrol(request, pk: int):
    lines = selectors.plan_line_list(user=request.user)
    session = get_object_or_404(
        TrainingSession.objects.select_related("plan_line"), pk=pk, plan_line__in=lines
    )
    form = BulkEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprises = _enterprises_from_usccs(request, form)
        if enterprises is not None:
            try:
                created = services.enrolment_bulk_create(
                    session=session, enterprises=enterprises, actor=request.user
                )
            except ValidationError as exc:
                form_errors_add(form, exc, fallback="usccs")
            else:
                waiting = sum(1 for e in created if e.status == "waitlisted")
                messages.success(
                    request,
                    f"已为 {len(created)} 家企业报名（其中候补 {waiting} 家）。",
                )
                return redirect("enrollment:progress")
    return render(
        request, "enrollment/bulk_enrol.html", {"form": form, "session": session}
    )


@require_http_methods(["GET", "POST"])
@role_required(User.Role.CITY_OFFICE)
def plan_line_quota(request, pk: int):
    line = get_object_or_404(selectors.plan_line_list(user=request.user), pk=pk)
    form = QuotaForm(
        request.POST or None, initial={"planned_count": line.planned_count}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_line_quota_raise(
                actor=request.user, line=line, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, f"{line.label} 的计划企业数已调整。")
            return redirect("enrollment:progress")
    return render(request, "enrollment/quota_form.html", {"form": form, "line": line})
