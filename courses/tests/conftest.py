import pytest

from courses.services import agency_course_tree_ensure, city_course_tree_ensure
from tests.factories import AgencyFactory

from .factories import CoursePageFactory, LecturePageFactory


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def tree(agency):
    return agency_course_tree_ensure(agency=agency)


@pytest.fixture
def city_tree(db):
    return city_course_tree_ensure()


@pytest.fixture
def course(tree):
    return CoursePageFactory(parent=tree)


@pytest.fixture
def lecture(course):
    return LecturePageFactory(parent=course)
