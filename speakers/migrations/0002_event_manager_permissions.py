from django.db import migrations

from home.permissions import grant_model


def grant_event_managers(apps, schema_editor):
    grant_model(apps, "Event managers", "speakers", "speaker")


class Migration(migrations.Migration):
    dependencies = [
        ("speakers", "0001_initial"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_event_managers, migrations.RunPython.noop)]
