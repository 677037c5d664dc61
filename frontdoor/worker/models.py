"""What the background worker leaves behind: its heartbeat, and when each periodic task last went on the queue.

The tasks themselves, and their results, are django-tasks-db's `DBTaskResult` rows (docs/adr/0010)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker process, written every few seconds while it runs."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.hostname} (pid {self.pid})"


class PeriodicRun(models.Model):
    """When a periodic task may next be put on the queue. Claimed by a conditional update, so with several
    workers each period's task is enqueued once."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} next at {self.next_run_at:%H:%M:%S}"
