from django.core.management.base import BaseCommand

from events.payments import card_payments_enabled
from events.payments.checkout import reconcile


class Command(BaseCommand):
    help = (
        "Catch up with Stripe: fulfil paid card orders whose webhook never arrived, "
        "release holds that have run out (expiring their Checkout Sessions), "
        "record refunds Stripe made (its dashboard) whose news never came, and "
        "retry refunds Stripe didn't answer. Without Stripe (down or not set up) "
        "holds are released once they ended 15 minutes ago. Safe to run at any "
        "time; schedule it every 5 minutes."
    )

    def handle(self, *args, **options):
        if not card_payments_enabled():
            self.stdout.write(
                "Card payments are not set up: only releasing holds that ran out."
            )
        counts = reconcile()
        summary = ", ".join(
            f"{name}: {count}" for name, count in sorted(counts.items())
        )
        self.stdout.write(f"Stripe reconciled. {summary}")
