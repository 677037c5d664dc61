"""The overdue requests sweep as a task for the supervised worker, every five minutes (worker/schedule.py).
`manage.py chase_information_requests` runs the same sweep once."""

from django_tasks import task

from .services import chase_overdue_requests


@task()
def chase_information_requests() -> dict[str, int]:
    return {"chased": chase_overdue_requests()}
