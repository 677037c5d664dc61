import time

from django.core.management.base import BaseCommand

from frontdoor.triage.notifications import alert_failed_emails, alert_red_unclaimed


class Command(BaseCommand):
    help = (
        "Alert team managers to Red contacts nobody has claimed in time and to emails that failed "
        "(each alert once; once, or with --loop until stopped)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, loop: bool, interval: float, **options):  # type: ignore[no-untyped-def]
        while True:
            red, failed = alert_red_unclaimed(), alert_failed_emails()
            if red or failed or not loop:
                self.stdout.write(f"Staff alerts: {red} Red unclaimed, {failed} failed emails")
            if not loop:
                return
            time.sleep(interval)
