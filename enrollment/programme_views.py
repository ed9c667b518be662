"""Programme pages: the city office creates programmes and plan lines; county
offices see their region's lines read-only. Thin over services and selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.decorators import OFFICE_ROLES, role_required
from accounts.models import User
from common.forms import form_errors_add

from . import selectors, services
from .forms import PlanLineForm, ProgrammeForm


@role_required(*OFFICE_ROLES)
def programme_list(request):
    return render(
        request,
        "enrollment/programmes/list.html",
        {
            "programmes": selectors.programme_list(user=request.user),
            "lines": selectors.plan_line_progress(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(User.Role.CITY_OFFICE)
def programme_create(request):
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, f"已创建培训项目：{programme.name}。")
            return redirect("enrollment:programme_detail", pk=programme.pk)
    return render(request, "enrollment/programmes/form.html", {"form": form})


@role_required(*OFFICE_ROLES)
def programme_detail(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk)
    lines = selectors.plan_line_progress(user=request.user).filter(programme=programme)
    return render(
        request,
        "enrollment/programmes/detail.html",
        {"programme": programme, "lines": lines},
    )


@require_http_methods(["GET", "POST"])
@role_required(User.Role.CITY_OFFICE)
def plan_line_create(request, pk: int):
    programme = selectors.programme_get(user=request.user, pk=pk)
    form = PlanLineForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.plan_line_create(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, f"已添加计划行：{line.label}。")
            return redirect("enrollment:programme_detail", pk=programme.pk)
    return render(
        request,
        "enrollment/programmes/line_form.html",
        {"form": form, "programme": programme},
    )
