from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0014_bulk_email_audience"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="recurring",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Such as the welcome, lunch or the closing plenary. \"Create "
                    "next year's summit\" can copy these sessions, without their "
                    "speakers."
                ),
                verbose_name="happens every year",
            ),
        ),
    ]
