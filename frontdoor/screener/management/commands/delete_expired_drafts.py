import time

from django.core.management.base import BaseCommand

from frontdoor.screener.services import delete_expired_drafts


class Command(BaseCommand):
    help = (
        "Delete saved requests whose return link has expired (personal data is kept no longer than needed)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=float, default=3600.0)

    def handle(self, *args, loop: bool, interval: float, **options):  # type: ignore[no-untyped-def]
        while True:
            deleted = delete_expired_drafts()
            if deleted or not loop:
                self.stdout.write(f"Deleted {deleted} expired saved request{'s' if deleted != 1 else ''}")
            if not loop:
                return
            time.sleep(interval)
