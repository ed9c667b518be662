"""Reads about courses: who may read what, reading progress and search."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from wagtail.models import Page

from accounts.models import User
from enrollment.models import Enrolment
from enterprises.selectors import enterprise_list

from .models import CourseIndexPage, CoursePage, LecturePage, LectureProgress
from .text import cjk_query

OFFICE_ROLES = frozenset(
    {User.Role.COUNTY_OFFICE, User.Role.CITY_OFFICE, User.Role.ADMIN}
)
SEARCH_LIMIT = 50


def enrolled_course_ids(*, user: User) -> set[int]:
    """Ids of the course pages of the sessions `user`'s enterprise is enrolled in."""
    if not user.is_authenticated or not user.enterprise_id:
        return set()
    ids = Enrolment.objects.filter(
        enterprise_id=user.enterprise_id,
        status=Enrolment.Status.ENROLLED,
        session__courses__isnull=False,
    ).values_list("session__courses", flat=True)
    return set(ids)


def _is_office(user: User) -> bool:
    return user.is_superuser or user.role in OFFICE_ROLES


def course_tree(*, course: CoursePage) -> CourseIndexPage | None:
    """The course index (agency tree or city tree) directly above `course`."""
    return CourseIndexPage.objects.filter(path=course.path[: -course.steplen]).first()


def course_viewable(*, user: User, course: CoursePage) -> bool:
    """Whether `user` may read `course`: public, enrolled, or staff who may see it."""
    if course.visibility == CoursePage.Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if _is_office(user):
        return True
    if user.role == User.Role.TRAINER:
        tree = course_tree(course=course)
        owner = tree.owner_agency_id if tree else None
        return owner is None or owner == user.agency_id
    if user.role == User.Role.ENTERPRISE:
        return course.pk in enrolled_course_ids(user=user)
    return False


def lecture_course(*, lecture: LecturePage) -> CoursePage | None:
    """The course a lecture belongs to (its parent page)."""
    return CoursePage.objects.filter(path=lecture.path[: -lecture.steplen]).first()


def lecture_viewable(*, user: User, course: CoursePage) -> bool:
    """A lecture is as readable as its course, and only while the course is live."""
    return course.live and course_viewable(user=user, course=course)


def course_list_visible(
    *, user: User, under: Page | None = None
) -> QuerySet[CoursePage]:
    """Live courses `user` may read, optionally only those below `under`."""
    qs = CoursePage.objects.live().order_by("path")
    if under is not None:
        qs = qs.descendant_of(under)
    if user.is_authenticated and _is_office(user):
        return qs
    allowed = Q(visibility=CoursePage.Visibility.PUBLIC)
    if user.is_authenticated and user.role == User.Role.TRAINER:
        own_trees = CourseIndexPage.objects.filter(
            Q(owner_agency__isnull=True) | Q(owner_agency_id=user.agency_id)
        )
        paths = list(own_trees.values_list("path", "depth"))
        allowed |= reduce(
            or_,
            (Q(path__startswith=p, depth=d + 1) for p, d in paths),
            Q(pk__in=[]),
        )
    elif user.is_authenticated:
        allowed |= Q(pk__in=enrolled_course_ids(user=user))
    return qs.filter(allowed)


def course_list_for_study(*, user: User) -> list[CoursePage]:
    """What a representative studies: enrolled courses first, then public ones."""
    enrolled = enrolled_course_ids(user=user)
    courses = list(
        CoursePage.objects.live()
        .filter(Q(pk__in=enrolled) | Q(visibility=CoursePage.Visibility.PUBLIC))
        .order_by("path")
    )
    courses.sort(key=lambda c: c.pk not in enrolled)
    done = _done_counts(user=user, courses=courses)
    totals = lecture_counts(courses=courses)
    for course in courses:
        course.is_enrolled = course.pk in enrolled
        course.lectures_total = totals.get(course.pk, 0)
        course.lectures_done = done.get(course.pk, 0)
    return courses


def lecture_counts(*, courses: list[CoursePage]) -> dict[int, int]:
    """Number of live lectures per course id, in one query."""
    if not courses:
        return {}
    by_path = {c.path: c.pk for c in courses}
    steplen = courses[0].steplen
    paths = LecturePage.objects.live().filter(
        reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    )
    counts: dict[int, int] = {}
    for path in paths.values_list("path", flat=True):
        course_id = by_path[path[:-steplen]]
        counts[course_id] = counts.get(course_id, 0) + 1
    return counts


def _done_counts(*, user: User, courses: list[CoursePage]) -> dict[int, int]:
    if not user.is_authenticated or not courses:
        return {}
    rows = (
        LectureProgress.objects.filter(
            user=user,
            course__in=[c.pk for c in courses],
            completed_at__isnull=False,
            lecture__live=True,
        )
        .values("course")
        .annotate(n=Count("lecture"))
    )
    return {r["course"]: r["n"] for r in rows}


@dataclass
class CourseProgress:
    """A reader's progress through one course."""

    lectures: list[LecturePage] = field(default_factory=list)
    done_ids: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.lectures)

    @property
    def done(self) -> int:
        return sum(1 for lecture in self.lectures if lecture.pk in self.done_ids)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def course_progress(*, user: User, course: CoursePage) -> CourseProgress:
    """The course's live lectures and which of them `user` has finished."""
    lectures = list(
        LecturePage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("title", "slug", "url_path", "summary", "path", "depth")
    )
    done: set[int] = set()
    if user.is_authenticated:
        done = set(
            LectureProgress.objects.filter(
                user=user, course=course, completed_at__isnull=False
            ).values_list("lecture_id", flat=True)
        )
    return CourseProgress(lectures=lectures, done_ids=done)


def lecture_done(*, user: User, lecture: LecturePage) -> bool:
    """Whether `user` has finished `lecture`."""
    if not user.is_authenticated:
        return False
    return LectureProgress.objects.filter(
        user=user, lecture=lecture, completed_at__isnull=False
    ).exists()


@dataclass
class ProgressMatrix:
    """Enterprises × courses: lectures finished over lectures in the course."""

    enterprises: list
    courses: list[CoursePage]
    rows: list[tuple] = field(default_factory=list)


def progress_matrix(*, user: User, enterprise_ids: list[int] | None = None):
    """Progress per enterprise in `user`'s scope and per course of its sessions.

    Each row is (enterprise, [cell, ...]); a cell is None when the enterprise is not
    enrolled in a session teaching that course, else (done, total).
    """
    enterprises = enterprise_list(user=user).filter(
        enrolments__status=Enrolment.Status.ENROLLED,
        enrolments__session__courses__isnull=False,
    )
    if enterprise_ids is not None:
        enterprises = enterprises.filter(pk__in=enterprise_ids)
    enterprises = list(enterprises.distinct().order_by("region__code", "name"))
    pairs = set(
        Enrolment.objects.filter(
            enterprise__in=enterprises,
            status=Enrolment.Status.ENROLLED,
            session__courses__isnull=False,
        ).values_list("enterprise_id", "session__courses")
    )
    course_ids = {course_id for _, course_id in pairs}
    courses = list(CoursePage.objects.filter(pk__in=course_ids).order_by("path"))
    totals = lecture_counts(courses=courses)
    done = {
        (r["enterprise"], r["course"]): r["n"]
        for r in LectureProgress.objects.filter(
            enterprise__in=enterprises,
            course__in=courses,
            completed_at__isnull=False,
            lecture__live=True,
        )
        .values("enterprise", "course")
        .annotate(n=Count("lecture", distinct=True))
    }
    matrix = ProgressMatrix(enterprises=enterprises, courses=courses)
    for enterprise in enterprises:
        cells = [
            (done.get((enterprise.pk, c.pk), 0), totals.get(c.pk, 0))
            if (enterprise.pk, c.pk) in pairs
            else None
            for c in courses
        ]
        matrix.rows.append((enterprise, cells))
    return matrix


def course_search(*, user: User, query: str) -> list[Page]:
    """Live courses and lectures matching `query` (Chinese too) that `user` may read."""
    terms = cjk_query(query)
    if not terms:
        return []
    results = (
        Page.objects.live()
        .type(CoursePage, LecturePage)
        .specific()
        .search(terms, operator="and")[:SEARCH_LIMIT]
    )
    visible = set(course_list_visible(user=user).values_list("path", flat=True))
    found = []
    for page in results:
        is_course = isinstance(page, CoursePage)
        course_path = page.path if is_course else page.path[: -page.steplen]
        if course_path in visible:
            found.append(page)
    return found
