import time

from django.core.management.base import BaseCommand

from frontdoor.core.time_left import time_left_suffix
from frontdoor.people.services import rebuild_matching_index


class Command(BaseCommand):
    help = (
        "Recompute every person's blocking keys and the possible-duplicates list. Run after upgrading to a release "
        "that changes the matcher's blocking rules or parameters."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        started: dict[str, float] = {}

        def progress(stage: str, done: int, total: int) -> None:
            # One line per stage, rewritten in place as it goes; at a million persons the second stage
            # takes hours, so it says roughly how many.
            elapsed = time.monotonic() - started.setdefault(stage, time.monotonic())
            self.stderr.write(
                f"\r{stage}: {done:,} of {total:,} people" + time_left_suffix(elapsed, done, total),
                ending="\n" if done == total else "",
            )
            self.stderr.flush()

        keys, duplicates = rebuild_matching_index(progress)
        self.stdout.write(
            f"Matching index rebuilt: {keys:,} blocking keys, {duplicates:,} possible duplicates."
        )
