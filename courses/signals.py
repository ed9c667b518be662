"""Drop the anonymous page cache whenever what anonymous readers see may change."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CourseIndexPage, CoursePage, LecturePage
from .page_cache import anonymous_pages_invalidate


def _invalidate(**kwargs) -> None:
    # Now, so this transaction's own later reads miss; and again after commit, or a
    # reader could take the new generation, read the old committed page and store it.
    anonymous_pages_invalidate()
    transaction.on_commit(anonymous_pages_invalidate)


def connect() -> None:
    page_published.connect(_invalidate, dispatch_uid="courses_cache_pub")
    page_unpublished.connect(_invalidate, dispatch_uid="courses_cache_unpub")
    post_page_move.connect(_invalidate, dispatch_uid="courses_cache_move")
    for model in (Page, CourseIndexPage, CoursePage, LecturePage):
        post_delete.connect(
            _invalidate,
            sender=model,
            dispatch_uid=f"courses_cache_{model.__name__}_delete",
        )
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                _invalidate,
                sender=model,
                dispatch_uid=f"courses_cache_{model.__name__}_{signal is post_save}",
            )
