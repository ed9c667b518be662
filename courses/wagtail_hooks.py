"""Wagtail admin hooks: keep a course tree's permissions in line with its settings."""

from wagtail import hooks

from .models import CourseIndexPage
from .services import course_tree_permissions_sync


def _sync_tree(request, page):
    page = page.specific
    if isinstance(page, CourseIndexPage) and page.depth > 3:
        course_tree_permissions_sync(tree=page)


hooks.register("after_create_page", _sync_tree)
hooks.register("after_edit_page", _sync_tree)
