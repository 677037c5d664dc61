from django.core.management.base import BaseCommand

from frontdoor.people.services import rebuild_matching_index


class Command(BaseCommand):
    help = (
        "Recompute every person's blocking keys and the possible-duplicates list. Run after upgrading to a release "
        "that changes the matcher's blocking rules or parameters."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        def progress(stage: str, done: int, total: int) -> None:
            # One line per stage, rewritten in place as it goes.
            self.stderr.write(
                f"\r{stage}: {done:,} of {total:,} people", ending="\n" if done == total else ""
            )
            self.stderr.flush()

        keys, duplicates = rebuild_matching_index(progress)
        self.stdout.write(
            f"Matching index rebuilt: {keys:,} blocking keys, {duplicates:,} possible duplicates."
        )
