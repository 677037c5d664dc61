from django.core.management.base import BaseCommand, CommandError

from frontdoor.directory.importer import ImportSourceError, import_file, import_url


class Command(BaseCommand):
    help = (
        "Import Open Referral UK 3.0 services from a file (a page, a list or one service) or from the address of "
        "a /services API (every page is read). Upserts by id; a service is stored whole or not at all."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "source", help="A JSON file, or an http(s) address of an ORUK /services endpoint."
        )
        parser.add_argument("--per-page", type=int, default=100, help="Page size to ask an API for.")

    def handle(self, *args, source: str, per_page: int, **options):  # type: ignore[no-untyped-def]
        try:
            if source.startswith(("http://", "https://")):
                report = import_url(
                    source,
                    per_page=per_page,
                    progress=lambda page, pages: self.stderr.write(f"  page {page} of {pages}"),
                )
            else:
                report = import_file(source)
        except ImportSourceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {len(report.rejected)} rejected"
        )
        for rejection in report.rejected:
            label = " ".join(
                part
                for part in (rejection.service_id, repr(rejection.name) if rejection.name else "")
                if part
            )
            self.stdout.write(f"Rejected {rejection.path}{' (' + label + ')' if label else ''}:")
            for issue in rejection.issues:
                self.stdout.write(f"  {issue}")
        if report.rejected and not (report.created or report.updated):
            raise CommandError("Nothing was imported.")
