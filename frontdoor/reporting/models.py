"""Exports that run in the background: requested on the web, run by `manage.py run_export_jobs`."""

import uuid

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        CIN_CENSUS = "cin_census", "Children in Need census (XML)"
        ANNEX_A = "annex_a", "Ofsted Annex A lists 1 to 3 (XLSX)"
        SSD = "ssd", "Standard Safeguarding Dataset extract (CSV files, zipped)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Ready to download"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    params = models.JSONField(default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The name in the default storage (settings.STORAGES), e.g. exports/<id>.xml
    file_name = models.CharField(max_length=200, blank=True)
    # Validation failures found on the way (the file is still written), one per line
    warnings = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if line]
