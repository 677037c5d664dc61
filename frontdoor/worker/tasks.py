"""The worker's own housekeeping task."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat


@task()
def prune_task_results() -> int:
    """Forget finished task results after a day (failed ones after a week) and heartbeats of long-gone workers.
    The outbox and the export jobs are the record of what was done; these rows only say how it ran."""
    now = timezone.now()
    deleted, _ = DBTaskResult.objects.filter(
        status="SUCCESSFUL", finished_at__lt=now - timedelta(days=1)
    ).delete()
    failed, _ = DBTaskResult.objects.filter(status="FAILED", finished_at__lt=now - timedelta(days=7)).delete()
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return deleted + failed
