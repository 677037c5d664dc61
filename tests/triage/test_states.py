"""Every state change of a contact, through its service, and the audit entry each one leaves."""

import pytest
from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.intake.services import ContactClosed, ContactEdit, StaleContact, edit_contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage import services
from frontdoor.triage.models import AgencyCheck, Decision, Referral
from tests.triage.helpers import actions, decide, notes, oversee


def test_claim_then_release(chat, social_worker, make_contact):
    contact = make_contact(chat)
    claimed = services.claim_contact(contact=contact, user=social_worker)
    assert (claimed.status, claimed.allocated_to, claimed.version) == ("in_progress", social_worker, 2)
    event = AuditEvent.objects.get(action="contact.claimed")
    assert event.actor == social_worker and event.object_reference == contact.reference
    assert event.before["status"] == "open" and event.after["status"] == "in_progress"

    released = services.release_contact(contact=claimed, user=social_worker)
    assert (released.status, released.allocated_to) == ("open", None)
    assert actions(contact) == ["contact.claimed", "contact.released"]


def test_a_contact_officer_cannot_claim(chat, contact_officer, make_contact):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.claim_contact(contact=make_contact(chat), user=contact_officer)


def test_only_the_claimer_or_a_manager_releases(chat, social_worker, make_user, team_manager, make_contact):
    contact = services.claim_contact(contact=make_contact(chat), user=social_worker)
    colleague = make_user("sw2.chat", "social_worker", chat)
    with pytest.raises(services.NotAllowed):
        services.release_contact(contact=contact, user=colleague)
    assert services.release_contact(contact=contact, user=team_manager).status == "open"


def test_editing_details_is_audited_with_before_and_after(chat, contact_officer, make_contact):
    contact = make_contact(chat)
    changes = ContactEdit(
        urgency=Contact.Urgency.RED,
        concern="Updated: the child is at home with the person who hurt her.",
        referrer_name="Rita Referrer",
        referrer_email="rita@school.example",
        referrer_phone="01632 960001",
        referrer_agency="Testfield Primary",
        referral_source="2A",
    )
    edited = edit_contact(
        contact=contact, user=contact_officer, changes=changes, version=1, reason="Called back"
    )
    assert edited.urgency == 1 and edited.version == 2
    event = AuditEvent.objects.get(action="contact.edited")
    assert event.before["urgency"] == 2 and event.after["urgency"] == 1 and event.reason == "Called back"


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_overwritten(
    chat, contact_officer, social_worker, make_contact
):
    contact = make_contact(chat)
    first = ContactEdit(1, "First version of the concern.", "Rita", "", "", "", "2A")
    second = ContactEdit(3, "Second version of the concern.", "Rita", "", "", "", "2A")
    edit_contact(contact=contact, user=contact_officer, changes=first, version=1)
    with pytest.raises(StaleContact):
        edit_contact(
            contact=contact, user=social_worker, changes=second, version=1
        )  # opened at version 1 too
    contact.refresh_from_db()
    assert (
        contact.concern == "First version of the concern." and contact.urgency == 1 and contact.version == 2
    )
    assert actions(contact) == ["contact.edited"]


def test_a_conversation_claims_an_unclaimed_contact(chat, social_worker, make_contact):
    contact = make_contact(chat)
    conversation = services.record_conversation(contact=contact, user=social_worker, notes=notes())
    contact.refresh_from_db()
    assert conversation.safety_scale == 3 and contact.allocated_to == social_worker
    assert actions(contact) == ["contact.claimed", "conversation.recorded"]


def test_a_conversation_is_refused_when_it_ends_before_it_starts_or_scales_beyond_ten(
    chat, social_worker, make_contact
):
    from datetime import timedelta

    contact = make_contact(chat)
    base = notes()
    with pytest.raises(services.NotAllowed):
        services.record_conversation(
            contact=contact, user=social_worker, notes=notes(ended_at=base.started_at - timedelta(minutes=1))
        )
    with pytest.raises(services.NotAllowed):
        services.record_conversation(contact=contact, user=social_worker, notes=notes(safety_scale=11))
    assert actions(contact) == []


def test_agency_check_without_parents_knowledge_needs_a_manager(
    chat, social_worker, team_manager, make_contact
):
    contact = make_contact(chat)
    details = services.AgencyCheckDetails(
        agency="Market Street Surgery",
        asked="Any injuries seen in the last year?",
        response="Two A&E visits.",
        lawful_basis=AgencyCheck.LawfulBasis.SAFEGUARDING,
        parents_told=False,
        reason_parents_not_told="Police investigation under way.",
    )
    check = services.record_agency_check(contact=contact, user=social_worker, details=details)
    assert check.needs_authorisation
    with pytest.raises(services.NotAllowed):
        services.authorise_agency_check(check=check, user=team_manager, note="  ")
    services.authorise_agency_check(check=check, user=team_manager, note="Risk of harm if told.")
    check.refresh_from_db()
    assert not check.needs_authorisation and check.authorised_by == team_manager
    assert actions(contact)[-2:] == ["agency_check.recorded", "agency_check.authorised"]


def test_consent_cannot_be_the_basis_when_parents_do_not_know(chat, social_worker, make_contact):
    details = services.AgencyCheckDetails("GP", "Asked", "", "consent", False, "They would flee.")
    with pytest.raises(services.NotAllowed, match="Consent"):
        services.record_agency_check(contact=make_contact(chat), user=social_worker, details=details)
    no_reason = services.AgencyCheckDetails("GP", "Asked", "", "safeguarding", False, "")
    with pytest.raises(services.NotAllowed, match="why the parents were not told"):
        services.record_agency_check(contact=make_contact(chat), user=social_worker, details=no_reason)


def test_step_down_and_step_up_keep_history_and_deadline(
    chat, fast, social_worker, early_help_worker, make_contact
):
    contact = services.claim_contact(contact=make_contact(chat), user=social_worker)
    services.record_conversation(contact=contact, user=social_worker, notes=notes())
    due = contact.decision_due_at
    contact.refresh_from_db()
    down = services.transfer_contact(
        contact=contact,
        user=social_worker,
        to_team=fast,
        reason="Needs family support.",
        version=contact.version,
    )
    contact.refresh_from_db()
    assert down.direction == "step_down" and contact.team == fast and contact.status == "open"
    assert contact.allocated_to is None and contact.decision_due_at == due
    assert contact.conversations.count() == 1  # nothing lost
    up = services.transfer_contact(
        contact=contact,
        user=early_help_worker,
        to_team=chat,
        reason="Disclosure of abuse.",
        version=contact.version,
    )
    assert up.direction == "step_up"
    assert [t.direction for t in contact.transfers.all()] == ["step_down", "step_up"]
    assert actions(contact)[-2:] == ["contact.step_down", "contact.step_up"]
    assert AuditEvent.objects.get(action="contact.step_up").reason == "Disclosure of abuse."


def test_decision_goes_to_oversight_then_agreed_makes_referrals_and_the_email(
    chat, social_worker, team_manager, make_contact
):
    contact = make_contact(chat, child=("Ava", "Example"))
    decision = decide(contact, social_worker)
    contact.refresh_from_db()
    assert contact.status == "awaiting_oversight" and decision.oversight == "pending"
    assert not Referral.objects.exists() and not OutboxMessage.objects.exists()

    oversee(decision, team_manager)
    contact.refresh_from_db()
    decision.refresh_from_db()
    assert contact.status == "decided" and decision.oversight == "agreed"
    referral = Referral.objects.get()
    assert (referral.source, referral.primary_need, referral.nfa, referral.team) == ("2A", "N1", False, chat)
    assert referral.referral_date == timezone.localtime(contact.received_at).date()
    email = OutboxMessage.objects.get(kind="outcome")
    assert email.idempotency_key == f"outcome:{decision.pk}" and contact.reference in email.body
    assert actions(contact) == [
        "contact.claimed",
        "decision.recorded",
        "decision.agreed",
        "referral.created",
    ]


def test_one_referral_per_child_and_none_for_non_referral_outcomes(
    chat, social_worker, team_manager, make_contact
):
    from frontdoor.intake.models import ContactChild

    contact = make_contact(chat)
    ContactChild.objects.create(contact=contact, given_name="Ben", family_name="Example")
    oversee(decide(contact, social_worker, Outcome.STRATEGY_DISCUSSION), team_manager)
    assert Referral.objects.filter(contact=contact).count() == 2
    other = make_contact(chat)
    oversee(decide(other, social_worker, Outcome.NO_FURTHER_ACTION), team_manager)
    assert not Referral.objects.filter(contact=other).exists()
    fostering = make_contact(chat)
    oversee(decide(fostering, social_worker, Outcome.PRIVATE_FOSTERING), team_manager)
    assert Referral.objects.filter(contact=fostering).count() == 1


def test_returned_decision_goes_back_to_the_worker_who_decides_again(
    chat, social_worker, team_manager, make_contact
):
    contact = make_contact(chat)
    first = decide(contact, social_worker, Outcome.NO_FURTHER_ACTION)
    with pytest.raises(services.NotAllowed, match="Enter what the worker needs"):
        oversee(first, team_manager, agree=False, comment="")
    oversee(first, team_manager, agree=False, comment="Check with the health visitor first.")
    contact.refresh_from_db()
    first.refresh_from_db()
    assert contact.status == "in_progress" and contact.allocated_to == social_worker
    assert first.oversight == "returned" and first.oversight_comment.startswith("Check")
    assert not OutboxMessage.objects.filter(kind="outcome").exists()
    second = decide(contact, social_worker, Outcome.EARLY_HELP)
    oversee(second, team_manager)
    assert OutboxMessage.objects.filter(kind="outcome").count() == 1
    assert actions(contact)[-3:] == ["decision.returned", "decision.recorded", "decision.agreed"]
    assert AuditEvent.objects.get(action="decision.returned").reason == "Check with the health visitor first."


def test_a_manager_cannot_oversee_their_own_decision(chat, team_manager, make_contact):
    decision = decide(make_contact(chat), team_manager, Outcome.NO_FURTHER_ACTION)
    with pytest.raises(services.NotAllowed, match="Another manager"):
        oversee(decision, team_manager)


def test_oversight_twice_is_refused(chat, social_worker, team_manager, make_user, make_contact):
    decision = decide(make_contact(chat), social_worker, Outcome.NO_FURTHER_ACTION)
    version = decision.contact.version
    other_manager = make_user("tm2.chat", "team_manager", chat)
    oversee(decision, team_manager)
    with pytest.raises((StaleContact, ContactClosed)):
        services.record_oversight(
            decision=decision, user=other_manager, agree=False, comment="x", version=version
        )
    assert Decision.objects.get().overseen_by == team_manager


def test_callbacks_requested_and_done_once(chat, contact_officer, social_worker, make_contact):
    from frontdoor.intake.services import complete_callback, request_callback

    contact = make_contact(chat)
    callback = request_callback(
        contact=contact, user=contact_officer, phone="01632 960123", notes="After 3pm"
    )
    assert complete_callback(callback=callback, user=social_worker) is True
    assert complete_callback(callback=callback, user=social_worker) is False
    assert actions(contact) == ["callback.requested", "callback.done"]


# --- Bad input, refused in the service as well as the form ----------------------------------------------


def test_decision_without_rationale_is_refused(chat, social_worker, make_contact):
    with pytest.raises(services.NotAllowed, match="Enter why"):
        decide(make_contact(chat), social_worker, rationale="   ")
    assert not Decision.objects.exists()


def test_early_help_team_must_step_up_before_a_strategy_discussion(fast, early_help_worker, make_contact):
    contact = make_contact(fast)
    with pytest.raises(services.NotAllowed, match="Step this contact up"):
        decide(contact, early_help_worker, Outcome.STRATEGY_DISCUSSION)
    decide(contact, early_help_worker, Outcome.EARLY_HELP)  # its own outcomes are fine
    assert Decision.objects.count() == 1


def test_a_decided_contact_cannot_be_edited_claimed_or_worked_on(
    chat, fast, social_worker, contact_officer, team_manager, make_contact
):
    contact = make_contact(chat)
    oversee(decide(contact, social_worker, Outcome.NO_FURTHER_ACTION), team_manager)
    contact.refresh_from_db()
    changes = ContactEdit(1, "Changed after the decision.", "Rita", "", "", "", "2A")
    with pytest.raises(ContactClosed):
        edit_contact(contact=contact, user=contact_officer, changes=changes, version=contact.version)
    with pytest.raises(services.AlreadyDecided):
        services.claim_contact(contact=contact, user=social_worker)
    with pytest.raises(ContactClosed):
        services.record_conversation(contact=contact, user=social_worker, notes=notes())
    with pytest.raises(ContactClosed):
        services.transfer_contact(
            contact=contact, user=social_worker, to_team=fast, reason="x", version=contact.version
        )
    with pytest.raises(services.AlreadyDecided):
        decide(contact, social_worker, Outcome.EARLY_HELP)
    contact.refresh_from_db()
    assert contact.concern == "A synthetic concern for testing." and contact.status == "decided"


def test_a_manager_cannot_authorise_sharing_without_the_parents_knowledge_they_recorded_themselves(
    client, chat, team_manager, make_user, make_contact
):
    """Four eyes, as decisions refuse self-oversight: another manager authorises, and the refusal is shown on
    the page with the reasons typed kept."""
    from django.urls import reverse

    from frontdoor.accounts.models import Role
    from tests.conftest import signed_in

    contact = make_contact(chat)
    details = services.AgencyCheckDetails(
        agency="Market Street Surgery",
        asked="Any injuries seen in the last year?",
        response="Two A&E visits.",
        lawful_basis=AgencyCheck.LawfulBasis.SAFEGUARDING,
        parents_told=False,
        reason_parents_not_told="Police investigation under way.",
    )
    check = services.record_agency_check(contact=contact, user=team_manager, details=details)
    with pytest.raises(services.NotAllowed, match="Another team manager must authorise"):
        services.authorise_agency_check(check=check, user=team_manager, note="Risk of harm if told.")

    url = reverse("triage:authorise", args=[contact.pk, check.pk])
    page = signed_in(client, team_manager).post(url, {"note": "Risk of harm if told."})
    body = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in body
    assert "Another team manager must authorise sharing that you recorded yourself." in body
    assert "Risk of harm if told." in body
    check.refresh_from_db()
    assert check.authorised_by is None and actions(contact)[-1] == "agency_check.recorded"

    second_manager = make_user("tm2.chat", Role.TEAM_MANAGER, chat)
    client.logout()
    assert signed_in(client, second_manager).post(url, {"note": "Agreed."}).status_code == 302
    check.refresh_from_db()
    assert check.authorised_by == second_manager
