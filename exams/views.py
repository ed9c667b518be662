"""HTTP for the exams app: thin wrappers around services and selectors."""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.models import User
from common.audit import audit_record, client_ip
from common.exports import csv_response, xlsx_response
from common.forms import errors_flash, form_errors_add

from . import selectors, services
from .forms import PaperForm, QuestionForm, QuestionImportForm
from .models import Attempt, Topic

BAD_JSON = (
    "请求格式错误：应为 JSON，含 question（题目编号）和 options（选项编号列表）。"
)
STAFF_ROLES = {User.Role.TRAINER, User.Role.CITY_OFFICE, User.Role.ADMIN}
RESULT_ROLES = STAFF_ROLES | {User.Role.COUNTY_OFFICE}


# --- candidate ----------------------------------------------------------------------


@login_required
def exam_index(request):
    """Where 结业考试 leads: the candidate's exams, or results for staff."""
    if request.user.role == User.Role.ENTERPRISE and not request.user.is_superuser:
        return redirect("exams:mine")
    return redirect("exams:results")


@role_required(User.Role.ENTERPRISE)
def my_exams(request):
    exams = selectors.candidate_exams(user=request.user)
    return render(request, "exams/my_exams.html", {"exams": exams})


@require_POST
@role_required(User.Role.ENTERPRISE)
def attempt_start(request, enrolment_pk: int):
    enrolment = selectors.candidate_enrolment_get(user=request.user, pk=enrolment_pk)
    try:
        attempt = services.attempt_start(enrolment=enrolment, candidate=request.user)
    except ValidationError as exc:
        errors_flash(request, exc)
        return redirect("exams:mine")
    return redirect("exams:take", pk=attempt.pk)


@login_required
def attempt_take(request, pk: int):
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    attempt = services.attempt_close_if_expired(attempt=attempt)
    if attempt.status != Attempt.Status.OPEN:
        return redirect("exams:result", pk=attempt.pk)
    context = {
        "attempt": attempt,
        "items": selectors.attempt_paper(attempt=attempt),
        "remaining": selectors.remaining_seconds(attempt=attempt),
    }
    return render(request, "exams/take.html", context)


def _json_error(message: str, status: int = 400, **extra):
    return JsonResponse({"ok": False, "error": message, **extra}, status=status)


@require_POST
@login_required
def answer_save(request, pk: int):
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    try:
        payload = json.loads(request.body)
        question_id = int(payload["question"])
        option_ids = [int(o) for o in payload.get("options", [])]
    # Overflow: 1e400 parses as infinity; recursion: "[[[[…" nested past the limit.
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError):
        return _json_error(BAD_JSON)
    if not all(0 < i < 2**63 for i in (question_id, *option_ids)):
        return _json_error(BAD_JSON)  # beyond a database id (SQLite overflows)
    try:
        services.answer_save(
            attempt=attempt, question_id=question_id, option_ids=option_ids
        )
    except ValidationError as exc:
        closed = exc.messages[0] in (services.ANSWER_LATE, services.ATTEMPT_CLOSED)
        return _json_error(
            exc.messages[0],
            status=409 if closed else 400,
            closed=closed,
            result_url=reverse("exams:result", args=[attempt.pk]),
        )
    return JsonResponse(
        {"ok": True, "remaining": selectors.remaining_seconds(attempt=attempt)}
    )


@require_GET
@login_required
def attempt_status(request, pk: int):
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    attempt = services.attempt_close_if_expired(attempt=attempt)
    return JsonResponse(
        {
            "status": attempt.status,
            "remaining": selectors.remaining_seconds(attempt=attempt),
            "result_url": reverse("exams:result", args=[attempt.pk]),
        }
    )


@require_POST
@login_required
def attempt_submit(request, pk: int):
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    wants_json = request.content_type == "application/json"
    late = None
    try:
        attempt = services.attempt_submit(attempt=attempt)
    except ValidationError as exc:
        late = exc.messages[0]
    result_url = reverse("exams:result", args=[attempt.pk])
    if wants_json:
        return JsonResponse(
            {"ok": late is None, "error": late, "result_url": result_url}
        )
    if late:
        messages.warning(request, late)
    else:
        messages.success(request, "已交卷。")
    return redirect(result_url)


@login_required
def attempt_result(request, pk: int):
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    attempt = services.attempt_close_if_expired(attempt=attempt)
    if attempt.status == Attempt.Status.OPEN:
        return redirect("exams:take", pk=attempt.pk)
    review = None
    if selectors.review_allowed(attempt=attempt):
        review = selectors.attempt_review(attempt=attempt)
    return render(
        request,
        "exams/result.html",
        {"attempt": attempt, "review": review, "policy": attempt.paper.review_policy},
    )


# --- question bank ------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def question_list(request):
    qs = selectors.question_list(user=request.user).prefetch_related("options")
    topic = request.GET.get("topic", "")
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    return render(
        request,
        "exams/question_list.html",
        {"questions": qs, "topics": Topic.choices, "topic": topic},
    )


@role_required(*STAFF_ROLES)
def question_create(request):
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_create(
                author=request.user,
                kind=data["kind"],
                topic=data["topic"],
                difficulty=data["difficulty"],
                stem=data["stem"],
                explanation=data["explanation"],
                options=data["options"],
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "试题已添加。")
            return redirect("exams:questions")
    return render(request, "exams/question_form.html", {"form": form})


@require_POST
@role_required(*STAFF_ROLES)
def question_toggle(request, pk: int):
    question = selectors.question_list(user=request.user).filter(pk=pk).first()
    if question is None:
        raise Http404
    own = (
        question.agency_id is not None and question.agency_id == request.user.agency_id
    )
    city = question.agency_id is None and request.user.role != User.Role.TRAINER
    if not (own or city):
        raise Http404
    services.question_set_active(question=question, active=not question.is_active)
    return redirect("exams:questions")


@role_required(*STAFF_ROLES)
def question_import(request):
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.question_import(
                author=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form_errors_add(form, exc, fallback="file")
        else:
            if not result.errors:
                messages.success(request, f"已导入 {result.created} 道试题。")
                return redirect("exams:questions")
    return render(
        request, "exams/question_import.html", {"form": form, "result": result}
    )


@role_required(*STAFF_ROLES)
def question_export(request):
    qs = selectors.question_list(user=request.user).prefetch_related("options")
    audit_record(
        actor=request.user,
        action="exams.question_export",
        kind="export",
        scope="题库导出",
        ip_address=client_ip(request),
    )
    return xlsx_response(
        "题库.xlsx",
        services.IMPORT_HEADER,
        services.question_export_rows(qs),
        title="题库",
    )


# --- papers -------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def paper_list(request):
    papers = selectors.paper_list(user=request.user)
    return render(request, "exams/paper_list.html", {"papers": papers})


@role_required(*STAFF_ROLES)
def paper_create(request):
    questions = selectors.question_list(user=request.user).filter(is_active=True)
    sessions = selectors.session_list(user=request.user).filter(exam_link__isnull=True)
    form = PaperForm(request.POST or None, questions=questions, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        points = data.get("question_points") or Decimal(5)
        try:
            paper = services.paper_create(
                author=request.user,
                title=data["title"],
                mode=data["mode"],
                pass_mark=data["pass_mark"],
                time_limit_minutes=data["time_limit_minutes"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                attempts_allowed=data["attempts_allowed"],
                review_policy=data["review_policy"],
                partial_credit=data["partial_credit"],
                fixed=[(q, points) for q in data["questions"]],
                rules=[
                    services.RuleSpec(topic=t, count=c, points=p or Decimal(5))
                    for t, c, p in data["rules"]
                ],
                sessions=list(data["sessions"]),
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "试卷已创建。")
            return redirect("exams:paper", pk=paper.pk)
    return render(request, "exams/paper_form.html", {"form": form})


@role_required(*STAFF_ROLES)
def paper_detail(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk)
    fixed = paper.fixed_questions.select_related("question")
    context = {
        "paper": paper,
        "fixed": fixed,
        "rules": paper.rules.all(),
        "links": paper.links.select_related("session"),
    }
    return render(request, "exams/paper_detail.html", context)


@role_required(*STAFF_ROLES)
def paper_stats(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk)
    stats = selectors.item_statistics(paper=paper)
    return render(request, "exams/paper_stats.html", {"paper": paper, "stats": stats})


# --- results ------------------------------------------------------------------------


@role_required(*RESULT_ROLES)
def results(request):
    sessions = selectors.session_result_list(user=request.user)
    return render(request, "exams/results.html", {"sessions": sessions})


RESULT_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "地区",
    "考试次数",
    "最高得分",
    "是否通过",
]


@role_required(*RESULT_ROLES)
def session_results(request, pk: int):
    session = selectors.session_result_get(user=request.user, pk=pk)
    rows = selectors.session_results(session=session)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        audit_record(
            actor=request.user,
            action="exams.results_export",
            kind="export",
            obj=session,
            scope=f"场次成绩（{fmt}）",
            ip_address=client_ip(request),
        )
        data = [
            [
                r.enrolment.enterprise.name,
                r.enrolment.enterprise.uscc,
                r.enrolment.enterprise.region.name,
                r.attempts,
                r.best.score if r.best else "",
                "通过" if r.best and r.best.passed else "未通过",
            ]
            for r in rows
        ]
        respond = xlsx_response if fmt == "xlsx" else csv_response
        return respond(f"考试成绩-{session.title}.{fmt}", RESULT_HEADER, data)
    return render(
        request, "exams/session_results.html", {"session": session, "rows": rows}
    )


@role_required(*RESULT_ROLES)
def region_results(request):
    rows = selectors.region_results(user=request.user)
    return render(
        request, "exams/region_results.html", {"rows": rows, "now": timezone.now()}
    )
