from django.db import migrations

from home.permissions import grant_model

FRAMEWORK_WORDING = ["statement", "value", "outcome", "commitment"]


def grant_framework_permissions(apps, schema_editor):
    """Moderators own the framework's wording and its indicators; Editors can read the
    wording and keep indicators' figures up to date (observations, CSV import)."""
    for model in [*FRAMEWORK_WORDING, "indicator"]:
        grant_model(apps, "Moderators", "framework", model)
    for model in FRAMEWORK_WORDING:
        grant_model(apps, "Editors", "framework", model, actions=("view",))
    grant_model(apps, "Editors", "framework", "indicator", actions=("change", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("framework", "0002_indicators_showcase"),
        ("home", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(grant_framework_permissions, migrations.RunPython.noop)
    ]
