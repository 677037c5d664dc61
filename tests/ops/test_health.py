"""Failures are visible: /healthz reports the database, the worker's heartbeat and how long emails and exports
have waited (503 when something is wrong), and managers and administrators see a banner on staff pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from frontdoor.notify.models import OutboxMessage
from frontdoor.notify.services import enqueue_email
from frontdoor.reporting.models import ExportJob
from frontdoor.reporting.services import request_export
from frontdoor.worker.models import WorkerHeartbeat
from tests.conftest import signed_in


def beat(seconds_ago: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id="w1",
        defaults={
            "hostname": "app-1",
            "pid": 4242,
            "started_at": now - timedelta(hours=1),
            "beat_at": now - timedelta(seconds=seconds_ago),
        },
    )


def waiting_email(minutes_ago: float) -> OutboxMessage:
    message = enqueue_email(
        idempotency_key=f"acknowledgement:{minutes_ago}",
        kind="acknowledgement",
        to="rita@school.example",
        subject="We have your concern",
        body="B",
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return message


def test_healthz_is_ok_with_a_recent_heartbeat_and_nothing_waiting_long(client, db):
    beat(3)
    waiting_email(2)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["problems"] == []
    assert 2.5 < body["worker_heartbeat_age_seconds"] < 10
    assert 110 < body["oldest_waiting_email_age_seconds"] < 130
    assert body["oldest_waiting_export_age_seconds"] is None


@pytest.mark.parametrize(
    "seconds_ago, problem",
    [(None, "No background worker has reported"), (600, "The background worker last reported 600 s ago")],
)
def test_healthz_says_503_when_the_worker_has_stopped(client, db, seconds_ago, problem):
    if seconds_ago is not None:
        beat(seconds_ago)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded" and problem in response.json()["problems"][0]
    # A load balancer's check asks about the database only, and the app server stays in service
    assert client.get("/healthz?only=database").status_code == 200


def test_healthz_says_503_when_an_email_or_an_export_has_waited_too_long(client, returns_officer, settings):
    settings.FRONTDOOR_BACKLOG_WARNING_MINUTES = 10
    beat(1)
    waiting_email(11)
    job = request_export(user=returns_officer, kind="annex_a", params={"as_of": "2025-06-30"})
    ExportJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - timedelta(minutes=25))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["problems"] == [
        "Emails are waiting to be sent: the oldest has waited 11 minutes.",
        "Exports are waiting to start: the oldest has waited 25 minutes.",
    ]
    assert response.json()["oldest_waiting_export_age_seconds"] >= 25 * 60


def test_managers_and_administrators_see_a_banner_when_emails_have_waited_too_long(
    client, team_manager, administrator, social_worker, settings
):
    settings.FRONTDOOR_BACKLOG_WARNING_MINUTES = 10
    waiting_email(9)
    page = signed_in(client, team_manager).get("/staff/outbox/failed/")
    assert page.status_code == 200 and "backlog-banner" not in page.content.decode()  # not yet
    waiting_email(14)
    for user, path in [(team_manager, "/staff/outbox/failed/"), (administrator, "/staff/audit/")]:
        body = signed_in(client, user).get(path).content.decode()
        assert "govuk-notification-banner" in body
        assert "Emails are waiting to be sent: the oldest has waited 14 minutes." in body
    # A social worker is not the one to act on it
    assert "backlog-banner" not in signed_in(client, social_worker).get("/staff/").content.decode()
    # Once sent, the banner goes
    OutboxMessage.objects.update(status=OutboxMessage.Status.SENT)
    assert (
        "backlog-banner" not in signed_in(client, team_manager).get("/staff/outbox/failed/").content.decode()
    )
