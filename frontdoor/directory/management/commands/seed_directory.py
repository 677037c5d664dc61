from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontdoor.directory.seed import seed_directory


class Command(BaseCommand):
    help = (
        "Load the sample Northshire postcodes and a synthetic directory of about 150 services (idempotent)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--force", action="store_true", help="Upsert the demo services even if some exist."
        )

    def handle(self, *args, force: bool, **options):  # type: ignore[no-untyped-def]
        if not settings.FRONTDOOR_ALLOW_DEMO_USERS:
            raise CommandError("Demo data is not allowed with these settings (production).")
        report = seed_directory(force=force)
        if report is None:
            self.stdout.write("Directory already has services: nothing added.")
        else:
            self.stdout.write(f"Directory: {report.created} services created, {report.updated} updated.")
