"""The contact page shows each child's person record (reference, address), the household and siblings with
their open and previous involvement, and one chronology of the child and household; its cost does not grow
with the household or its history."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdoor.core.codes import Outcome
from frontdoor.intake.models import ContactChild
from frontdoor.people import services as people_services
from frontdoor.people.models import ContactPerson, Person
from frontdoor.triage.models import AgencyCheck
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee


def person_of(contact) -> Person:
    return ContactPerson.objects.get(contact_child=ContactChild.objects.get(contact=contact)).person


def household(chat, fast, social_worker, team_manager, make_contact, *, siblings: int, previous: int):
    """A child with `previous` earlier contacts, in a household with `siblings` siblings, one of them known
    to another team with an open contact."""
    dob = date(2018, 6, 1)
    for n in range(previous):
        old = make_contact(chat, minutes_ago=60 * 24 * (30 + n), child=("Ava", "Example", dob))
        if n < 2:
            oversee(decide(old, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT), team_manager)
    current = make_contact(chat, child=("Ava", "Example", dob))
    ava = person_of(current)
    ava.address_line_1, ava.postcode = "1 Test Street", "LS6 2AB"
    ava.save()
    members = [ava]
    for n in range(siblings):
        sibling = make_contact(
            fast if n == 0 else chat,
            minutes_ago=60 * 24 * 3,
            child=(f"Sib{n}", "Example", date(2016, 1, n + 1)),
        )
        members.append(person_of(sibling))
    people_services.create_family(user=social_worker, name="Example household", members=members)
    return current, ava


def test_the_contact_page_shows_the_person_household_and_chronology(
    client, chat, fast, social_worker, team_manager, make_contact
):
    current, ava = household(chat, fast, social_worker, team_manager, make_contact, siblings=2, previous=3)
    old = (
        ContactPerson.objects.filter(person=ava)
        .exclude(contact=current)
        .order_by("contact__received_at")
        .first()
    )
    AgencyCheck.objects.create(
        contact=old.contact, agency="Testfield Health Visiting", asked="Seen recently?", lawful_basis="statutory",
        parents_told=True, recorded_by=social_worker, recorded_at=old.contact.received_at,
    )  # fmt: skip
    body = signed_in(client, social_worker).get(reverse("triage:contact", args=[current.pk])).content.decode()
    assert ava.reference in body and "1 Test Street, LS6 2AB" in body
    assert 'id="household"' in body and "Sib0 Example" in body and "Sib1 Example" in body
    assert (
        "Family Advice and Support Team" in body
    )  # Sib0's open contact is another team's: named, not linked
    assert 'id="chronology"' in body
    for event in (
        "Contact</strong>",
        "Decision</strong>",
        "Referral</strong>",
        "Information from an agency</strong>",
    ):
        assert event in body
    assert "Asked Testfield Health Visiting" in body
    assert '<span class="referral-count">2</span>' in body


def test_the_contact_page_costs_the_same_for_a_household_of_eight_with_forty_contacts(
    client, chat, fast, social_worker, team_manager, make_contact
):
    small, _ = household(chat, fast, social_worker, team_manager, make_contact, siblings=1, previous=1)
    signed_in(client, social_worker)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("triage:contact", args=[small.pk])).status_code == 200
    big, _ = household(chat, fast, social_worker, team_manager, make_contact, siblings=7, previous=40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("triage:contact", args=[big.pk])).status_code == 200
    assert len(many) <= len(few) + 2, [q["sql"][:120] for q in many.captured_queries]
