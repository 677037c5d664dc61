"""The weekly dip sample as a task for the supervised worker: last week's sample, drawn once."""

from django_tasks import task

from .services import draw_last_week


@task()
def draw_weekly_dip_sample() -> dict[str, int]:
    sample = draw_last_week()
    return {"cases": sample.cases.count() if sample else 0}
