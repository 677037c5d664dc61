"""The screener's periodic task, run by the worker (frontdoor/worker) every hour."""

from django_tasks import task

from .services import delete_expired_drafts as delete_drafts


@task()
def delete_expired_drafts() -> int:
    """Saved requests whose return link has expired are deleted (personal data kept no longer than needed)."""
    return delete_drafts()
