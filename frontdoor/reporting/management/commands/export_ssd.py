from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.reporting.command_line import private_export
from frontdoor.reporting.figures import ssd
from frontdoor.reporting.services import InvalidExport, write_ssd

from ._progress import printer


class Command(BaseCommand):
    help = (
        "Write Standard Safeguarding Dataset shaped CSVs (ssd_person, ssd_contacts, ssd_early_help_episodes, "
        "ssd_cin_episodes) into a directory."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--out", required=True, help="The directory to write the CSV files into")
        parser.add_argument(
            "--since", default="", help="First day included, YYYY-MM-DD (default 6 years ago)"
        )

    def handle(self, *args, out, since, **options):  # type: ignore[no-untyped-def]
        try:
            first = date.fromisoformat(since) if since else timezone.localdate() - timedelta(days=6 * 365)
        except ValueError:
            raise CommandError("--since must be a date like 2020-04-01") from None
        try:
            folder = Path(out)
            files = [folder / name for name, _ in ssd.FILES]
            with private_export("ssd", {"since": first.isoformat()}, out=folder, files=files, folder=folder):
                counts = write_ssd(out_dir=folder, since=first, progress=printer(self.stderr._out))
        except InvalidExport as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {out}: " + ", ".join(f"{k}: {v} rows" for k, v in counts.items()))
