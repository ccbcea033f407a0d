import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0016_registration_questions"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgendaItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "attendee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="agenda_items",
                        to="events.attendee",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="agenda_items",
                        to="events.session",
                    ),
                ),
            ],
            options={
                "verbose_name": "agenda item",
                "ordering": ["session__start", "session__end", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("attendee", "session"),
                        name="agenda_item_once_per_session",
                    )
                ],
            },
        ),
    ]
