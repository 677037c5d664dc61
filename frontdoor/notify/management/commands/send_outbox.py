import time

from django.core.management.base import BaseCommand

from frontdoor.notify.services import send_due


class Command(BaseCommand):
    help = "Send the outbox's due messages (once, or with --loop until stopped)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval seconds."
        )
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, loop: bool, interval: float, **options):  # type: ignore[no-untyped-def]
        while True:
            report = send_due()
            if report.sent or report.retried or report.failed or not loop:
                self.stdout.write(
                    f"Outbox: {report.sent} sent, {report.retried} to retry, {report.failed} failed"
                )
            if not loop:
                return
            time.sleep(interval)
