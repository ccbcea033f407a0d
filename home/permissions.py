"""Grant model permissions to staff groups from data migrations.

Django creates permissions after the last migration, so on a fresh database a
migration cannot look them up; these helpers create what is missing first.
"""


def get_permission(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or codename.replace("_", " ").capitalize()},
    )
    return permission


def grant(apps, group_name, permissions):
    """Give `group_name` each (app_label, model, codename) permission, creating the group."""
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*(get_permission(apps, *spec) for spec in permissions))
    return group


def grant_model(
    apps, group_name, app_label, model, actions=("add", "change", "delete", "view")
):
    """Shortcut for the standard add/change/delete/view permissions of one model."""
    return grant(
        apps,
        group_name,
        [(app_label, model, f"{action}_{model}") for action in actions],
    )
