from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import finish

from .setup_site import set_up_site

# Each app seeds its own demo content in `<app>/demo.py`, on top of what setup_site
# builds; order follows dependencies.
DEMO_MODULES = [
    "home.demo",
    "framework.demo",
    "speakers.demo",
    "events.demo",
    "signatories.demo",
    "spotlights.demo",
]


class Command(BaseCommand):
    help = (
        "Set the site up (as setup_site does), then create (or top up) the "
        "clearly-labelled demo content. Safe to run repeatedly. Refuses to run with "
        "DEBUG off unless given --force, and then makes no accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Add the demo content even though DEBUG is off (a demo server); no "
                "demo accounts are made."
            ),
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real site: seed_demo would add "
                "invented summits, bookings and organisations to it. Use "
                "`setup_site` to set a real site up, or `seed_demo --force` for a "
                "demo server (no demo accounts are made with DEBUG off)."
            )
        set_up_site(stdout=self.stdout)
        for module_path in DEMO_MODULES:
            try:
                module = import_module(module_path)
            except ModuleNotFoundError as error:
                if error.name != module_path:
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        with transaction.atomic():
            finish(stdout=self.stdout)
