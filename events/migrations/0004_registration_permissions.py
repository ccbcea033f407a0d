from django.db import migrations

from home.permissions import grant, grant_model


def grant_event_managers(apps, schema_editor):
    """Event managers set up ticket types and access codes, see orders, places and
    waiting lists (personal data), and cancel places. No other group gets these."""
    for model in ("tickettype", "accesscode"):
        grant_model(apps, "Event managers", "events", model)
    for model in ("order", "attendee", "waitinglistentry"):
        grant_model(apps, "Event managers", "events", model, actions=("view",))
    grant(apps, "Event managers", [("events", "attendee", "cancel_attendee")])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_registration"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_event_managers, migrations.RunPython.noop)]
