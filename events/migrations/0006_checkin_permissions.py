from django.db import migrations

from home.permissions import grant, grant_model

CHECK_IN = ("events", "checkin", "check_in_attendee")


def grant_check_in(apps, schema_editor):
    """Check-in staff check people in at the door and nothing else. Event managers
    may too, and see check-ins, print badges and email a summit's attendees."""
    grant(apps, "Check-in staff", [CHECK_IN])
    grant(apps, "Event managers", [CHECK_IN])
    grant_model(apps, "Event managers", "events", "checkin", actions=("view",))
    for model in ("badgerun", "bulkemail"):
        grant_model(apps, "Event managers", "events", model, actions=("add", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_checkin"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_check_in, migrations.RunPython.noop)]
