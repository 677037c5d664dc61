"""The export jobs' task, run by the worker (frontdoor/worker) whenever a job is waiting."""

from django_tasks import task

from .services import run_pending


@task()
def run_export_jobs() -> int:
    """Run the waiting export jobs; each job row records its own progress and outcome."""
    return run_pending()


@task()
def delete_expired_exports() -> int:
    """Delete export files older than FRONTDOOR_EXPORT_RETENTION_DAYS (they name children)."""
    from .retention import delete_expired_exports as delete

    return delete()
