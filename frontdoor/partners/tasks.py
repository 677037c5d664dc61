"""The DfE push as a task for the worker's daily schedule (frontdoor/worker/schedule.py)."""

from django_tasks import task

from frontdoor.core.errors import Refused

from . import csc


@task()
def push_csc_api() -> dict[str, object]:
    """Build today's push; the outbox sends it. A push still waiting is left to finish."""
    try:
        push = csc.build_push()
    except Refused as refused:
        return {"built": False, "why": str(refused)}
    return {"built": True, "records": push.record_count, "status": push.status}
