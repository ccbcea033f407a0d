"""Apply the retention policy (Settings > Retention policy): erase, anonymise or
delete the personal data each app's rules say has been kept long enough. Schedule
it daily; each run is logged and listed in the admin (docs/privacy.md)."""

from django.core.management.base import BaseCommand

from home.retention import apply_retention
from home.retention_registry import registered_rules


class Command(BaseCommand):
    help = (
        "Erase, anonymise or delete personal data kept longer than the retention "
        "policy allows. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what each rule would erase, anonymise or delete.",
        )

    def handle(self, *args, dry_run, **options):
        run = apply_retention(dry_run=dry_run)
        verb = "Would change" if dry_run else "Changed"
        for rule in registered_rules():
            count = run.counts.get(rule.name, 0)
            self.stdout.write(f"{rule.name}: {count} ({rule.description})")
        self.stdout.write(
            f"{verb} {run.total} rows in all"
            + (" (dry run: nothing changed)." if dry_run else ".")
        )
