from django.core.management.base import BaseCommand

from frontdoor.reporting.services import run_pending
from frontdoor.reporting.tasks import run_export_jobs
from frontdoor.worker.commands import add_worker_arguments, hand_to_worker


class Command(BaseCommand):
    help = (
        "Run the exports requested on the web (CIN census, Annex A, SSD) that are waiting, then stop "
        "(the worker, manage.py run_worker, does this continually)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        add_worker_arguments(parser)
        parser.add_argument("--sleep", type=float, default=2.0, help="Ignored; kept for old scripts")

    def handle(self, *args, loop, enqueue, **options):  # type: ignore[no-untyped-def]
        if hand_to_worker(self, run_export_jobs, loop=loop, enqueue=enqueue):
            return
        done = run_pending(say=self.stdout.write)
        self.stdout.write(f"{done} export job{'s' if done != 1 else ''} run")
