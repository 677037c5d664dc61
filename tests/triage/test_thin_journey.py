"""The whole thin journey: a concern online → the team's queue → a decision → oversight → an outcome email."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from frontdoor.core.codes import Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.people.entries import entries_of
from frontdoor.triage.models import Decision
from frontdoor.triage.services import StaleContact, record_decision
from tests.conftest import signed_in
from tests.screener.web.journey import fill_request, screen_to, send


def decision_form(**overrides):
    data = {
        "outcome": "assessment",
        "level_of_need": "4",
        "primary_need": "N1",
        "rationale": "Unexplained injury; child frightened to go home.",
        "next_step": "Allocate for a child and family assessment.",
        "next_step_by": "Assessment team",
        "version": 1,
    }
    data.update(overrides)
    return data


def test_a_concern_reaches_the_queue_is_decided_overseen_and_the_referrer_is_told(
    client, chat, social_worker, team_manager, settings
):
    screen_to(client, "CSC")  # the online screener, then a request for service
    fill_request(client)
    send(client)
    contact = Contact.objects.get()

    queue = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert contact.reference in queue and "Ava Example" in queue and "left" in queue

    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "bruise on her cheek" in page and "Record decision" in page

    # Nobody on the contact is linked to a person record yet: the decision is refused, saying where to link
    refused = client.post(reverse("triage:contact", args=[contact.pk]), decision_form()).content.decode()
    people_url = reverse("people:contact_people", args=[contact.pk])
    assert "Not linked to a person record yet" in refused and people_url in refused
    assert not Decision.objects.exists()
    for entry in entries_of(contact):  # search before create: nobody is known, so each is a new person
        assert entry.key in client.get(people_url).content.decode()
        new = reverse("people:new_person", args=[contact.pk, entry.key])
        client.post(new, {"given_name": entry.given_name or "Unknown", "family_name": entry.family_name})

    response = client.post(reverse("triage:contact", args=[contact.pk]), decision_form(), follow=True)
    body = response.content.decode()
    assert f"Decision recorded for {contact.reference}" in body
    assert "0 contacts awaiting a decision" in body  # gone from the queue

    contact.refresh_from_db()
    decision = Decision.objects.get()
    assert contact.status == "awaiting_oversight" and decision.decided_by == social_worker
    assert contact.allocated_to == social_worker  # deciding an unclaimed contact claims it
    assert decision.oversight == "pending" and decision.level_of_need == 4 and decision.primary_need == "N1"
    assert AuditEvent.objects.filter(action="decision.recorded", object_id=str(contact.pk)).exists()
    assert not OutboxMessage.objects.filter(kind="outcome").exists()  # not until a manager agrees

    manager = signed_in(Client(), team_manager)
    listing = manager.get(reverse("triage:oversight_list")).content.decode()
    assert contact.reference in listing and "Child and family assessment" in listing
    agreed = manager.post(
        reverse("triage:oversight", args=[contact.pk]),
        {"verdict": "agree", "comment": "", "version": contact.version},
    )
    assert agreed.status_code == 302
    contact.refresh_from_db()
    decision.refresh_from_db()
    assert (
        contact.status == "decided"
        and decision.oversight == "agreed"
        and decision.overseen_by == team_manager
    )

    outcome = OutboxMessage.objects.get(kind="outcome")
    assert outcome.to == "rita@school.example" and contact.reference in outcome.body
    assert "assessment" in outcome.body and "bruise" not in outcome.body
    assert contact.referrals.count() == 1

    call_command("send_outbox")
    outcome.refresh_from_db()
    assert outcome.status == "sent"
    delivered = (settings.OUTBOX_FILE_DIR / f"outcome_{decision.pk}.json").read_text()
    assert contact.reference in delivered


def test_a_decision_needs_an_outcome_a_level_and_a_rationale(client, chat, social_worker, make_contact):
    contact = make_contact(chat)
    url = reverse("triage:contact", args=[contact.pk])
    body = (
        signed_in(client, social_worker)
        .post(url, {"outcome": "", "level_of_need": "", "rationale": "  ", "version": 1})
        .content.decode()
    )
    assert "Select a decision" in body and "Enter why you have made this decision" in body
    assert "Select the level of need" in body
    assert not Decision.objects.exists()


def test_a_referral_outcome_needs_a_primary_need(client, chat, social_worker, make_contact):
    contact = make_contact(chat)
    body = (
        signed_in(client, social_worker)
        .post(reverse("triage:contact", args=[contact.pk]), decision_form(primary_need=""))
        .content.decode()
    )
    assert "Select the primary need: a referral to social care needs one" in body
    assert not Decision.objects.exists()


def test_a_second_decision_on_the_same_contact_is_refused_clearly(
    client, chat, social_worker, make_user, make_contact
):
    contact = make_contact(chat)
    url = reverse("triage:contact", args=[contact.pk])
    form = decision_form(
        outcome="nfa", level_of_need="2", primary_need="", rationale="No concerns after checks."
    )
    signed_in(client, social_worker).post(url, form)
    # A colleague with the page still open tries too
    colleague = make_user("sw2.chat", "social_worker", chat)
    other = signed_in(Client(), colleague)
    response = other.post(url, form)
    body = response.content.decode()
    assert response.status_code == 200 and Decision.objects.count() == 1
    assert "This contact has already been decided. Your decision was not saved." in body


def test_a_stale_form_is_refused(chat, social_worker, make_contact):
    contact = make_contact(chat)
    Contact.objects.filter(pk=contact.pk).update(version=2)
    with pytest.raises(StaleContact):
        record_decision(
            contact=contact, user=social_worker, outcome=Outcome.NO_FURTHER_ACTION, rationale="x", version=1
        )


def test_the_queue_is_team_scoped_and_soonest_due_first(client, chat, fast, social_worker, make_contact):
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
