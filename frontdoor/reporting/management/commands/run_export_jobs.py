from django.core.management.base import BaseCommand

from frontdoor.reporting.services import run_pending


class Command(BaseCommand):
    help = (
        "Run the exports requested on the web (CIN census, Annex A, SSD). With --loop, keep waiting for more."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--loop", action="store_true", help="Keep running, checking every few seconds")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between checks with --loop")

    def handle(self, *args, loop, sleep, **options):  # type: ignore[no-untyped-def]
        done = run_pending(loop=loop, sleep=sleep, say=self.stdout.write)
        self.stdout.write(f"{done} export job{'s' if done != 1 else ''} run")
