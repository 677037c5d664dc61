"""Every sweep the front door relies on is on the worker's schedule, and each is a real task."""

from django_tasks.base import Task

from frontdoor.worker.schedule import PERIODIC


def test_every_sweep_is_scheduled_and_each_is_a_task():
    names = {p.name for p in PERIODIC}
    # Emails, exports, Red contacts nobody has claimed, overdue requests to partners, expired drafts.
    assert {"send_outbox", "run_export_jobs", "send_staff_alerts", "chase_information_requests",
            "delete_expired_drafts", "delete_expired_exports", "send_surveys", "draw_dip_sample",
            "push_csc_api"} <= names  # fmt: skip
    for periodic in PERIODIC:
        assert isinstance(periodic.task(), Task), periodic.name
        assert periodic.every > 0
