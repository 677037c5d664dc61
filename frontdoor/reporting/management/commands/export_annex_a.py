from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.reporting.command_line import private_export
from frontdoor.reporting.services import InvalidExport, write_annex_a

from ._progress import printer


class Command(BaseCommand):
    help = "Write Ofsted Annex A lists 1 (contacts), 2 (early help) and 3 (referrals) for the six months to a date."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--as-of", default="", help="The last day covered, YYYY-MM-DD (default today)")
        parser.add_argument("--out", required=True, help="The XLSX file to write")

    def handle(self, *args, as_of, out, **options):  # type: ignore[no-untyped-def]
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError("--as-of must be a date like 2025-03-31") from None
        try:
            with private_export("annex_a", {"as_of": day.isoformat()}, out=Path(out), files=[Path(out)]):
                result = write_annex_a(as_of=day, out=Path(out), progress=printer(self.stderr._out))
        except InvalidExport as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {out}: " + ", ".join(f"{k}: {v} rows" for k, v in result.rows.items()))
