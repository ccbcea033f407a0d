from django.db import migrations

from home.permissions import grant_model

WORKFLOW_NAME = "Moderators approve"
TASK_NAME = "Moderator approval"


def set_up_moderation(apps, schema_editor):
    """The workflow stories go through (attached to each stories index as it is
    created, see spotlights.services.configure_moderation), and staff rights over
    the private proposal records."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for group in ["Editors", "Moderators"]:
        grant_model(
            apps, group, "spotlights", "storyproposal", ("view", "change", "delete")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("spotlights", "0001_initial"),
        ("home", "0002_staff_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up_moderation, migrations.RunPython.noop)]
