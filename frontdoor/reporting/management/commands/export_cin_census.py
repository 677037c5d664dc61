from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontdoor.reporting.command_line import private_export
from frontdoor.reporting.services import InvalidExport, write_cin_census

from ._progress import printer


class Command(BaseCommand):
    help = (
        "Write the referral part of the DfE Children in Need census XML for a collection year (2025 = 1 April "
        "2024 to 31 March 2025). The DfE rules that touch referrals are checked first; failures are listed with "
        "the child and the rule number, and the file is still written."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--year", type=int, default=date.today().year, help="The collection year, e.g. 2025"
        )
        parser.add_argument("--out", required=True, help="The XML file to write")
        parser.add_argument("--la-code", default="", help="The council's three-digit LA number")

    def handle(self, *args, year, out, la_code, **options):  # type: ignore[no-untyped-def]
        try:
            with private_export("cin_census", {"year": year}, out=Path(out), files=[Path(out)]):
                result = write_cin_census(
                    year=year, out=Path(out), la_code=la_code, progress=printer(self.stderr._out)
                )
        except InvalidExport as error:
            raise CommandError(str(error)) from None
        for failure in result.failures:
            self.stderr.write(f"Rule {failure}")
        for problem in result.structure_problems:
            self.stderr.write(f"Schema: {problem}")
        self.stdout.write(
            f"Wrote {out}: {result.children} children, {result.episodes} CIN episodes, "
            f"{len(result.failures)} failed rules"
        )
