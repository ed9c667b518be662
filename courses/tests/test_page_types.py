from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CourseIndexPage, CoursePage, LecturePage, Topic
from courses.services import city_course_tree_ensure, courses_root_ensure
from tests.factories import AdminFactory

from .factories import CoursePageFactory


class CoursePageTypesTests(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(AdminFactory())
        self.root = courses_root_ensure()
        self.city = city_course_tree_ensure()

    def test_course_index_can_be_created_under_an_index(self):
        self.assertCanCreateAt(CourseIndexPage, CourseIndexPage)
        self.assertCanCreate(
            self.root,
            CourseIndexPage,
            nested_form_data(
                {"title": "测试机构课程", "slug": "t-agency", "intro": rich_text("")}
            ),
        )

    def test_course_page_can_be_created_in_a_tree(self):
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)
        self.assertCanCreate(
            self.city,
            CoursePage,
            nested_form_data(
                {
                    "title": "信用修复流程",
                    "slug": "repair",
                    "topic": Topic.REPAIR_PROCEDURE,
                    "class_hours": "3",
                    "audience": "失信企业法定代表人",
                    "learning_objectives": rich_text("<p>了解流程</p>"),
                    "visibility": CoursePage.Visibility.PUBLIC,
                }
            ),
        )

    def test_lecture_page_can_be_created_with_blocks(self):
        course = CoursePageFactory(parent=self.city)
        self.assertCanCreateAt(CoursePage, LecturePage)
        self.assertCanNotCreateAt(CourseIndexPage, LecturePage)
        self.assertCanCreate(
            course,
            LecturePage,
            nested_form_data(
                {
                    "title": "第一讲",
                    "slug": "l1",
                    "summary": "摘要",
                    "done_after_seconds": "120",
                    "body": streamfield(
                        [
                            (
                                "heading_block",
                                {"heading_text": "一、概述", "size": "h2"},
                            ),
                            (
                                "self_check_block",
                                {
                                    "question": "每场次不少于几学时？",
                                    "answer": rich_text("<p>3学时以上</p>"),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        lecture = LecturePage.objects.get(slug="l1")
        assert [b.block_type for b in lecture.body] == [
            "heading_block",
            "self_check_block",
        ]
