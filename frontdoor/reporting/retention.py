"""Export files are deleted a set number of days after they were made (settings.FRONTDOOR_EXPORT_RETENTION_DAYS):
they name children, and a copy nobody needs any more is a copy that can leak. The job row stays, so the
returns officer sees what was exported and when; each deletion is in the audit trail."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from frontdoor.core import auditor

from .models import ExportJob
from .services import EXPORT_PREFIX

logger = logging.getLogger(__name__)


def retention_days() -> int:
    return int(settings.FRONTDOOR_EXPORT_RETENTION_DAYS)


def _cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=retention_days())


def has_expired_exports() -> bool:
    """Whether a kept export file is older than the retention period (the worker's cheap check)."""
    return ExportJob.objects.filter(finished_at__lt=_cutoff()).exclude(file_name="").exists()


def delete_expired_exports(now: datetime | None = None) -> int:
    """Delete every stored export file older than the retention period, and any file in the exports folder
    that no job names (left by a job deleted since). Returns how many files were deleted."""
    cutoff = _cutoff(now)
    deleted = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file_name=""):
        name = job.file_name if "/" in job.file_name else EXPORT_PREFIX + job.file_name
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("export job %s: its file could not be deleted; trying again next time", job.pk)
            continue
        ExportJob.objects.filter(pk=job.pk).update(file_name="")
        auditor.record_change(
            actor=None,
            action="export.file_deleted",
            obj=job,
            before={"file_name": job.file_name},
            after={"file_name": ""},
            reason=f"Export files are kept for {retention_days()} days",
            actor_description="retention schedule",
        )
        deleted += 1
    deleted += _delete_orphans(cutoff)
    return deleted


def _delete_orphans(cutoff: datetime) -> int:
    try:
        _, files = default_storage.listdir(EXPORT_PREFIX.rstrip("/"))
    except (FileNotFoundError, NotImplementedError):
        return 0
    named = set(ExportJob.objects.exclude(file_name="").values_list("file_name", flat=True))
    deleted = 0
    for file in files:
        name = EXPORT_PREFIX + file
        if name in named or file in named:
            continue
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                deleted += 1
        except (OSError, NotImplementedError):
            logger.exception("export file %s could not be checked or deleted", name)
    return deleted
