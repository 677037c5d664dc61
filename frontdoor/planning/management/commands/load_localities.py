"""Load the council's localities: a CSV of postcode_prefix,locality_code,locality_name (a prefix is a full
postcode, a sector such as 'NS1 2' or a district such as 'NS1'; the longest match wins)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frontdoor.planning.services import load_localities


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        loaded, problems = load_localities(Path(options["file"]).read_text(encoding="utf-8-sig"))
        if problems:
            raise CommandError("\n".join(f"line {line}: {text}" for line, text in problems))
        self.stdout.write(f"Loaded {loaded} postcode prefixes.")
