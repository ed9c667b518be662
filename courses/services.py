"""Writes about courses: the publishing trees, editor groups and reading progress."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import Agency, User
from accounts.services import notify
from common.audit import audit_record

from .models import CourseIndexPage, LecturePage, LectureProgress

COURSES_ROOT_SLUG = "courses"
CITY_TREE_SLUG = "city"
CITY_GROUP_NAME = "市信用办·课程编辑"
REVIEW_TASK_NAME = "课程内容审核"
REVIEW_REQUESTED = "「{task}」待审核：{title}"
REVIEW_APPROVED = "课程内容已通过审核：{title}"
REVIEW_REJECTED = "课程内容需要修改：{title}"
UNKNOWN_EVENT = "学习进度：无法识别的事件“{event}”。"
NOT_OPENED = "学习进度：请先打开讲义。"
TOO_EARLY = "学习进度：阅读时间未满 {seconds} 秒。"
NOT_A_READER = "学习进度：请先登录。"

_EDIT_PERMS = ("add", "change", "publish")
_COLLECTION_PERMS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def agency_group_name(agency: Agency) -> str:
    return f"{agency.name}·课程编辑"


def _site_root() -> Page:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ValidationError("尚未配置 Wagtail 站点。")
    return site.root_page


def _child_index(*, parent: Page, slug: str, **fields) -> CourseIndexPage:
    page = CourseIndexPage.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page
    page = CourseIndexPage(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def courses_root_ensure() -> CourseIndexPage:
    """The 课程中心 index under the site root (/learn/courses/)."""
    return _child_index(
        parent=_site_root(),
        slug=COURSES_ROOT_SLUG,
        title="课程中心",
        intro="<p>信用修复培训课程：江苏省社会信用条例宣贯、信用修复流程与承诺书等。</p>",
    )


def _editor_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    root = Collection.get_first_root_node()
    for app_label, codename in _COLLECTION_PERMS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )
    return group


def _page_perms_set(*, group: Group, page: Page, types: tuple[str, ...]) -> None:
    wanted = {f"{t}_page" for t in types}
    GroupPagePermission.objects.filter(group=group, page=page).exclude(
        permission__codename__in=wanted
    ).delete()
    for permission_type in types:
        if not GroupPagePermission.objects.filter(
            group=group, page=page, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(
                group=group, page=page, permission_type=permission_type
            )


def review_workflow_ensure(*, group: Group) -> Workflow:
    """The 「课程内容审核」 workflow whose one task `group` approves or rejects."""
    workflow, _ = Workflow.objects.get_or_create(
        name=f"{REVIEW_TASK_NAME}（{group.name}）"
    )
    link = WorkflowTask.objects.filter(workflow=workflow).first()
    if link is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        task = link.task.specific
    task.groups.set([group])
    return workflow


def review_group_for(*, tree: CourseIndexPage) -> Group:
    """Who reviews `tree`: its own group, else the courses root's (the city's), else
    the city office's editors. An agency never reviews its own trainers' work."""
    own = agency_group_name(tree.owner_agency) if tree.owner_agency_id else None
    for index in (tree, *CourseIndexPage.objects.ancestor_of(tree).order_by("-depth")):
        group = index.review_group
        if group is not None and group.name != own:
            return group
    return _editor_group(CITY_GROUP_NAME)


def course_tree_permissions_sync(*, tree: CourseIndexPage) -> None:
    """Give the tree's editor group its page rights and its review workflow.

    The city office's editors add, edit and publish their shared tree. An agency's
    trainers only add and edit: publishing goes through 「课程内容审核」, whose
    reviewer group (see review_group_for) may edit and publish the tree.
    """
    if tree.owner_agency_id is None:
        _page_perms_set(
            group=_editor_group(CITY_GROUP_NAME), page=tree, types=_EDIT_PERMS
        )
        WorkflowPage.objects.filter(page=tree).delete()
        return
    group = _editor_group(agency_group_name(tree.owner_agency))
    _page_perms_set(group=group, page=tree, types=("add", "change"))
    reviewers = review_group_for(tree=tree)
    if reviewers.name != CITY_GROUP_NAME:  # the city group publishes from the root
        _editor_group(reviewers.name)
        _page_perms_set(group=reviewers, page=tree, types=("change", "publish"))
    WorkflowPage.objects.update_or_create(
        page=tree, defaults={"workflow": review_workflow_ensure(group=reviewers)}
    )


def _city_group_sync(*, root: CourseIndexPage, city_tree: CourseIndexPage) -> None:
    city_group = _editor_group(CITY_GROUP_NAME)
    # The city office reviews every tree, so it may edit and publish anywhere below
    # the courses root, and it owns the shared tree.
    _page_perms_set(group=city_group, page=root, types=("change", "publish"))
    _page_perms_set(group=city_group, page=city_tree, types=_EDIT_PERMS)


@transaction.atomic
def city_course_tree_ensure() -> CourseIndexPage:
    """The shared tree of regulation lectures that the city office owns."""
    root = courses_root_ensure()
    tree = _child_index(
        parent=root,
        slug=CITY_TREE_SLUG,
        title="市信用办共享课程",
        intro="<p>由市信用办维护的法规宣贯讲义，各机构培训共用。</p>",
    )
    _city_group_sync(root=root, city_tree=tree)
    course_tree_permissions_sync(tree=tree)
    return tree


@transaction.atomic
def agency_course_tree_ensure(*, agency: Agency) -> CourseIndexPage:
    """The agency's own course tree, with its editor group, page permissions and
    review workflow."""
    root = courses_root_ensure()
    city_course_tree_ensure()
    tree = _child_index(
        parent=root,
        slug=f"agency-{agency.pk}",
        title=agency.name,
        owner_agency=agency,
    )
    course_tree_permissions_sync(tree=tree)
    return tree


@transaction.atomic
def course_review_group_set(
    *, tree: CourseIndexPage, group: Group | None, actor: User, ip_address: str = ""
) -> CourseIndexPage:
    """Choose who reviews `tree` (the courses root: the whole city; an agency tree:
    that agency only) and re-apply the review workflow below it."""
    tree.review_group = group
    tree.save(update_fields=["review_group"])
    audit_record(
        actor=actor,
        action="courses.review_group.set",
        obj=tree,
        detail={"group": group.name if group else ""},
        ip_address=ip_address,
    )
    for index in [tree, *CourseIndexPage.objects.descendant_of(tree)]:
        course_tree_permissions_sync(tree=index)
    return tree


def _review_page(task_state) -> Page | None:
    page = task_state.workflow_state.content_object
    return page if isinstance(page, Page) else None


def course_review_requested_notify(*, task_state) -> None:
    """Tell the reviewers of a 「课程内容审核」 task that a page waits for them."""
    page, task = _review_page(task_state), task_state.task.specific
    if page is None or not isinstance(task, GroupApprovalTask):
        return
    reviewers = User.objects.filter(
        groups__in=task.groups.all(), is_active=True
    ).distinct()
    requester = task_state.workflow_state.requested_by
    notify(
        users=reviewers,
        title=REVIEW_REQUESTED.format(task=task.name, title=page.title),
        body=f"提交人：{requester.get_full_name() or requester.username}"
        if requester
        else "",
        url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )


def course_review_decided_notify(*, task_state, approved: bool) -> None:
    """Tell whoever submitted the page the reviewer's decision and comment."""
    page = _review_page(task_state)
    requester = task_state.workflow_state.requested_by
    if page is None or requester is None:
        return
    title = (REVIEW_APPROVED if approved else REVIEW_REJECTED).format(title=page.title)
    comment = task_state.comment or ("已发布。" if approved else "")
    notify(
        users=[requester],
        title=title,
        body=f"审核意见：{comment}" if comment else "",
        url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )


@transaction.atomic
def trainer_groups_sync(*, user: User) -> list[Group]:
    """Put `user` in exactly the course editor groups its role and agency give it."""
    wanted: list[Group] = []
    if user.is_active and user.role == User.Role.TRAINER and user.agency_id:
        agency_course_tree_ensure(agency=user.agency)
        wanted.append(Group.objects.get(name=agency_group_name(user.agency)))
    elif user.is_active and user.role == User.Role.CITY_OFFICE:
        city_course_tree_ensure()
        wanted.append(Group.objects.get(name=CITY_GROUP_NAME))
    editor_names = [agency_group_name(a) for a in Agency.objects.all()]
    editor_names.append(CITY_GROUP_NAME)
    stale = user.groups.filter(name__in=editor_names).exclude(
        pk__in=[g.pk for g in wanted]
    )
    user.groups.remove(*stale)
    user.groups.add(*wanted)
    return wanted


@transaction.atomic
def lecture_progress_record(
    *, user: User, lecture: LecturePage, event: str, now=None
) -> LectureProgress:
    """Record that `user` opened a lecture, reached its end, or read long enough.

    Idempotent: opening again changes nothing, and a finished lecture stays finished
    with its first completion time.
    """
    from .selectors import lecture_course

    now = now or timezone.now()
    if not user.is_authenticated:
        raise ValidationError({"user": NOT_A_READER})
    if event not in ("open", "end", "time"):
        raise ValidationError({"event": UNKNOWN_EVENT.format(event=event[:20])})
    course = lecture_course(lecture=lecture)
    progress = (
        LectureProgress.objects.select_for_update()
        .filter(user=user, lecture=lecture)
        .first()
    )
    if progress is None:
        if event != "open":
            raise ValidationError({"event": NOT_OPENED})
        progress, _ = LectureProgress.objects.get_or_create(
            user=user,
            lecture=lecture,
            defaults={
                "enterprise_id": user.enterprise_id,
                "course": course,
                "opened_at": now,
            },
        )
        return progress
    if event == "open" or progress.completed_at is not None:
        return progress
    if event == "time":
        due = progress.opened_at + timedelta(seconds=lecture.done_after_seconds)
        if now < due:
            raise ValidationError(
                {"event": TOO_EARLY.format(seconds=lecture.done_after_seconds)}
            )
        progress.completion_method = LectureProgress.Method.TIME_ELAPSED
    else:
        progress.completion_method = LectureProgress.Method.END_REACHED
    progress.completed_at = now
    progress.full_clean()
    progress.save(update_fields=["completed_at", "completion_method"])
    return progress
