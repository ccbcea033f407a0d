# Payments (0005-0006_payment*) and check-in (0005-0006_checkin*) were built side
# by side; this joins the two lines of migrations.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_checkin_permissions"),
        ("events", "0006_payment_permissions"),
    ]

    operations = []
