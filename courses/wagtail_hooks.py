"""Wagtail hooks: course tree permissions; whole-page cache for anonymous readers."""

from wagtail import hooks

from .models import CourseIndexPage, CoursePage, LecturePage
from .page_cache import (
    anonymous_page_cacheable,
    anonymous_page_get,
    anonymous_page_store_after_render,
)
from .services import course_tree_permissions_sync


def _sync_tree(request, page):
    page = page.specific
    if isinstance(page, CourseIndexPage) and page.depth > 3:
        course_tree_permissions_sync(tree=page)


hooks.register("after_create_page", _sync_tree)
hooks.register("after_edit_page", _sync_tree)


@hooks.register("on_serve_page", order=-1)
def _anonymous_page_cache(serve):
    # Outermost (order -1): a hit skips the view-restriction check and the render.
    # Restriction changes start a new cache generation, so a hit is never stale.
    def inner(page, request, args, kwargs):
        if not (
            isinstance(page, LecturePage | CoursePage)
            and anonymous_page_cacheable(request)
        ):
            return serve(page, request, args, kwargs)
        cached = anonymous_page_get(request)
        if cached is not None:
            return cached
        response = serve(page, request, args, kwargs)
        if _public(page, request):
            anonymous_page_store_after_render(request, response)
        return response

    return inner


def _public(page, request) -> bool:
    # A lecture's course is known once LecturePage.serve let the reader in.
    course = (
        page
        if isinstance(page, CoursePage)
        else getattr(request, "lecture_course", None)
    )
    return course is not None and course.visibility == CoursePage.Visibility.PUBLIC
