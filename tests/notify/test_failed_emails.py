"""Outcome emails through a failing provider: retried with backoff, never sent twice, failures shown to staff."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.notify.backends import DeliveryError, FileBackend
from frontdoor.notify.models import OutboxMessage
from frontdoor.notify.services import send_due
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee


class DownBackend:
    def __init__(self):
        self.calls = 0

    def already_delivered(self, message):
        return None

    def deliver(self, message):
        self.calls += 1
        raise DeliveryError("550 mailbox unavailable")


def _make_due():
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_failing_outcome_email_is_retried_then_shown_to_the_manager_who_sends_it_again(
    client, settings, tmp_path, chat, fast, social_worker, team_manager, early_help_manager, make_contact
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    contact = make_contact(chat)
    oversee(decide(contact, social_worker, Outcome.NO_FURTHER_ACTION), team_manager)
    OutboxMessage.objects.filter(kind="acknowledgement").delete()
    down = DownBackend()
    assert send_due(down).retried == 1
    message = OutboxMessage.objects.get()
    assert message.next_attempt_at > timezone.now() and message.status == "pending"
    _make_due()
    send_due(down)
    _make_due()
    assert send_due(down).failed == 1 and down.calls == 3

    body = signed_in(client, team_manager).get(reverse("notify:failed")).content.decode()
    assert contact.reference in body and "550 mailbox unavailable" in body and "3 tries" in body
    oversight = client.get(reverse("triage:oversight_list")).content.decode()
    assert "1 email to referrers could not be sent" in oversight
    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Failed" in page
    # Another team's manager does not see it
    assert (
        contact.reference
        not in signed_in(Client(), early_help_manager).get(reverse("notify:failed")).content.decode()
    )

    response = client.post(reverse("notify:retry", args=[message.pk]), follow=True)
    assert "will be sent again" in response.content.decode()
    assert AuditEvent.objects.filter(action="outbox.retried").count() == 1
    again = client.post(reverse("notify:retry", args=[message.pk]), follow=True)  # a double click
    assert "no longer failed" in again.content.decode()

    backend = FileBackend(tmp_path)
    assert send_due(backend).sent == 1
    assert send_due(backend).sent == 0
    assert len(list(tmp_path.iterdir())) == 1


def test_a_worker_crash_mid_send_of_an_outcome_email_does_not_send_it_twice(
    settings, tmp_path, chat, social_worker, team_manager, make_contact
):
    contact = make_contact(chat)
    decision = decide(contact, social_worker, Outcome.EARLY_HELP)
    oversee(decision, team_manager)
    oversee_again = OutboxMessage.objects.filter(kind="outcome")
    assert oversee_again.count() == 1
    message = oversee_again.get()
    backend = FileBackend(tmp_path)
    # The worker claimed it, delivered it, then died before recording that it had
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(hours=1)
    )
    backend.deliver(message)
    report = send_due(backend)
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    outcome_files = [p for p in tmp_path.iterdir() if p.name.startswith("outcome_")]
    assert outcome_files == [tmp_path / f"outcome_{decision.pk}.json"]
    assert report.sent >= 1


def test_analysts_and_workers_cannot_see_failed_emails(client, analyst, social_worker):
    assert signed_in(client, analyst).get(reverse("notify:failed")).status_code == 403
    assert signed_in(Client(), social_worker).get(reverse("notify:failed")).status_code == 403
