"""The staff alerts sweep as a task for the supervised worker, every minute (frontdoor/worker/schedule.py).
`manage.py send_staff_alerts` runs the same sweep once."""

from django_tasks import task

from .notifications import alert_failed_emails, alert_red_unclaimed


@task()
def send_staff_alerts() -> dict[str, int]:
    return {"red_unclaimed": alert_red_unclaimed(), "failed_emails": alert_failed_emails()}
