"""Wagtail's events: drop the anonymous page cache whenever what anonymous readers
see may change, and tell people about 「课程内容审核」 tasks (Wagtail reports them only
as signals)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    task_approved,
    task_rejected,
    task_submitted,
)

from .models import CourseIndexPage, CoursePage, LecturePage
from .page_cache import anonymous_pages_invalidate
from .services import course_review_decided_notify, course_review_requested_notify


def _invalidate(**kwargs) -> None:
    # Now, so this transaction's own later reads miss; and again after commit, or a
    # reader could take the new generation, read the old committed page and store it.
    anonymous_pages_invalidate()
    transaction.on_commit(anonymous_pages_invalidate)


def _review_requested(instance, **kwargs) -> None:
    course_review_requested_notify(task_state=instance)


def _review_approved(instance, **kwargs) -> None:
    course_review_decided_notify(task_state=instance, approved=True)


def _review_rejected(instance, **kwargs) -> None:
    course_review_decided_notify(task_state=instance, approved=False)


def connect() -> None:
    task_submitted.connect(_review_requested, dispatch_uid="courses_review_submitted")
    task_approved.connect(_review_approved, dispatch_uid="courses_review_approved")
    task_rejected.connect(_review_rejected, dispatch_uid="courses_review_rejected")
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
