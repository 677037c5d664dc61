"""Webhooks: a received, decided and stepped-down contact is told to the partners who asked, signed, through
the outbox; a receiver that answers 500, times out or redirects is retried with backoff and shown to
administrators; once acknowledged, a delivery is never sent again."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from frontdoor.core.codes import ReferralSource
from frontdoor.intake import services as intake
from frontdoor.notify.models import DeliveryAttempt, OutboxMessage
from frontdoor.notify.services import send_due
from frontdoor.partners import services, webhooks
from frontdoor.partners.models import WebhookEvent
from frontdoor.triage import services as triage
from tests.conftest import signed_in
from tests.triage.helpers import decide


@pytest.fixture
def subscribed(db, administrator, chat, receiver):
    partner = services.add_partner(user=administrator, name="Northshire Health Safeguarding", team=chat)
    subscription = services.subscribe(
        user=administrator, partner=partner, url=receiver.url, events=WebhookEvent.values
    )
    receiver.secret = subscription.secret
    return subscription


def _concern(team):
    details = intake.ConcernDetails(
        children=[intake.ChildDetails("Ava", "Example", None)],
        concern="A synthetic worry for testing webhooks.",
        referrer_name="Rita Referrer",
        referrer_email="rita@school.example",
        referrer_agency="Testfield Primary",
        referral_source=ReferralSource.SCHOOLS,
    )
    contact, _ = intake.record_online_concern(details, submission_key=uuid.uuid4(), team=team)
    return contact


def _webhooks():
    return OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK)


def test_a_received_contact_is_delivered_signed(subscribed, receiver, chat):
    contact = _concern(chat)
    assert send_due().sent >= 1
    (arrival,) = receiver.arrivals
    assert arrival.signature_ok is True
    assert arrival.headers["FrontDoor-Event"] == "contact.received"
    body = arrival.json()
    assert body["type"] == "contact.received" and body["data"]["reference"] == contact.reference
    assert body["data"]["href"] == f"/partner/v1/contacts/{contact.pk}"
    assert "Ava" not in arrival.body.decode()  # thin: the partner reads the rest with its token
    message = _webhooks().get()
    assert message.status == OutboxMessage.Status.SENT
    assert [(a.outcome, a.status_code) for a in message.delivery_attempts.all()] == [("delivered", 200)]


def test_a_tampered_body_fails_the_check(subscribed):
    body = b'{"type":"contact.received"}'
    header = webhooks.sign(subscribed.secret, int(timezone.now().timestamp()), body)
    assert webhooks.verify(subscribed.secret, header, body)
    assert not webhooks.verify(subscribed.secret, header, body.replace(b"received", b"decided"))
    assert not webhooks.verify("another secret", header, body)
    old = webhooks.sign(subscribed.secret, int(timezone.now().timestamp()) - 3600, body)
    assert not webhooks.verify(subscribed.secret, old, body)


def test_decided_and_stepped_down_are_told_to_the_partners_of_both_teams(
    subscribed, receiver, chat, fast, social_worker, administrator
):
    early_help = services.add_partner(user=administrator, name="Northshire Family Hubs", team=fast)
    theirs = services.subscribe(
        user=administrator, partner=early_help, url=receiver.url + "/fast", events=["contact.stepped_down"]
    )
    receiver.secrets["/hooks/fast"] = theirs.secret
    contact = _concern(chat)
    decide(contact, social_worker)
    second = _concern(chat)
    triage.transfer_contact(
        contact=second,
        user=social_worker,
        to_team=fast,
        reason="Early help fits better",
        version=second.version,
    )
    assert sorted(_webhooks().values_list("subject", "to")) == sorted(
        [
            ("contact.received", receiver.url),
            ("contact.decided", receiver.url),
            ("contact.received", receiver.url),
            ("contact.stepped_down", receiver.url),
            ("contact.stepped_down", receiver.url + "/fast"),
        ]
    )
    send_due()
    assert len(receiver.arrivals) == 5
    assert all(a.signature_ok is True for a in receiver.arrivals)


@pytest.mark.parametrize(
    ("answer", "status_code", "words"),
    [
        ("500", 500, "answered 500"),
        ("timeout", None, "did not answer within"),
        ("redirect", 302, "answered 302"),
    ],
)
@override_settings(WEBHOOK_TIMEOUT_SECONDS=0.5)
def test_a_failing_receiver_is_retried_with_backoff_shown_and_never_sent_twice(
    subscribed, receiver, chat, client, administrator, answer, status_code, words
):
    receiver.answers = [answer, answer]
    _concern(chat)
    before = timezone.now()
    report = send_due()
    assert report.retried == 1 and len(receiver.arrivals) == 1
    message = _webhooks().get()
    assert message.status == OutboxMessage.Status.PENDING and words in message.last_error
    assert (
        timedelta(seconds=25) < message.next_attempt_at - before < timedelta(seconds=40)
    )  # the first backoff
    assert send_due().retried == 0 and len(receiver.arrivals) == 1  # not before its time
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    send_due()
    message.refresh_from_db()
    assert message.next_attempt_at - timezone.now() > timedelta(seconds=50)  # waits longer the second time
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert send_due().sent == 1  # the receiver is well again
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    assert send_due().sent == 0  # acknowledged: never again
    assert len(receiver.arrivals) == 3 and len(set(receiver.acknowledged_ids())) == 1
    attempts = list(DeliveryAttempt.objects.filter(message=message).values_list("outcome", "status_code"))
    assert attempts == [("retry", status_code), ("retry", status_code), ("delivered", 200)]

    signed_in(client, administrator)
    page = client.get("/staff/partners/deliveries/").content.decode()
    assert "contact.received" in page and "Delivered" in page
    detail = client.get(f"/staff/partners/deliveries/{message.pk}/").content.decode()
    assert (
        detail.count("Will be tried again") == 2
        and (f"HTTP {status_code}" if status_code else "No answer") in detail
    )


def test_only_administrators_see_deliveries(client, team_manager, db):
    signed_in(client, team_manager)
    assert client.get("/staff/partners/deliveries/").status_code == 403
