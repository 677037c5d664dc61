"""The survey sweep as a task for the supervised worker (frontdoor/worker/schedule.py)."""

from django_tasks import task

from .services import send_survey_invitations


@task()
def send_surveys() -> dict[str, int]:
    return {"invited": send_survey_invitations()}
