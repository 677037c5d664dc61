from django.core.management.base import BaseCommand

from frontdoor.directory.api import export_chunks


class Command(BaseCommand):
    help = "Write the whole directory (active services) as Open Referral UK 3.0 JSON, as /openreferral/export.json."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", help="Where to write the JSON ('-' for standard output).")

    def handle(self, *args, file: str, **options):  # type: ignore[no-untyped-def]
        if file == "-":
            for chunk in export_chunks():
                self.stdout.write(chunk, ending="")
            return
        with open(file, "w", encoding="utf-8") as handle:
            for chunk in export_chunks():
                handle.write(chunk)
        self.stderr.write(f"Written {file}")
