"""What the old loop commands (`send_outbox`, `run_export_jobs`, `delete_expired_drafts`) share now that the
worker runs their work: `--enqueue` puts the task on the worker's queue, `--loop` starts the worker."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


def add_worker_arguments(parser: Any) -> None:
    parser.add_argument(
        "--loop",
        action="store_true",
        help="Start the worker (manage.py run_worker), which runs this and more",
    )
    parser.add_argument(
        "--enqueue", action="store_true", help="Put the task on the worker's queue and return"
    )


def hand_to_worker(command: BaseCommand, task: Any, *, loop: bool, enqueue: bool) -> bool:
    """True if the command's work was handed over (so it should not also run it itself)."""
    if loop:
        command.stdout.write("The worker now runs this with the rest: starting manage.py run_worker")
        call_command("run_worker", stdout=command.stdout, stderr=command.stderr)
        return True
    if enqueue:
        result = task.enqueue()
        command.stdout.write(f"Queued for the worker ({result.id})")
        return True
    return False
