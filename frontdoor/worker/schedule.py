"""The periodic work, as data: what the worker puts on the queue, how often, and whether there is work first.

Each task is a sweep that is safe to run twice at once (the outbox and the export jobs claim their rows), so
a period missed or doubled costs nothing. `WORKER_SCHEDULE_SECONDS` in settings may change the periods."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Periodic:
    name: str
    task_path: str
    every_seconds: float
    # A cheap read saying whether the task has anything to do; None: it always runs when due
    has_work_path: str | None = None

    @property
    def every(self) -> float:
        overrides: dict[str, float] = getattr(settings, "WORKER_SCHEDULE_SECONDS", {}) or {}
        return float(overrides.get(self.name, self.every_seconds))

    def task(self) -> Any:
        return import_string(self.task_path)

    def has_work(self) -> bool:
        if self.has_work_path is None:
            return True
        check: Callable[[], bool] = import_string(self.has_work_path)
        return bool(check())


PERIODIC: tuple[Periodic, ...] = (
    Periodic("send_outbox", "frontdoor.notify.tasks.send_outbox", 2, "frontdoor.notify.services.has_due"),
    Periodic(
        "run_export_jobs",
        "frontdoor.reporting.tasks.run_export_jobs",
        2,
        "frontdoor.reporting.services.has_queued_jobs",
    ),
    # Red contacts unclaimed too long and failed emails tell the manager (issue 16); each alert once.
    Periodic("send_staff_alerts", "frontdoor.triage.tasks.send_staff_alerts", 60),
    # Overdue information requests are chased once and listed for the manager (issue 20).
    Periodic("chase_information_requests", "frontdoor.multiagency.tasks.chase_information_requests", 300),
    # Referrers are asked how it went after each outcome, once per outcome (issue 22)
    Periodic("send_surveys", "frontdoor.feedback.tasks.send_surveys", 3600),
    # Last week's dip sample, drawn once (the check is one cheap read)
    Periodic(
        "draw_dip_sample",
        "frontdoor.quality.tasks.draw_weekly_dip_sample",
        3600,
        "frontdoor.quality.services.last_week_not_drawn",
    ),
    # The DfE's children's social care data flow (issue 21): once a day, only what changed
    Periodic(
        "push_csc_api", "frontdoor.partners.tasks.push_csc_api", 3600, "frontdoor.partners.csc.push_is_due"
    ),
    Periodic("delete_expired_drafts", "frontdoor.screener.tasks.delete_expired_drafts", 3600),
    # Export files name children: deleted FRONTDOOR_EXPORT_RETENTION_DAYS after they were made (issue 18)
    Periodic(
        "delete_expired_exports",
        "frontdoor.reporting.tasks.delete_expired_exports",
        3600,
        "frontdoor.reporting.retention.has_expired_exports",
    ),
    Periodic("prune_task_results", "frontdoor.worker.tasks.prune_task_results", 3600),
)
