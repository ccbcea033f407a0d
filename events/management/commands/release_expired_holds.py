from django.core.management.base import BaseCommand

from events.booking.holds import delete_expired_holds
from events.booking.orders import expire_unconfirmed_orders


class Command(BaseCommand):
    help = (
        "Give back the places of bookings made without an account that were never "
        "confirmed in time (offering them to the waiting list), and tidy places "
        "held at the booking's first step that ran out. Safe to run at any time; "
        "schedule it every 5 minutes."
    )

    def handle(self, *args, **options):
        expired = expire_unconfirmed_orders()
        tidied = delete_expired_holds()
        self.stdout.write(
            f"Unconfirmed bookings expired: {expired}. Old holds tidied: {tidied}."
        )
