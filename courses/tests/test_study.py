import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import CoursePage, LectureProgress
from courses.selectors import course_search, progress_matrix
from courses.services import NOT_OPENED, TOO_EARLY, lecture_progress_record
from enrollment.models import Enrolment
from tests.factories import (
    CityOfficerFactory,
    CountyOfficerFactory,
    EnrolmentFactory,
    RepresentativeFactory,
    TrainerFactory,
)

from .factories import CoursePageFactory, LecturePageFactory


@pytest.fixture
def enrolled_rep(course):
    enrolment = EnrolmentFactory()
    enrolment.session.courses.add(course)
    return RepresentativeFactory(enterprise=enrolment.enterprise)


@pytest.mark.smoke
def test_enrolled_only_course_answers_404_to_others(client, course, lecture):
    outsider = RepresentativeFactory()
    for user in (None, outsider, TrainerFactory()):
        if user:
            client.force_login(user)
        assert client.get(course.url).status_code == 404
        assert client.get(lecture.url).status_code == 404


def test_enrolled_representative_reads_course_and_lecture(
    client, enrolled_rep, course, lecture
):
    client.force_login(enrolled_rep)
    assert client.get(course.url).status_code == 200
    response = client.get(lecture.url)
    assert response.status_code == 200
    assert "严重失信" in response.content.decode()


def test_cancelled_enrolment_loses_access(client, enrolled_rep, course):
    Enrolment.objects.filter(enterprise=enrolled_rep.enterprise).update(
        status=Enrolment.Status.CANCELLED
    )
    client.force_login(enrolled_rep)
    assert client.get(course.url).status_code == 404


def test_offices_and_own_agency_trainers_may_view(client, course, agency):
    for user in (
        CountyOfficerFactory(),
        CityOfficerFactory(),
        TrainerFactory(agency=agency),
    ):
        client.force_login(user)
        assert client.get(course.url).status_code == 200


def test_public_lecture_open_to_anonymous(client, tree):
    course = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    lecture = LecturePageFactory(parent=course)
    assert client.get(course.url).status_code == 200
    response = client.get(lecture.url)
    assert response.status_code == 200
    assert "登录后可记录学习进度" in response.content.decode()


def test_study_list_shows_enrolled_and_public_courses(client, enrolled_rep, tree):
    public = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    hidden = CoursePageFactory(parent=tree, title="未报名课程")
    client.force_login(enrolled_rep)
    html = client.get("/courses/").content.decode()
    assert public.title in html
    assert hidden.title not in html
    assert "已报名场次" in html


@pytest.mark.smoke
def test_progress_is_recorded_once_and_is_idempotent(client, enrolled_rep, lecture):
    client.force_login(enrolled_rep)
    url = f"/courses/lectures/{lecture.pk}/progress/"
    assert client.post(url, {"event": "open"}).json() == {"ok": True, "done": False}
    first = client.post(url, {"event": "end"}).json()
    assert first == {"ok": True, "done": True}
    completed = LectureProgress.objects.get().completed_at
    client.post(url, {"event": "open"})
    client.post(url, {"event": "end"})
    progress = LectureProgress.objects.get()
    assert progress.completed_at == completed
    assert progress.completion_method == "end"
    assert progress.enterprise_id == enrolled_rep.enterprise_id
    course_html = client.get(lecture.get_parent().url).content.decode()
    assert "已学完 1 / 1 讲" in course_html


def test_progress_by_time_needs_the_time_to_pass(enrolled_rep, lecture):
    start = timezone.now()
    lecture_progress_record(user=enrolled_rep, lecture=lecture, event="open", now=start)
    with pytest.raises(ValidationError) as exc:
        lecture_progress_record(
            user=enrolled_rep,
            lecture=lecture,
            event="time",
            now=start + datetime.timedelta(seconds=10),
        )
    assert TOO_EARLY.format(seconds=60) in exc.value.messages
    done = lecture_progress_record(
        user=enrolled_rep,
        lecture=lecture,
        event="time",
        now=start + datetime.timedelta(seconds=61),
    )
    assert done.completion_method == LectureProgress.Method.TIME_ELAPSED


def test_progress_needs_opening_first(enrolled_rep, lecture):
    with pytest.raises(ValidationError) as exc:
        lecture_progress_record(user=enrolled_rep, lecture=lecture, event="end")
    assert NOT_OPENED in exc.value.messages
    assert not LectureProgress.objects.exists()


def test_progress_beacon_404_for_outsider(client, lecture):
    client.force_login(RepresentativeFactory())
    url = f"/courses/lectures/{lecture.pk}/progress/"
    assert client.post(url, {"event": "open"}).status_code == 404
    assert not LectureProgress.objects.exists()


def test_office_sees_progress_per_enterprise_in_scope(
    client, enrolled_rep, course, lecture
):
    LecturePageFactory(parent=course)
    lecture_progress_record(user=enrolled_rep, lecture=lecture, event="open")
    lecture_progress_record(user=enrolled_rep, lecture=lecture, event="end")
    region = enrolled_rep.enterprise.region
    county = CountyOfficerFactory(office__region=region)
    matrix = progress_matrix(user=county)
    assert matrix.rows == [(enrolled_rep.enterprise, [(1, 2)])]
    other_county = CountyOfficerFactory()
    assert progress_matrix(user=other_county).rows == []
    client.force_login(county)
    html = client.get("/courses/progress/").content.decode()
    assert enrolled_rep.enterprise.name in html
    assert "1 / 2" in html
    client.force_login(enrolled_rep)
    assert client.get("/courses/progress/").status_code == 404


def test_chinese_query_finds_lecture(client, tree):
    course = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    lecture = LecturePageFactory(
        parent=course,
        title="第三讲 修复流程",
        body=[
            ("paragraph_block", "<p>涉及特定严重失信行为的行政处罚信息不予修复。</p>")
        ],
    )
    found = course_search(user=RepresentativeFactory(), query="特定严重失信")
    assert lecture.pk in [p.pk for p in found]
    assert course_search(user=RepresentativeFactory(), query="承诺书") == []
    html = client.get("/courses/search/", {"q": "严重失信"}).content.decode()
    assert "第三讲 修复流程" in html


def test_search_hides_enrolled_only_lectures_from_outsiders(course):
    LecturePageFactory(parent=course, title="内部讲义")
    assert course_search(user=RepresentativeFactory(), query="严重失信") == []


def test_unpublished_or_unknown_pages_answer_404(client, tree):
    course = CoursePageFactory(parent=tree, visibility=CoursePage.Visibility.PUBLIC)
    lecture = LecturePageFactory(parent=course)
    url = lecture.url
    assert client.get(url).status_code == 200
    assert client.get(url + "missing/").status_code == 404
    course.unpublish()
    assert client.get(url).status_code == 404
