"""Study list, progress beacons, the offices' progress table and course search."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST
from wagtail.views import serve as wagtail_serve

from accounts.decorators import role_required
from accounts.models import User

from .models import LecturePage
from .page_cache import anonymous_page_cacheable, anonymous_page_get
from .selectors import (
    OFFICE_ROLES,
    course_list_for_study,
    course_search,
    lecture_course,
    lecture_viewable,
    progress_matrix,
)
from .services import lecture_progress_record

PROGRESS_PAGE_SIZE = 50


@login_required
def study(request):
    courses = course_list_for_study(user=request.user)
    return render(request, "courses/study.html", {"courses": courses})


@require_POST
@login_required
def progress_beacon(request, lecture_id: int):
    lecture = get_object_or_404(LecturePage.objects.live(), pk=lecture_id)
    course = lecture_course(lecture=lecture)
    if course is None or not lecture_viewable(user=request.user, course=course):
        raise Http404
    try:
        progress = lecture_progress_record(
            user=request.user, lecture=lecture, event=request.POST.get("event", "")
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
    return JsonResponse(
        {"ok": True, "done": progress.completed_at is not None},
    )


@role_required(*OFFICE_ROLES, User.Role.TRAINER)
def office_progress(request):
    matrix = progress_matrix(user=request.user)
    page = Paginator(matrix.rows, PROGRESS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/office_progress.html",
        {"matrix": matrix, "page_obj": page},
    )


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = course_search(user=request.user, query=query) if query else []
    return render(request, "courses/search.html", {"query": query, "results": results})


def page_serve(request, path: str):
    """Wagtail's page view, answering anonymous readers from the page cache first.

    Mounted before Wagtail's own URLs so a cache hit skips the site lookup and the
    page routing (four queries); misses and everyone else go through Wagtail, whose
    on_serve_page hook (courses.wagtail_hooks) stores public pages.
    """
    if anonymous_page_cacheable(request):
        cached = anonymous_page_get(request)
        if cached is not None:
            return cached
    return wagtail_serve(request, path)
