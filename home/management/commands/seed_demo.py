from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import finish

# Each app seeds its own demo content in `<app>/demo.py`; order follows dependencies.
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
        "Create (or top up) the clearly-labelled demo content. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
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
