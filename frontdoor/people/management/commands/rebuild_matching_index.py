import time

from django.core.management.base import BaseCommand, CommandError

from frontdoor.core.time_left import time_left
from frontdoor.people.services import rebuild_matching_index


class Command(BaseCommand):
    help = (
        "Recompute every person's blocking keys and the possible-duplicates list. Run after upgrading to a release "
        "that changes the matcher's blocking rules or parameters."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes that search for likely duplicates at once (the long stage): up to the number of "
            "CPUs the database server can spare",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        workers = options["workers"]
        if workers < 1:
            raise CommandError("--workers must be 1 or more")
        started: dict[str, float] = {}

        def progress(stage: str, done: int, total: int) -> None:
            # One line per stage, rewritten in place as it goes; at a million persons the second stage
            # takes hours, so it says roughly how many.
            left = time_left(time.monotonic() - started.setdefault(stage, time.monotonic()), done, total)
            self.stderr.write(
                f"\r{stage}: {done:,} of {total:,} people" + (f", {left}" if left else "").ljust(24),
                ending="\n" if done == total else "",
            )
            self.stderr.flush()

        keys, duplicates = rebuild_matching_index(progress, workers=workers)
        self.stdout.write(
            f"Matching index rebuilt: {keys:,} blocking keys, {duplicates:,} possible duplicates."
        )
