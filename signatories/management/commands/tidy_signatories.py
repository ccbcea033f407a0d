from django.core.management.base import BaseCommand

from signatories.services import tidy_signatories


class Command(BaseCommand):
    help = (
        "Delete signatures never confirmed, and erase the contact details of "
        "organisations that left the register over 30 days ago. Run daily."
    )

    def handle(self, *args, **options):
        deleted, erased = tidy_signatories()
        self.stdout.write(
            f"Deleted {deleted} unconfirmed signatures; erased {erased} contacts."
        )
