"""Session feedback: attendees answer the survey; offices read the summaries."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from common.audit import audit_request
from common.forms import form_errors_add
from enrollment.models import Enrolment

from .. import selectors, services
from ..models import FeedbackQuestion
from ..selectors import scoped_region_ids
from ._base import office_required, scope_label


def _survey_form(survey, data=None) -> forms.Form:
    """A form built from the survey's questions (the questions are data)."""
    form = forms.Form(data)
    for question in survey.questions.all():
        name = services.field_name(question)
        label = f"{question.position}. {question.text}"
        if question.kind == FeedbackQuestion.Kind.RATING:
            field = forms.ChoiceField(
                label=label,
                choices=[(str(i), f"{i} 分") for i in range(5, 0, -1)],
                widget=forms.RadioSelect,
            )
        elif question.kind == FeedbackQuestion.Kind.CHOICE:
            field = forms.ChoiceField(
                label=label,
                choices=[(o, o) for o in question.options or []],
                widget=forms.RadioSelect,
            )
        else:
            field = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=services.TEXT_LIMIT,
            )
        field.required = False  # the service decides, with its own messages
        form.fields[name] = field
    return form


@login_required
def feedback_mine(request):
    """The representative's sessions that still wait for feedback."""
    return render(
        request,
        "reports/feedback_mine.html",
        {
            "pending": selectors.feedback_pending(user=request.user),
            "survey": selectors.active_survey(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_answer(request, enrolment_pk: int):
    """Answer the active survey for one attended session of one's own enterprise."""
    if not request.user.enterprise_id:
        raise Http404
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session", "attendance"),
        pk=enrolment_pk,
        enterprise_id=request.user.enterprise_id,
    )
    survey = selectors.active_survey()
    if survey is None:
        raise Http404
    form = _survey_form(survey, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                enrolment=enrolment,
                actor=request.user,
                answers=form.cleaned_data,
                survey=survey,
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "感谢您的反馈，已提交。")
            return redirect("reports:feedback_mine")
    return render(
        request,
        "reports/feedback_answer.html",
        {"form": form, "survey": survey, "enrolment": enrolment},
    )


@office_required
def sessions(request):
    """Sessions in scope with enrolled and feedback counts, linking to the lists."""
    qs = selectors.session_feedback_counts(selectors.session_list(user=request.user))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "reports/sessions.html", {"page": page})


@office_required
def session_feedback(request, pk: int):
    """The feedback summary of one session in scope."""
    session = selectors.session_get(user=request.user, pk=pk)
    audit_request(
        request,
        action="reports.feedback.session",
        obj=session,
        scope=scope_label(request),
    )
    return render(
        request,
        "reports/feedback_summary.html",
        {
            "subject": session.title,
            "summary": selectors.session_feedback_summary(session=session),
        },
    )


@office_required
def agency_feedback(request, pk: int):
    """The feedback summary over an agency's sessions, within the reader's regions."""
    agency = selectors.agency_get(user=request.user, pk=pk)
    audit_request(
        request,
        action="reports.feedback.agency",
        obj=agency,
        scope=scope_label(request),
    )
    summary = selectors.agency_feedback_summary(
        agency=agency, region_ids=scoped_region_ids(user=request.user)
    )
    return render(
        request,
        "reports/feedback_summary.html",
        {"subject": agency.name, "summary": summary},
    )
