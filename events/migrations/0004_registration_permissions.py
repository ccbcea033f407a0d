from django.db import migrations

from home.permissions import grant_model


def grant_event_managers(apps, schema_editor):
    """Event managers set up ticket types and access codes, and see orders, places
    and waiting lists (personal data). No other group gets these rights."""
    for model in ("tickettype", "accesscode"):
        grant_model(apps, "Event managers", "events", model)
    for model in ("order", "attendee", "waitinglistentry"):
        grant_model(apps, "Event managers", "events", model, actions=("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_registration"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_event_managers, migrations.RunPython.noop)]
