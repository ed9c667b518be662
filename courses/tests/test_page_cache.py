"""The whole-page cache of public course pages for anonymous readers."""

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.models import CoursePage
from courses.page_cache import HIT_HEADER
from tests.factories import EnrolmentFactory, RepresentativeFactory

from .factories import CoursePageFactory, LecturePageFactory

# A cache hit may load an anonymous session at most; no site lookup, no routing.
CACHED_PAGE_MAX_QUERIES = 1


@pytest.fixture
def public_course(tree):
    return CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)


@pytest.fixture
def public_lecture(public_course):
    return LecturePageFactory(parent=public_course)


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


@pytest.mark.smoke
def test_cached_anonymous_lecture_is_served_with_few_queries(client, public_lecture):
    first, _ = _get(client, public_lecture.url)
    assert first.status_code == 200
    assert HIT_HEADER not in first
    second, queries = _get(client, public_lecture.url)
    assert second.status_code == 200
    assert second[HIT_HEADER] == "hit"
    assert queries <= CACHED_PAGE_MAX_QUERIES
    assert second.content == first.content
    assert "严重失信" in second.content.decode()


def test_public_course_page_is_cached_too(client, public_course, public_lecture):
    client.get(public_course.url)
    response, queries = _get(client, public_course.url)
    assert response[HIT_HEADER] == "hit"
    assert queries <= CACHED_PAGE_MAX_QUERIES
    assert public_lecture.title in response.content.decode()


def test_anonymous_lecture_carries_no_csrf_token(client, public_lecture):
    response = client.get(public_lecture.url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_publishing_a_new_revision_shows_at_once(
    client, public_lecture, django_capture_on_commit_callbacks
):
    client.get(public_lecture.url)
    assert client.get(public_lecture.url)[HIT_HEADER] == "hit"
    public_lecture.body = [("paragraph_block", "<p>新版正文</p>")]
    with django_capture_on_commit_callbacks(execute=True):
        public_lecture.save_revision().publish()
    html = client.get(public_lecture.url).content.decode()
    assert "新版正文" in html
    assert "严重失信" not in html


def test_unpublished_lecture_is_not_served_from_cache(client, public_lecture):
    client.get(public_lecture.url)
    public_lecture.unpublish()
    assert client.get(public_lecture.url).status_code == 404


def test_enrolled_only_page_is_never_served_from_the_anonymous_cache(
    client, course, lecture
):
    enrolment = EnrolmentFactory()
    enrolment.session.courses.add(course)
    client.force_login(RepresentativeFactory(enterprise=enrolment.enterprise))
    for _ in range(2):
        response = client.get(lecture.url)
        assert response.status_code == 200
        assert HIT_HEADER not in response
    client.logout()
    for url in (lecture.url, course.url):
        assert client.get(url).status_code == 404
    client.force_login(RepresentativeFactory())
    assert client.get(lecture.url).status_code == 404


def test_course_turned_enrolled_only_stops_being_served(
    client, public_course, public_lecture
):
    client.get(public_lecture.url)
    public_course.visibility = CoursePage.Visibility.ENROLLED
    public_course.save_revision().publish()
    assert client.get(public_lecture.url).status_code == 404


def test_signed_in_readers_get_their_own_render(client, public_lecture):
    client.get(public_lecture.url)  # stored for anonymous readers
    client.force_login(RepresentativeFactory())
    response = client.get(public_lecture.url)
    assert HIT_HEADER not in response
    assert "data-beacon-url" in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_view_restriction_applies_to_cached_page(client, public_lecture):
    client.get(public_lecture.url)
    PageViewRestriction.objects.create(
        page=public_lecture, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(public_lecture.url)
    assert response.status_code == 302
    assert HIT_HEADER not in response


def test_languages_are_cached_apart(client, public_lecture):
    client.get(public_lecture.url)
    client.cookies["django_language"] = "en"
    response = client.get(public_lecture.url)
    assert HIT_HEADER not in response
    assert 'lang="en"' in response.content.decode()
    assert client.get(public_lecture.url)[HIT_HEADER] == "hit"


def test_reader_with_a_pending_message_bypasses_the_cache(client, public_lecture):
    client.get(public_lecture.url)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(INFO, "已退出登录。")])
    page = client.get(public_lecture.url)
    assert HIT_HEADER not in page
    assert "已退出登录。" in page.content.decode()
    client.cookies.pop("messages", None)
    assert "已退出登录。" not in client.get(public_lecture.url).content.decode()
