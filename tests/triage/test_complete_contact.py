"""Completing a contact after logging: siblings, an unborn baby, adults with dates of birth, a back-dated
received time with a reason, the police notification fields, consent and whether the parents know."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.intake import services
from frontdoor.intake.models import Contact
from frontdoor.intake.services import AdultDetails, ChildDetails, FurtherDetails
from tests.conftest import signed_in


def further(contact, **overrides):
    values = {
        "received_at": contact.received_at,
        "received_at_reason": "",
        "address": "1 Example Row, Northshire",
        "postcode": "NS1 1AA",
        "police_occurrence_number": "NP-2026-000123",
        "dash_risk": "high",
        "children_present": "witnessed",
        "operation_encompass": True,
        "consent": "not_sought",
        "parents_know": False,
    }
    values.update(overrides)
    return FurtherDetails(**values)


def test_a_sibling_and_an_unborn_baby_are_added_and_audited(chat, social_worker, make_contact):
    contact = make_contact(chat)
    services.add_child(
        contact=contact, user=social_worker, child=ChildDetails("Ben", "Example", date(2019, 3, 1)), version=1
    )
    due = timezone.localdate() + timedelta(days=60)
    unborn = services.add_child(
        contact=contact, user=social_worker, child=ChildDetails("", "Example", None, due), version=2
    )
    assert unborn.is_unborn and unborn.full_name == "Unborn baby Example"
    assert contact.children.count() == 3
    assert [e.action for e in AuditEvent.objects.order_by("at")][-2:] == ["contact.child_added"] * 2


def test_a_child_needs_a_name_unless_unborn_and_dates_must_make_sense(chat, social_worker, make_contact):
    contact = make_contact(chat)
    with pytest.raises(services.NotAllowed, match="first name"):
        services.add_child(
            contact=contact, user=social_worker, child=ChildDetails("", "Example", None), version=1
        )
    with pytest.raises(services.NotAllowed, match="10 months"):
        far = timezone.localdate() + timedelta(days=400)
        services.add_child(
            contact=contact, user=social_worker, child=ChildDetails("", "Example", None, far), version=1
        )
    assert contact.children.count() == 1 and Contact.objects.get(pk=contact.pk).version == 1


def test_adults_with_a_date_of_birth_added_and_removed_with_a_reason(chat, social_worker, make_contact):
    contact = make_contact(chat)
    adult = services.add_adult(
        contact=contact,
        user=social_worker,
        adult=AdultDetails("Alex Example", "stepfather", date(1990, 5, 4)),
        version=1,
    )
    assert adult.date_of_birth == date(1990, 5, 4)
    with pytest.raises(services.NotAllowed, match="Enter why"):
        services.remove_adult(contact=contact, user=social_worker, adult=adult, version=2, reason="")
    services.remove_adult(contact=contact, user=social_worker, adult=adult, version=2, reason="Wrong family")
    assert not contact.adults.exists()
    assert AuditEvent.objects.get(action="contact.adult_removed").reason == "Wrong family"


def test_the_last_child_cannot_be_removed(chat, social_worker, make_contact):
    contact = make_contact(chat)
    with pytest.raises(services.NotAllowed, match="at least one child"):
        services.remove_child(
            contact=contact, user=social_worker, child=contact.children.get(), version=1, reason="Mistake"
        )
    assert contact.children.count() == 1


def test_police_details_consent_and_a_back_dated_time_move_the_deadline(chat, social_worker, make_contact):
    contact = make_contact(chat, minutes_ago=10)
    overnight = timezone.now() - timedelta(hours=9)
    completed = services.complete_contact(
        contact=contact,
        user=social_worker,
        details=further(
            contact, received_at=overnight, received_at_reason="Police notification sent at 01:00"
        ),
        version=1,
    )
    assert completed.received_at == overnight and completed.dash_risk == "high"
    assert completed.children_present == "witnessed" and completed.parents_know is False
    from frontdoor.triage.timescales import decision_due

    assert completed.decision_due_at == decision_due(overnight, completed.urgency)
    event = AuditEvent.objects.get(action="contact.completed")
    assert (
        event.reason == "Police notification sent at 01:00"
        and event.before["received_at"] != event.after["received_at"]
    )


@pytest.mark.parametrize(
    ("moved", "reason", "message"),
    [
        (timedelta(hours=1), "x", "now or in the past"),  # the future
        (-timedelta(days=8), "x", "at most 7 days"),
        (-timedelta(hours=2), "", "Enter why"),
    ],
)
def test_a_back_dated_time_is_refused_when_it_makes_no_sense(
    chat, social_worker, make_contact, moved, reason, message
):
    contact = make_contact(chat)
    with pytest.raises(services.NotAllowed, match=message):
        services.complete_contact(
            contact=contact,
            user=social_worker,
            details=further(contact, received_at=timezone.now() + moved, received_at_reason=reason),
            version=1,
        )
    assert Contact.objects.get(pk=contact.pk).version == 1


def test_the_pages_complete_a_contact_and_refuse_bad_input_with_messages(
    client, chat, social_worker, make_contact
):
    contact = make_contact(chat)
    signed_in(client, social_worker)
    page = client.get(reverse("triage:further_details", args=[contact.pk]))
    assert page.status_code == 200 and "Police occurrence number" in page.content.decode()
    old = timezone.localtime() - timedelta(days=9)
    response = client.post(
        reverse("triage:further_details", args=[contact.pk]),
        {
            "received_day_0": old.day,
            "received_day_1": old.month,
            "received_day_2": old.year,
            "received_time": "09:00",
            "received_at_reason": "Overnight",
            "dash_risk": "high",
            "version": 1,
        },
    )
    assert response.status_code == 200 and "at most 7 days" in response.content.decode()
    response = client.post(
        reverse("triage:add_child", args=[contact.pk]), {"family_name": "Example", "version": 1}
    )
    assert "or an expected date of birth" in response.content.decode()
    due = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("triage:add_child", args=[contact.pk]),
        {
            "family_name": "Example",
            "expected_date_of_birth_0": due.day,
            "expected_date_of_birth_1": due.month,
            "expected_date_of_birth_2": due.year,
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert "Unborn baby Example" in client.get(reverse("triage:contact", args=[contact.pk])).content.decode()


def test_an_unborn_baby_and_an_adults_date_of_birth_can_be_logged_at_once(client, chat, contact_officer):
    import uuid

    due = timezone.localdate() + timedelta(days=90)
    form = {
        "submission_key": str(uuid.uuid4()),
        "channel": "phone",
        "referrer_name": "Midwife Example",
        "referral_source": "3B",
        "child_1_family_name": "Example",
        "child_1_expected_date_of_birth_0": due.day,
        "child_1_expected_date_of_birth_1": due.month,
        "child_1_expected_date_of_birth_2": due.year,
        "adult_1_name": "Sam Example",
        "adult_1_relationship": "Mother",
        "adult_1_date_of_birth_0": "3",
        "adult_1_date_of_birth_1": "2",
        "adult_1_date_of_birth_2": "2006",
        "concern": "Expectant mother disclosed domestic abuse.",
        "urgency": "2",
    }
    signed_in(client, contact_officer)
    empty = client.post(reverse("triage:log_contact"), {**form, "child_1_expected_date_of_birth_0": ""})
    assert "or an expected date of birth for an unborn baby" in empty.content.decode()
    assert client.post(reverse("triage:log_contact"), form).status_code == 302
    contact = Contact.objects.get()
    baby = contact.children.get()
    assert baby.is_unborn and baby.expected_date_of_birth == due and baby.full_name == "Unborn baby Example"
    assert contact.adults.get().date_of_birth == date(2006, 2, 3)
