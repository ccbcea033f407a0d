from django.db import migrations

from home.permissions import grant

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
STAFF_GROUPS = ["Editors", "Moderators", "Event managers", "Check-in staff"]


def collection_permissions(apps, group, codenames):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    from home.permissions import get_permission

    root = Collection.objects.filter(depth=1).first()
    for app_label, model, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=get_permission(apps, app_label, model, codename),
        )


def create_staff_groups(apps, schema_editor):
    """Editors and Moderators come from Wagtail (page and media rights); this adds the
    event roles. Later migrations attach each app's model permissions to these groups."""
    for name in STAFF_GROUPS:
        grant(apps, name, [ACCESS_ADMIN] if name != "Check-in staff" else [])
    Group = apps.get_model("auth", "Group")
    collection_permissions(
        apps,
        Group.objects.get(name="Event managers"),
        [
            ("wagtailimages", "image", "add_image"),
            ("wagtailimages", "image", "choose_image"),
            ("wagtaildocs", "document", "add_document"),
            ("wagtaildocs", "document", "choose_document"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_staff_groups, migrations.RunPython.noop)]
