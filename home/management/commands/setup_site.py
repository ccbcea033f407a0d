from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from home.site_setup import finish

# Each app builds what a real deployment needs in `<app>/site_setup.py`; order
# follows the page tree (the home page first, then the sections beneath it).
SETUP_MODULES = [
    "home.site_setup",
    "framework.site_setup",
    "events.site_setup",
    "signatories.site_setup",
    "spotlights.site_setup",
]


def set_up_site(*, stdout):
    """Run every app's `setup`, then link the sections in the header."""
    for module_path in SETUP_MODULES:
        with transaction.atomic():
            import_module(module_path).setup(stdout=stdout)
    with transaction.atomic():
        finish(stdout=stdout)


class Command(BaseCommand):
    help = (
        "Build what the site needs to run, and no demo content: the page tree, the "
        "Wagtail Site on SITE_URL, the framework and staff groups' page rights. "
        "Safe to run on every deploy: it never changes what editors have changed."
    )

    def handle(self, *args, **options):
        set_up_site(stdout=self.stdout)
        self.stdout.write("Site set up.")
