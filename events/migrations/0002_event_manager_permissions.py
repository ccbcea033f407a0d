from django.db import migrations

from home.permissions import grant_model


def grant_event_managers(apps, schema_editor):
    """Event managers run the programme. Summit pages (with their rooms and tracks)
    need page permissions on the summit section, which exists only once created:
    the demo grants them, production admins do so under Settings > Groups."""
    grant_model(apps, "Event managers", "events", "session")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_event_managers, migrations.RunPython.noop)]
