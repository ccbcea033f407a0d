from django.core.management.base import BaseCommand

from events.booking.waiting_list import process_waiting_list


class Command(BaseCommand):
    help = (
        "Expire unclaimed waiting-list offers and offer free places to the next "
        "people waiting. Safe to run as often as you like; schedule it every few "
        "minutes."
    )

    def handle(self, *args, **options):
        expired, offered = process_waiting_list()
        self.stdout.write(f"Waiting lists: {expired} offers expired, {offered} made.")
