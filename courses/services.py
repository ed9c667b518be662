"""Writes about courses: the publishing trees, editor groups and reading progress."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
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

from .models import CourseIndexPage, LecturePage, LectureProgress

COURSES_ROOT_SLUG = "courses"
CITY_TREE_SLUG = "city"
CITY_GROUP_NAME = "市信用办·课程编辑"
APPROVAL_WORKFLOW_NAME = "市信用办课程审核"
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


def approval_workflow_ensure() -> Workflow:
    """The city office's approval workflow (one GroupApprovalTask)."""
    city_group = _editor_group(CITY_GROUP_NAME)
    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_WORKFLOW_NAME)
    task.groups.set([city_group])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task)
    return workflow


def course_tree_permissions_sync(*, tree: CourseIndexPage) -> None:
    """Give the tree's editor group its page rights and apply its approval setting.

    Without approval the group adds, edits and publishes; with approval it may only
    add and edit, and the city office's workflow decides what goes live.
    """
    name = (
        agency_group_name(tree.owner_agency) if tree.owner_agency else CITY_GROUP_NAME
    )
    group = _editor_group(name)
    needs_approval = tree.require_approval and tree.owner_agency_id is not None
    types = ("add", "change") if needs_approval else _EDIT_PERMS
    _page_perms_set(group=group, page=tree, types=types)
    if needs_approval:
        WorkflowPage.objects.update_or_create(
            page=tree, defaults={"workflow": approval_workflow_ensure()}
        )
    else:
        WorkflowPage.objects.filter(page=tree).delete()


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
def agency_course_tree_ensure(
    *, agency: Agency, require_approval: bool | None = None
) -> CourseIndexPage:
    """The agency's own course tree, with its editor group and page permissions.

    `require_approval` None keeps the tree's setting (new trees take
    settings.COURSES_REQUIRE_APPROVAL).
    """
    root = courses_root_ensure()
    city_course_tree_ensure()
    default = getattr(settings, "COURSES_REQUIRE_APPROVAL", False)
    tree = _child_index(
        parent=root,
        slug=f"agency-{agency.pk}",
        title=agency.name,
        owner_agency=agency,
        require_approval=default if require_approval is None else require_approval,
    )
    if require_approval is not None and tree.require_approval != require_approval:
        tree.require_approval = require_approval
        tree.save(update_fields=["require_approval"])
        tree.save_revision().publish()
    course_tree_permissions_sync(tree=tree)
    return tree


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
