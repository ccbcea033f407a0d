from django.db import migrations

from home.permissions import grant, grant_model


def grant_signatory_permissions(apps, schema_editor):
    """Moderators approve, reject, correct and delete entries and see the contacts;
    Editors may only look at entries (without the contacts)."""
    grant_model(
        apps,
        "Moderators",
        "signatories",
        "signatory",
        actions=("view", "change", "delete", "moderate"),
    )
    grant(apps, "Editors", [("signatories", "signatory", "view_signatory")])


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0001_initial"),
        ("home", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(grant_signatory_permissions, migrations.RunPython.noop)
    ]
