"""The workspace through HTTP: bad input gets clear messages (never a 500), other teams get 404s."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.core.codes import Outcome
from frontdoor.core.models import AccessEvent
from frontdoor.intake.models import CallbackRequest, Contact, Referrer
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage import services
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee

CONTACT_PAGES = ["contact", "edit", "conversation", "agency_check", "transfer", "oversight", "new_callback"]


@pytest.mark.parametrize("name", CONTACT_PAGES + ["claim", "release"])
def test_a_worker_of_another_team_guessing_a_url_gets_a_404_and_is_logged(
    client, chat, early_help_worker, make_contact, name
):
    contact = make_contact(chat)
    url = reverse(f"triage:{name}", args=[contact.pk])
    signed_in(client, early_help_worker)
    response = client.post(url, {}) if name in ("claim", "release") else client.get(url)
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    event = AccessEvent.objects.get()
    assert (event.actor, event.granted, event.object_reference) == (
        early_help_worker,
        False,
        contact.reference,
    )
    contact.refresh_from_db()
    assert contact.version == 1 and contact.status == "open"


def test_every_workspace_page_opens_for_its_users(
    client, chat, social_worker, team_manager, contact_officer, administrator, make_contact
):
    contact = make_contact(chat)
    signed_in(client, social_worker)
    for name in ["contact", "edit", "conversation", "agency_check", "transfer", "new_callback"]:
        assert client.get(reverse(f"triage:{name}", args=[contact.pk])).status_code == 200, name
    for name in ["queue", "callbacks", "log_contact"]:
        assert client.get(reverse(f"triage:{name}")).status_code == 200, name
    assert client.get(reverse("triage:oversight_list")).status_code == 403
    assert client.get(reverse("notify:failed")).status_code == 403
    manager = signed_in(Client(), team_manager)
    assert manager.get(reverse("triage:oversight_list")).status_code == 200
    assert manager.get(reverse("notify:failed")).status_code == 200
    officer = signed_in(Client(), contact_officer)
    assert officer.get(reverse("triage:log_contact")).status_code == 200
    assert officer.get(reverse("triage:conversation", args=[contact.pk])).status_code == 403
    assert signed_in(Client(), administrator).get(reverse("notify:failed")).status_code == 200


def test_claiming_from_the_queue_and_a_second_claim_is_told_clearly(
    client, chat, social_worker, make_user, make_contact
):
    contact = make_contact(chat)
    url = reverse("triage:claim", args=[contact.pk])
    response = signed_in(client, social_worker).post(url, follow=True)
    assert f"You have claimed {contact.reference}" in response.content.decode()
    other = signed_in(Client(), make_user("sw2.chat", "social_worker", chat))
    refused = other.post(url, follow=True).content.decode()
    assert f"Someone else claimed {contact.reference} first" in refused
    contact.refresh_from_db()
    assert contact.allocated_to == social_worker


def test_decision_form_bad_input_is_explained(client, fast, early_help_worker, make_contact):
    contact = make_contact(fast)
    url = reverse("triage:contact", args=[contact.pk])
    body = (
        signed_in(client, early_help_worker)
        .post(
            url,
            {
                "outcome": "strategy",
                "level_of_need": "4",
                "primary_need": "N1",
                "rationale": "",
                "version": 1,
            },
        )
        .content.decode()
    )
    assert response_ok(body)
    assert "Step this contact up to children&#x27;s social care first" in body
    assert "Enter why you have made this decision" in body
    assert not contact.decisions.exists()


def response_ok(body: str) -> bool:
    return "There is a problem" in body and "<title>Error: " in body


def test_a_stale_edit_form_is_refused_with_a_clear_message(
    client, chat, contact_officer, social_worker, make_contact
):
    contact = make_contact(chat)
    url = reverse("triage:edit", args=[contact.pk])
    form = {
        "version": "1",
        "concern": "First edit",
        "urgency": "1",
        "referrer_name": "Rita",
        "referral_source": "2A",
        "reason": "Called back",
    }
    assert signed_in(client, contact_officer).post(url, form).status_code == 302
    second = signed_in(Client(), social_worker).post(url, {**form, "concern": "Second edit", "urgency": "3"})
    body = second.content.decode()
    assert (
        second.status_code == 200 and "Someone else changed this contact while you had this page open" in body
    )
    assert "Second edit" in body  # what they typed is kept, for them to copy
    contact.refresh_from_db()
    assert contact.concern == "First edit" and contact.urgency == 1


def test_editing_a_decided_contact_is_refused_clearly(
    client, chat, social_worker, contact_officer, team_manager, make_contact
):
    contact = make_contact(chat)
    oversee(decide(contact, social_worker, Outcome.NO_FURTHER_ACTION), team_manager)
    signed_in(client, contact_officer)
    for name in ["edit", "new_callback"]:
        response = client.get(reverse(f"triage:{name}", args=[contact.pk]), follow=True)
        assert "it can no longer be changed" in response.content.decode(), name
    contact.refresh_from_db()
    form = {
        "version": str(contact.version),
        "concern": "Rewritten",
        "urgency": "1",
        "referrer_name": "Rita",
        "referral_source": "2A",
        "reason": "x",
    }
    response = client.post(reverse("triage:edit", args=[contact.pk]), form, follow=True)
    assert response.status_code == 200 and "it can no longer be changed" in response.content.decode()
    signed_in(client, social_worker)
    for name in ["conversation", "agency_check", "transfer"]:
        response = client.get(reverse(f"triage:{name}", args=[contact.pk]), follow=True)
        assert "it can no longer be changed" in response.content.decode(), name
    contact.refresh_from_db()
    assert contact.concern == "A synthetic concern for testing."


def test_the_queue_sorts_by_urgency_then_due_and_filters(client, chat, social_worker, make_contact):
    green_soon = make_contact(chat, minutes_ago=600, urgency=3, channel="phone")
    red_later = make_contact(chat, minutes_ago=5, urgency=1, referral_source="6")
    amber = make_contact(chat, minutes_ago=300, urgency=2)
    services.claim_contact(contact=amber, user=social_worker)
    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert body.index(red_later.reference) < body.index(amber.reference) < body.index(green_soon.reference)

    def refs(**params):
        page = client.get(reverse("triage:queue"), params).content.decode()
        return {c.reference for c in (green_soon, red_later, amber) if c.reference in page}

    assert refs(urgency="1") == {red_later.reference}
    assert refs(channel="phone") == {green_soon.reference}
    assert refs(source="6") == {red_later.reference}
    assert refs(allocated="me") == {amber.reference}
    assert refs(allocated="none") == {green_soon.reference, red_later.reference}
    assert refs(status="in_progress") == {amber.reference}
    assert refs(allocated=str(social_worker.pk)) == {amber.reference}
    assert client.get(reverse("triage:queue"), {"status": "nonsense", "source": "99"}).status_code == 200


def test_the_managers_view_lists_decisions_awaiting_oversight_and_contacts_near_deadline(
    client, chat, social_worker, team_manager, make_contact
):
    from datetime import timedelta

    from django.utils import timezone

    waiting = make_contact(chat)
    decide(waiting, social_worker, Outcome.EARLY_HELP)
    late = make_contact(chat, decision_due_at=timezone.now() - timedelta(hours=1))
    fine = make_contact(chat, decision_due_at=timezone.now() + timedelta(days=1))
    body = signed_in(client, team_manager).get(reverse("triage:oversight_list")).content.decode()
    assert waiting.reference in body and late.reference in body and fine.reference not in body
    assert "Overdue by 1 hour" in body


def test_oversight_page_return_needs_a_comment(client, chat, social_worker, team_manager, make_contact):
    contact = make_contact(chat)
    decide(contact, social_worker, Outcome.NO_FURTHER_ACTION)
    contact.refresh_from_db()
    url = reverse("triage:oversight", args=[contact.pk])
    body = (
        signed_in(client, team_manager)
        .post(url, {"verdict": "return", "version": contact.version})
        .content.decode()
    )
    assert "Enter what the worker needs to look at again" in body
    stale = client.post(url, {"verdict": "agree", "version": contact.version - 1}).content.decode()
    assert "Someone else changed this contact" in stale
    contact.refresh_from_db()
    assert contact.status == "awaiting_oversight"


def test_a_contact_officer_logs_a_phone_contact_with_a_known_referrer_and_a_call_back(
    client, chat, contact_officer
):
    known = Referrer.objects.create(name="Rita Referrer", email="rita@school.example", referral_source="2A")
    signed_in(client, contact_officer)
    search = client.get(reverse("triage:log_contact"), {"q": "rita"}).content.decode()
    assert f"?referrer={known.pk}" in search
    prefilled = client.get(reverse("triage:log_contact"), {"referrer": str(known.pk)}).content.decode()
    assert 'value="rita@school.example"' in prefilled
    key = str(uuid.uuid4())
    form = {
        "submission_key": key,
        "referrer_id": str(known.pk),
        "channel": "phone",
        "referrer_name": "Rita Referrer",
        "referrer_email": "rita@school.example",
        "referrer_phone": "01632 960001",
        "referral_source": "2A",
        "child_1_given_name": "Ava",
        "child_1_family_name": "Example",
        "child_2_given_name": "Ben",
        "child_2_family_name": "Example",
        "adult_1_name": "Alex Example",
        "adult_1_relationship": "Stepfather",
        "concern": "Ava said her stepfather hit her.",
        "urgency": "1",
        "callback_needed": "yes",
    }
    response = client.post(reverse("triage:log_contact"), form)
    assert response.status_code == 302
    client.post(reverse("triage:log_contact"), form)  # a double submit
    contact = Contact.objects.get()
    assert (contact.channel, contact.urgency, contact.logged_by, contact.referrer) == (
        "phone",
        1,
        contact_officer,
        known,
    )
    assert [c.given_name for c in contact.children.all()] == ["Ava", "Ben"]
    assert contact.adults.get().relationship == "Stepfather"
    assert CallbackRequest.objects.get().phone == "01632 960001"
    assert OutboxMessage.objects.filter(kind="acknowledgement").count() == 1
    assert (
        contact.reference
        in signed_in(Client(), contact_officer).get(reverse("triage:callbacks")).content.decode()
    )


def test_logging_form_errors(client, chat, contact_officer):
    body = (
        signed_in(client, contact_officer)
        .post(
            reverse("triage:log_contact"),
            {
                "submission_key": str(uuid.uuid4()),
                "child_2_given_name": "Ben",
                "received_time": "25:99",
                "callback_needed": "yes",
                "referrer_email": "not-an-email",
            },
        )
        .content.decode()
    )
    for message in [
        "Select how the contact came in",
        "Enter the referrer&#x27;s name",
        "Enter the child&#x27;s first name",
        "Enter child 2&#x27;s last name, or leave child 2 blank",
        "Enter the concern",
        "Select the urgency",
        "Time received today (optional) must be a real time",
        "Enter the phone number to call back on",
        "Enter an email address in the correct format",
    ]:
        assert message in body, message
    assert not Contact.objects.exists()


def test_a_new_referrer_is_remembered_for_next_time(chat, contact_officer):
    from frontdoor.intake.services import ChildDetails, LoggedContact, log_contact

    details = LoggedContact(
        channel="email",
        children=[ChildDetails("Ava", "Example", None)],
        adults=[],
        concern="Concern",
        urgency=2,
        referrer_name="Sam Nurse",
        referrer_email="sam@health.example",
        referrer_phone="",
        referrer_agency="Northshire Community Health",
        referral_source="3C",
    )
    log_contact(user=contact_officer, details=details, submission_key=uuid.uuid4())
    referrer = Referrer.objects.get()
    assert referrer.agency.name == "Northshire Community Health" and referrer.referral_source == "3C"
    log_contact(user=contact_officer, details=details, submission_key=uuid.uuid4())
    assert Referrer.objects.count() == 1  # found again by email, not duplicated
