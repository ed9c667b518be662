"""Wagtail's defaults in Chinese, and agency trees under review.

- The site is named after the platform (it was "localhost").
- Wagtail's default "Moderators approval" workflow and task, and its "Moderators" and
  "Editors" groups, get Chinese names.
- The earlier optional 「市信用办课程审核」 workflow becomes the city office's
  「课程内容审核」 workflow, and every agency tree is put under it with its editor
  group's publish right removed: trainers no longer publish (issue 18).
  courses.services.course_tree_permissions_sync keeps this true from now on.
"""

from django.db import migrations

PLATFORM_NAME = "信用修复培训考试平台"
TASK_NAME = "课程内容审核"
CITY_GROUP_NAME = "市信用办·课程编辑"
RENAMES = {"Moderators approval": "默认内容审核"}
GROUP_RENAMES = {"Moderators": "审核员", "Editors": "编辑"}


def forwards(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    CourseIndexPage = apps.get_model("courses", "CourseIndexPage")

    Site.objects.filter(site_name__in=["", "localhost"]).update(
        site_name=PLATFORM_NAME
    )
    for old, new in RENAMES.items():
        Workflow.objects.filter(name=old).update(name=new)
    Task.objects.filter(name="Moderators approval").update(name=TASK_NAME)
    for old, new in GROUP_RENAMES.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)

    trees = CourseIndexPage.objects.filter(owner_agency__isnull=False)
    if not trees.exists():
        return
    city_group, _ = Group.objects.get_or_create(name=CITY_GROUP_NAME)
    name = f"{TASK_NAME}（{CITY_GROUP_NAME}）"
    workflow = Workflow.objects.filter(name="市信用办课程审核").first()
    if workflow is not None:
        workflow.name = name
        workflow.save(update_fields=["name"])
    else:
        workflow, _ = Workflow.objects.get_or_create(name=name)
    link = WorkflowTask.objects.filter(workflow=workflow).first()
    if link is None:
        task_type = ContentType.objects.get_for_model(GroupApprovalTask)
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        task = GroupApprovalTask.objects.get(pk=link.task_id)
        task.name = TASK_NAME
        task.save(update_fields=["name"])
    task.groups.set([city_group])
    for tree in trees.select_related("owner_agency"):
        GroupPagePermission.objects.filter(
            page_id=tree.pk,
            group__name=f"{tree.owner_agency.name}·课程编辑",
            permission__codename="publish_page",
        ).delete()
        WorkflowPage.objects.update_or_create(
            page_id=tree.pk, defaults={"workflow": workflow}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_issue18_review_group"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
