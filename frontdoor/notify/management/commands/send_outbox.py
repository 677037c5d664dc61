from django.core.management.base import BaseCommand

from frontdoor.notify.services import send_due
from frontdoor.notify.tasks import send_outbox
from frontdoor.worker.commands import add_worker_arguments, hand_to_worker


class Command(BaseCommand):
    help = "Send the outbox's due messages once (the worker, manage.py run_worker, does this continually)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        add_worker_arguments(parser)
        parser.add_argument("--interval", type=float, default=5.0, help="Ignored; kept for old scripts")

    def handle(self, *args, loop: bool, enqueue: bool, **options):  # type: ignore[no-untyped-def]
        if hand_to_worker(self, send_outbox, loop=loop, enqueue=enqueue):
            return
        report = send_due()
        self.stdout.write(f"Outbox: {report.sent} sent, {report.retried} to retry, {report.failed} failed")
