import pytest
from wagtail.models import Page, WorkflowPage

from accounts.models import User
from courses.models import CoursePage
from courses.services import (
    CITY_GROUP_NAME,
    agency_course_tree_ensure,
    agency_group_name,
    trainer_groups_sync,
)
from tests.factories import AgencyFactory, CityOfficerFactory, TrainerFactory

from .factories import CoursePageFactory


@pytest.fixture
def two_agencies(db):
    a, b = AgencyFactory(), AgencyFactory()
    trainer_a = TrainerFactory(agency=a)
    trainer_groups_sync(user=trainer_a)
    tree_a = agency_course_tree_ensure(agency=a)
    tree_b = agency_course_tree_ensure(agency=b)
    return trainer_a, tree_a, tree_b


@pytest.mark.smoke
def test_trainer_may_publish_only_in_own_agency_tree(two_agencies):
    trainer_a, tree_a, tree_b = two_agencies
    course_b = CoursePageFactory(parent=tree_b)
    own = tree_a.permissions_for_user(trainer_a)
    other = tree_b.permissions_for_user(trainer_a)
    assert own.can_add_subpage() and own.can_publish_subpage()
    assert not other.can_add_subpage()
    assert not course_b.permissions_for_user(trainer_a).can_edit()
    assert not course_b.permissions_for_user(trainer_a).can_publish()


def test_trainer_cannot_edit_other_agency_course_in_admin(client, two_agencies):
    trainer_a, tree_a, tree_b = two_agencies
    course_b = CoursePageFactory(parent=tree_b, title="B机构课程")
    client.force_login(trainer_a)
    assert client.get(f"/cms/pages/{tree_a.pk}/").status_code == 200
    edit = client.get(f"/cms/pages/{course_b.pk}/edit/")
    assert edit.status_code in (302, 403)
    response = client.post(
        f"/cms/pages/{course_b.pk}/edit/",
        {"title": "被篡改", "slug": course_b.slug, "action-publish": "1"},
    )
    assert response.status_code in (302, 403)
    course_b.refresh_from_db()
    assert course_b.title == "B机构课程"
    add = client.get(f"/cms/pages/add/courses/coursepage/{tree_b.pk}/")
    assert add.status_code in (302, 403)


def test_trainer_admin_works_in_chinese(client, two_agencies):
    trainer_a, tree_a, _ = two_agencies
    client.force_login(trainer_a)
    response = client.get("/cms/")
    assert response.status_code == 200
    assert "控制面板" in response.content.decode()
    add = client.get(f"/cms/pages/add/courses/coursepage/{tree_a.pk}/")
    assert add.status_code == 200
    assert "培训主题" in add.content.decode()


def test_trainer_groups_follow_agency_change(two_agencies):
    trainer_a, _, tree_b = two_agencies
    other = tree_b.owner_agency
    trainer_a.agency = other
    trainer_a.save()
    groups = trainer_groups_sync(user=trainer_a)
    assert [g.name for g in groups] == [agency_group_name(other)]
    assert list(trainer_a.groups.values_list("name", flat=True)) == [
        agency_group_name(other)
    ]


def test_city_office_owns_shared_tree(city_tree):
    officer = CityOfficerFactory()
    trainer_groups_sync(user=officer)
    assert officer.groups.filter(name=CITY_GROUP_NAME).exists()
    assert city_tree.permissions_for_user(officer).can_publish_subpage()
    assert city_tree.owner_agency is None


def test_approval_tree_withholds_publish_and_assigns_workflow(two_agencies):
    trainer_a, tree_a, _ = two_agencies
    tree = agency_course_tree_ensure(agency=tree_a.owner_agency, require_approval=True)
    perms = tree.permissions_for_user(User.objects.get(pk=trainer_a.pk))
    assert perms.can_add_subpage()
    assert not perms.can_publish_subpage()
    assert WorkflowPage.objects.get(page=tree).workflow.name == "市信用办课程审核"
    course = CoursePageFactory(parent=tree, live=False)
    assert course.get_workflow().name == "市信用办课程审核"
    agency_course_tree_ensure(agency=tree_a.owner_agency, require_approval=False)
    assert tree.permissions_for_user(trainer_a).can_publish_subpage()
    assert not WorkflowPage.objects.filter(page=tree).exists()


def test_tree_ensure_is_idempotent(agency):
    first = agency_course_tree_ensure(agency=agency)
    second = agency_course_tree_ensure(agency=agency)
    assert first.pk == second.pk
    assert Page.objects.filter(slug=f"agency-{agency.pk}").count() == 1
    assert CoursePage.objects.count() == 0


def test_trainer_publishes_a_course_in_own_tree_through_admin(client, two_agencies):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    trainer_a, tree_a, _ = two_agencies
    client.force_login(trainer_a)
    data = nested_form_data(
        {
            "title": "A机构新课程",
            "slug": "a-new",
            "topic": "commitment_letter",
            "class_hours": "3",
            "audience": "参训企业",
            "learning_objectives": rich_text("<p>目标</p>"),
            "visibility": "enrolled",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/cms/pages/add/courses/coursepage/{tree_a.pk}/", data)
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="a-new")
    assert course.live
    assert course.get_parent().pk == tree_a.pk


def test_city_office_approval_publishes_a_submitted_course(two_agencies):
    trainer_a, tree_a, _ = two_agencies
    tree = agency_course_tree_ensure(agency=tree_a.owner_agency, require_approval=True)
    officer = CityOfficerFactory()
    trainer_groups_sync(user=officer)
    course = CoursePageFactory(parent=tree, live=False)
    course.save_revision(user=trainer_a)
    workflow_state = course.get_workflow().start(course, trainer_a)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert list(task.get_actions(course, trainer_a)) == []
    assert [name for name, *_ in task.get_actions(course, officer)][:1] == ["reject"]
    task.on_action(task_state, officer, "approve")
    course.refresh_from_db()
    assert course.live
