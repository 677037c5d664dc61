"""Delete what the retention schedule says has been kept long enough; --dry-run lists it and deletes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.records import retention


class Command(BaseCommand):
    help = "Apply the retention schedule (settings.FRONTDOOR_RETENTION_SCHEDULE). Audit events are kept."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = retention.due()
        for item in found:
            self.stdout.write(
                f"{item.rule.rule} ({item.rule.label}, {item.rule.years} years): "
                f"{len(item.references)} contact(s) due"
            )
            for reference in item.references:
                self.stdout.write(f"  {reference}")
            for reference, why in item.held:
                self.stdout.write(f"  {reference} held: {why}")
        self.stdout.write("Referred to children's social care: kept (the social care schedule applies)")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing deleted")
            return
        applied = retention.apply()
        total = sum(applied.contacts.values())
        self.stdout.write(
            f"Deleted {total} contact(s) and {applied.persons} person record(s); each is audited"
        )
