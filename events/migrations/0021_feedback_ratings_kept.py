# A session rating keeps its session's title and start, and outlives the session.

import django.db.models.deletion
from django.db import migrations, models


def keep_titles(apps, schema_editor):
    SessionRating = apps.get_model("events", "SessionRating")
    for rating in SessionRating.objects.select_related("session").iterator():
        rating.session_title = rating.session.title
        rating.session_start = rating.session.start
        rating.save(update_fields=["session_title", "session_start"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0020_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionrating",
            name="session_title",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="sessionrating",
            name="session_start",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(keep_titles, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sessionrating",
            name="session",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="ratings",
                to="events.session",
            ),
        ),
    ]
