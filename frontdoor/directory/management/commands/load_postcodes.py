from django.core.management.base import BaseCommand, CommandError

from frontdoor.directory.services import PostcodeFileError, load_postcodes


class Command(BaseCommand):
    help = (
        "Load postcode centroids from a CSV: the ONS Postcode Directory (pcds, lat, long; terminated postcodes "
        "skipped) or any file with postcode, latitude and longitude columns. Existing postcodes are updated."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):  # type: ignore[no-untyped-def]
        try:
            report = load_postcodes(file)
        except PostcodeFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{report.loaded} postcodes loaded, {report.skipped} rows skipped")
