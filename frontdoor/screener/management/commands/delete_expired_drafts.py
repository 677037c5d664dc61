from django.core.management.base import BaseCommand

from frontdoor.screener.services import delete_expired_drafts
from frontdoor.screener.tasks import delete_expired_drafts as delete_expired_drafts_task
from frontdoor.worker.commands import add_worker_arguments, hand_to_worker


class Command(BaseCommand):
    help = (
        "Delete saved requests whose return link has expired (personal data is kept no longer than needed). "
        "The worker, manage.py run_worker, does this every hour."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        add_worker_arguments(parser)
        parser.add_argument("--interval", type=float, default=3600.0, help="Ignored; kept for old scripts")

    def handle(self, *args, loop: bool, enqueue: bool, **options):  # type: ignore[no-untyped-def]
        if hand_to_worker(self, delete_expired_drafts_task, loop=loop, enqueue=enqueue):
            return
        deleted = delete_expired_drafts()
        self.stdout.write(f"Deleted {deleted} expired saved request{'s' if deleted != 1 else ''}")
