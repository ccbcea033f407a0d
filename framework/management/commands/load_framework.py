from django.core.management.base import BaseCommand

from framework.loading import DATA_FILE, load_framework


class Command(BaseCommand):
    help = (
        "Load the Shared Ambition framework (values, outcomes, commitments) from YAML."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=DATA_FILE, help="YAML file to load.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Reset rows editors have changed to the file's wording.",
        )

    def handle(self, *args, file, overwrite, **options):
        report = load_framework(file, overwrite=overwrite)
        self.stdout.write(f"Framework loaded: {report}.")
