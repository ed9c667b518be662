"""The penalty authority's pages: its decisions, each delivered with a reminder
letter (两书同达), and its rectification checks and warning interviews."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import User
from common.audit import client_ip
from common.forms import errors_flash, form_errors_add

from . import selectors, services
from .forms import DecisionFollowUpForm, DecisionForm

authority_required = role_required(User.Role.PENALTY_AUTHORITY)


@authority_required
def decisions(request):
    """The authority's own decisions with letter delivery and receipt."""
    rows = selectors.decision_rows(user=request.user)
    return render(
        request,
        "enterprises/decisions.html",
        {"rows": rows, "follow_up_form": DecisionFollowUpForm()},
    )


@require_http_methods(["GET", "POST"])
@authority_required
def decision_new(request):
    """Record one decision; its reminder letter goes out with it."""
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            penalty, _ = services.penalty_decision_record(
                actor=request.user, ip_address=client_ip(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(
                request,
                f"已录入处罚决定 {penalty.decision_no}，信用修复提醒函已一并送达。",
            )
            return redirect("enterprises:decisions")
    return render(request, "enterprises/decision_form.html", {"form": form})


@require_POST
@authority_required
def decision_follow_up(request, pk: int):
    """A rectification check or warning interview on one of its decisions."""
    penalty = get_object_or_404(selectors.decision_list(user=request.user), pk=pk)
    form = DecisionFollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.penalty_follow_up_record(
                actor=request.user,
                penalty=penalty,
                ip_address=client_ip(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_flash(request, exc)
        else:
            messages.success(request, "已记录。")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("enterprises:decisions")
