"""The outbox's task, run by the worker (frontdoor/worker) whenever messages are due."""

from dataclasses import asdict

from django_tasks import task

from .services import send_due


@task()
def send_outbox() -> dict[str, int]:
    """Deliver what is due; the outbox rows, not this task's result, are the record of what was sent."""
    return asdict(send_due())
