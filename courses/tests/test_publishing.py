import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowPage

from accounts.models import Notice
from courses.models import CoursePage
from courses.services import (
    CITY_GROUP_NAME,
    agency_course_tree_ensure,
    agency_group_name,
    course_review_group_set,
    trainer_groups_sync,
)
from tests.factories import (
    AdminFactory,
    AgencyFactory,
    CityOfficerFactory,
    TrainerFactory,
)

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
def test_trainer_edits_only_in_own_agency_tree_and_publishes_nowhere(two_agencies):
    trainer_a, tree_a, tree_b = two_agencies
    course_b = CoursePageFactory(parent=tree_b)
    own = tree_a.permissions_for_user(trainer_a)
    other = tree_b.permissions_for_user(trainer_a)
    assert own.can_add_subpage() and not own.can_publish_subpage()
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


def test_every_agency_tree_is_under_the_review_task(two_agencies):
    trainer_a, tree_a, _ = two_agencies
    workflow = WorkflowPage.objects.get(page=tree_a).workflow
    assert workflow.name == f"课程内容审核（{CITY_GROUP_NAME}）"
    task = workflow.tasks.get().specific
    assert task.name == "课程内容审核"
    assert [g.name for g in task.groups.all()] == [CITY_GROUP_NAME]
    course = CoursePageFactory(parent=tree_a, live=False)
    assert course.get_workflow() == workflow


def test_reviewer_group_is_set_per_city_or_per_agency(two_agencies):
    trainer_a, tree_a, tree_b = two_agencies
    admin = AdminFactory()
    root = tree_a.get_parent().specific
    city_reviewers = Group.objects.create(name="南通市课程审核组")
    course_review_group_set(tree=root, group=city_reviewers, actor=admin)
    tree_a.refresh_from_db()
    for tree in (tree_a, tree_b):
        task = WorkflowPage.objects.get(page=tree).workflow.tasks.get().specific
        assert list(task.groups.all()) == [city_reviewers]
    agency_reviewers = Group.objects.create(name="A机构课程审核组")
    course_review_group_set(tree=tree_a, group=agency_reviewers, actor=admin)
    task_a = WorkflowPage.objects.get(page=tree_a).workflow.tasks.get().specific
    task_b = WorkflowPage.objects.get(page=tree_b).workflow.tasks.get().specific
    assert list(task_a.groups.all()) == [agency_reviewers]
    assert list(task_b.groups.all()) == [city_reviewers]
    reviewer = TrainerFactory(agency=tree_a.owner_agency)
    reviewer.groups.add(agency_reviewers)
    assert tree_a.permissions_for_user(reviewer).can_publish_subpage()
    # An agency's own editor group cannot be made to review itself.
    own = Group.objects.get(name=agency_group_name(tree_a.owner_agency))
    course_review_group_set(tree=tree_a, group=own, actor=admin)
    task_a = WorkflowPage.objects.get(page=tree_a).workflow.tasks.get().specific
    assert list(task_a.groups.all()) == [city_reviewers]
    assert not tree_a.permissions_for_user(trainer_a).can_publish_subpage()


def test_tree_ensure_is_idempotent(agency):
    first = agency_course_tree_ensure(agency=agency)
    second = agency_course_tree_ensure(agency=agency)
    assert first.pk == second.pk
    assert Page.objects.filter(slug=f"agency-{agency.pk}").count() == 1
    assert CoursePage.objects.count() == 0


def _course_form(**extra):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    return nested_form_data(
        {
            "title": "A机构新课程",
            "slug": "a-new",
            "topic": "commitment_letter",
            "class_hours": "3",
            "audience": "参训企业",
            "learning_objectives": rich_text("<p>目标</p>"),
            "visibility": "enrolled",
            **extra,
        }
    )


def test_trainer_cannot_publish_through_the_admin(client, two_agencies):
    trainer_a, tree_a, _ = two_agencies
    client.force_login(trainer_a)
    add_url = f"/cms/pages/add/courses/coursepage/{tree_a.pk}/"
    assert "action-publish" not in client.get(add_url).content.decode()
    client.post(add_url, _course_form(**{"action-publish": "action-publish"}))
    course = CoursePage.objects.get(slug="a-new")
    assert not course.live and course.live_revision is None
    # Editing an existing page and pressing publish anyway leaves it unpublished.
    client.post(
        f"/cms/pages/{course.pk}/edit/",
        _course_form(title="改后标题", **{"action-publish": "action-publish"}),
    )
    course.refresh_from_db()
    assert not course.live and course.live_revision is None


def test_trainer_submits_reviewer_is_told_and_rejects_then_approves(
    client, two_agencies
):
    trainer_a, tree_a, _ = two_agencies
    officer = CityOfficerFactory()
    trainer_groups_sync(user=officer)
    client.force_login(trainer_a)
    add_url = f"/cms/pages/add/courses/coursepage/{tree_a.pk}/"
    response = client.post(add_url, _course_form(**{"action-submit": "1"}))
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="a-new")
    assert not course.live
    state = course.current_workflow_state
    assert state.status == "in_progress"
    assert state.current_task_state.task.name == "课程内容审核"
    told = Notice.objects.get(user=officer)
    assert told.title == "「课程内容审核」待审核：A机构新课程"
    assert told.url == f"/cms/pages/{course.pk}/edit/"
    assert not Notice.objects.filter(user=trainer_a).exists()

    # The reviewer asks for changes with a comment, through the admin.
    client.force_login(officer)
    task_state = state.current_task_state
    reject_url = f"/cms/pages/workflow/action/{course.pk}/reject/{task_state.pk}/"
    response = client.post(reject_url, {"comment": "学习目标请写具体。"})
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert not course.live
    rejected = Notice.objects.get(user=trainer_a)
    assert rejected.title == "课程内容需要修改：A机构新课程"
    assert rejected.body == "审核意见：学习目标请写具体。"

    # Resubmitted, then approved with a comment: it goes live.
    course.current_workflow_state.resume(user=trainer_a)
    task_state = course.current_workflow_state.current_task_state
    approve_url = f"/cms/pages/workflow/action/{course.pk}/approve/{task_state.pk}/"
    client.post(approve_url, {"comment": "可以上线。"})
    course.refresh_from_db()
    assert course.live
    approved = Notice.objects.filter(user=trainer_a).order_by("-pk").first()
    assert approved.title == "课程内容已通过审核：A机构新课程"
    assert approved.body == "审核意见：可以上线。"
