"""Is the service working unattended? The database, the worker's heartbeat and how long emails and exports
have waited: for /healthz, and for the banner managers and administrators see on staff pages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone


def backlog_limit() -> timedelta:
    return timedelta(minutes=settings.FRONTDOOR_BACKLOG_WARNING_MINUTES)


@dataclass
class Backlog:
    """How long the oldest waiting email and the oldest export waiting to start have waited (None: none)."""

    email: timedelta | None
    export: timedelta | None

    def warnings(self) -> list[str]:
        limit, said = backlog_limit(), []
        if self.email is not None and self.email > limit:
            said.append(f"Emails are waiting to be sent: the oldest has waited {_minutes(self.email)}.")
        if self.export is not None and self.export > limit:
            said.append(f"Exports are waiting to start: the oldest has waited {_minutes(self.export)}.")
        return said


def _minutes(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes >= 120:
        return f"{minutes // 60} hours"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def backlog() -> Backlog:
    from frontdoor.notify.services import oldest_waiting
    from frontdoor.reporting.models import ExportJob

    now = timezone.now()
    email = oldest_waiting()
    export = (
        ExportJob.objects.filter(status=ExportJob.Status.QUEUED)
        .order_by("requested_at")
        .values_list("requested_at", flat=True)
        .first()
    )
    return Backlog(
        email=now - email if email else None,
        export=now - export if export else None,
    )


def worker_heartbeat_age() -> timedelta | None:
    from frontdoor.worker.models import WorkerHeartbeat

    beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    return timezone.now() - beat if beat else None


@dataclass
class Health:
    database: str = "ok"
    worker_heartbeat_age_seconds: float | None = None
    oldest_waiting_email_age_seconds: float | None = None
    oldest_waiting_export_age_seconds: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        return {"status": "ok" if self.ok else "degraded", **asdict(self)}


def _seconds(age: timedelta | None) -> float | None:
    return None if age is None else round(age.total_seconds(), 1)


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check() -> Health:
    """Raises nothing: a database that cannot be reached is itself the answer."""
    health = Health()
    try:
        database_ok()
        beat = worker_heartbeat_age()
        waiting = backlog()
    except Exception:
        health.database = "unavailable"
        health.problems.append("The database cannot be reached.")
        return health
    health.worker_heartbeat_age_seconds = _seconds(beat)
    health.oldest_waiting_email_age_seconds = _seconds(waiting.email)
    health.oldest_waiting_export_age_seconds = _seconds(waiting.export)
    stale = timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_SECONDS)
    if beat is None:
        health.problems.append("No background worker has reported (manage.py run_worker).")
    elif beat > stale:
        health.problems.append(f"The background worker last reported {int(beat.total_seconds())} s ago.")
    health.problems.extend(waiting.warnings())
    return health
