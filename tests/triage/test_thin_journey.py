"""The whole thin journey: a concern online → the team's queue → a decision → an outcome email."""

from django.core.management import call_command
from django.urls import reverse

from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage.models import Decision
from tests.conftest import signed_in
from tests.intake.test_online_concern import valid_form


def test_a_concern_reaches_the_queue_is_decided_and_the_referrer_is_told(
    client, chat, social_worker, settings
):
    client.post("/concern/", valid_form())
    contact = Contact.objects.get()

    queue = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert contact.reference in queue and "Ava Example" in queue and "left" in queue

    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "bruise on her cheek" in page and "Record decision" in page

    response = client.post(
        reverse("triage:contact", args=[contact.pk]),
        {
            "outcome": "assessment",
            "rationale": "Unexplained injury; child frightened to go home.",
            "version": 1,
        },
        follow=True,
    )
    assert f"Decision recorded for {contact.reference}" in response.content.decode()
    assert "0 contacts awaiting a decision" in response.content.decode()  # gone from the queue

    contact.refresh_from_db()
    decision = Decision.objects.get()
    assert contact.status == "decided" and decision.decided_by == social_worker
    assert AuditEvent.objects.filter(action="decision.recorded", object_id=str(contact.pk)).exists()

    outcome = OutboxMessage.objects.get(kind="outcome")
    assert outcome.to == "rita@school.example" and contact.reference in outcome.body
    assert "assessment" in outcome.body and "bruise" not in outcome.body

    call_command("send_outbox")
    outcome.refresh_from_db()
    assert outcome.status == "sent"
    delivered = (settings.OUTBOX_FILE_DIR / f"outcome_{decision.pk}.json").read_text()
    assert contact.reference in delivered


def test_a_decision_needs_an_outcome_and_a_rationale(client, chat, social_worker, make_contact):
    contact = make_contact(chat)
    url = reverse("triage:contact", args=[contact.pk])
    body = (
        signed_in(client, social_worker)
        .post(url, {"outcome": "", "rationale": "  ", "version": 1})
        .content.decode()
    )
    assert "Select a decision" in body and "Enter why you have made this decision" in body
    assert not Decision.objects.exists()


def test_a_second_decision_on_the_same_contact_is_refused_clearly(
    client, chat, social_worker, make_user, make_contact
):
    contact = make_contact(chat)
    url = reverse("triage:contact", args=[contact.pk])
    form = {"outcome": "nfa", "rationale": "No concerns after checks.", "version": 1}
    signed_in(client, social_worker).post(url, form)
    # A colleague with the page still open tries too
    from django.test import Client

    colleague = make_user("sw2.chat", "social_worker", chat)
    other = signed_in(Client(), colleague)
    response = other.post(url, form)
    body = response.content.decode()
    assert response.status_code == 200 and Decision.objects.count() == 1
    assert "This contact has already been decided. Your decision was not saved." in body


def test_a_stale_form_is_refused(chat, social_worker, make_contact):
    import pytest

    from frontdoor.core.codes import Outcome
    from frontdoor.triage.services import StaleContact, record_decision

    contact = make_contact(chat)
    Contact.objects.filter(pk=contact.pk).update(version=2)
    with pytest.raises(StaleContact):
        record_decision(
            contact=contact, user=social_worker, outcome=Outcome.NO_FURTHER_ACTION, rationale="x", version=1
        )


def test_the_queue_is_team_scoped_and_oldest_first(client, chat, fast, social_worker, make_contact):
    newer = make_contact(chat, minutes_ago=10)
    older = make_contact(chat, minutes_ago=300)
    other_team = make_contact(fast, minutes_ago=500)
    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert other_team.reference not in body
    assert body.index(older.reference) < body.index(newer.reference)
    assert "2 contacts awaiting a decision" in body


def test_the_queue_flags_overdue_contacts(client, chat, social_worker, make_contact):
    from datetime import timedelta

    from django.utils import timezone

    make_contact(chat, decision_due_at=timezone.now() - timedelta(hours=3, minutes=5))
    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert "Overdue by 3 hours" in body and "govuk-tag--red" in body
