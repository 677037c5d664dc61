"""The outbox: retries with backoff, gives up visibly, and never sends the same message twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from frontdoor.notify.backends import DeliveryError, FileBackend, NotifyBackend
from frontdoor.notify.models import OutboxMessage
from frontdoor.notify.services import backoff, enqueue_email, send_due


def message(key="k1"):
    return enqueue_email(idempotency_key=key, kind="outcome", to="rita@school.example", subject="S", body="B")


class FlakyBackend:
    """Fails the first `failures` deliveries, then delivers; counts what it delivered."""

    def __init__(self, failures):
        self.failures = failures
        self.delivered = []

    def already_delivered(self, message):
        return None

    def deliver(self, message):
        if self.failures:
            self.failures -= 1
            raise DeliveryError("provider unavailable")
        self.delivered.append(message.idempotency_key)
        return "provider-id"


def make_due(msg):
    OutboxMessage.objects.filter(pk=msg.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_enqueuing_the_same_key_twice_keeps_one_message(db):
    assert message("same") == message("same")
    assert OutboxMessage.objects.count() == 1


def test_a_failure_is_retried_with_backoff_then_sent_once(db):
    msg = message()
    backend = FlakyBackend(failures=2)
    assert send_due(backend).retried == 1
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.attempts == 1 and msg.next_attempt_at > timezone.now()
    assert send_due(backend).sent == 0  # not due yet
    make_due(msg)
    send_due(backend)
    make_due(msg)
    assert send_due(backend).sent == 1
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 3 and backend.delivered == ["k1"]


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == timedelta(hours=1)


def test_after_the_last_attempt_the_failure_is_visible(db, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    msg = message()
    backend = FlakyBackend(failures=10)
    send_due(backend)
    make_due(msg)
    assert send_due(backend).failed == 1
    msg.refresh_from_db()
    assert msg.status == "failed" and "provider unavailable" in msg.last_error


def test_a_worker_crash_after_delivery_does_not_send_twice(db, settings, tmp_path):
    """The worker delivered, then died before recording it: the message is left 'sending'."""
    backend = FileBackend(tmp_path)
    msg = message()
    OutboxMessage.objects.filter(pk=msg.pk).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(hours=1)
    )
    backend.deliver(msg)  # what the crashed worker managed to do
    first_write = (tmp_path / "k1.json").stat().st_mtime_ns
    assert send_due(backend).sent == 1
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 2
    assert list(tmp_path.iterdir()) == [tmp_path / "k1.json"]
    assert (tmp_path / "k1.json").stat().st_mtime_ns == first_write


def test_a_message_claimed_by_a_live_worker_is_left_alone(db):
    msg = message()
    OutboxMessage.objects.filter(pk=msg.pk).update(status="sending", claimed_at=timezone.now())
    backend = FlakyBackend(failures=0)
    assert send_due(backend).sent == 0 and backend.delivered == []


class RecordingNotifyClient:
    """Stands in for GOV.UK Notify, which cannot be reached from here: records what would be sent."""

    def __init__(self):
        self.sent = []

    def send_email_notification(self, **kwargs):
        self.sent.append(kwargs)
        return {"id": f"notify-{len(self.sent)}"}

    def get_all_notifications(self, reference=None, **kwargs):
        return {
            "notifications": [{"id": "notify-1"}]
            if any(s["reference"] == reference for s in self.sent)
            else []
        }


def test_notify_backend_sends_the_key_as_reference_and_checks_before_a_retry(db, settings):
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-1"
    client = RecordingNotifyClient()
    backend = NotifyBackend(client=client)
    msg = message()
    backend.deliver(msg)
    assert client.sent[0]["reference"] == "k1" and client.sent[0]["template_id"] == "template-1"
    assert client.sent[0]["personalisation"] == {"subject": "S", "body": "B"}
    OutboxMessage.objects.filter(pk=msg.pk).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert send_due(backend).sent == 1
    assert len(client.sent) == 1  # it asked Notify first, and did not send again


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_claim_the_same_message():
    from frontdoor.notify.services import _claim

    msg = message()
    assert _claim(msg.pk) is not None
    assert _claim(msg.pk) is None
