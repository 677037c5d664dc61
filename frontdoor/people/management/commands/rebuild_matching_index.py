import sys

from django.core.management.base import BaseCommand

from frontdoor.people.services import rebuild_matching_index


class Command(BaseCommand):
    help = (
        "Recompute every person's blocking keys and the possible-duplicates list. Run after upgrading to a release "
        "that changes the matcher's blocking rules or parameters."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done:,} of {total:,} people")
            sys.stderr.flush()

        keys, duplicates = rebuild_matching_index(progress)
        sys.stderr.write("\n")
        self.stdout.write(
            f"Matching index rebuilt: {keys:,} blocking keys, {duplicates:,} possible duplicates."
        )
