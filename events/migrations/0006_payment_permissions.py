from django.db import migrations

from home.permissions import grant


def grant_event_managers(apps, schema_editor):
    """Event managers refund card payments, settle invoices and see payments."""
    grant(
        apps,
        "Event managers",
        [
            ("events", "refund", "issue_refund"),
            ("events", "refund", "view_refund"),
            ("events", "invoice", "settle_invoice"),
            ("events", "invoice", "view_invoice"),
            ("events", "cardpayment", "view_cardpayment"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_payments"),
        ("home", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_event_managers, migrations.RunPython.noop)]
