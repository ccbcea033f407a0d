from django.db import migrations

from home.permissions import grant, grant_model

MODERATE = ("events", "postcard", "moderate_postcard")


def grant_postcards(apps, schema_editor):
    """Moderators and Event managers see ambition postcards and approve, reject or
    take them down; nobody adds or edits one in the admin (docs/postcards.md)."""
    for group in ("Moderators", "Event managers"):
        grant(apps, group, [MODERATE])
        grant_model(apps, group, "events", "postcard", actions=("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_postcards"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_postcards, migrations.RunPython.noop)]
