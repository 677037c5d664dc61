"""The person is the identity: nobody on a contact is decided about until they are linked to a person record
(or recorded as a new person); a manager may decide first in an emergency, with a reason; existing records
were linked where certain and the rest put on a review list."""

from datetime import date

import pytest
from django.urls import reverse

from frontdoor.intake.models import Contact, ContactAdult, ContactChild
from frontdoor.people import linking
from frontdoor.people.models import ContactPerson, Person
from frontdoor.triage import services
from frontdoor.triage.models import Decision
from tests.conftest import signed_in
from tests.triage.helpers import decide


def test_a_decision_with_an_unlinked_child_is_refused_saying_where_to_link(
    client, chat, social_worker, make_contact
):
    contact = make_contact(chat, child=("Ava", "Example", date(2019, 4, 1)), link=False)
    with pytest.raises(services.NotAllowed) as refused:
        decide(contact, social_worker, link=False)
    message = str(refused.value)
    assert "Ava Example" in message and reverse("people:contact_people", args=[contact.pk]) in message
    assert not Decision.objects.exists()

    # on the page: in the error summary, nothing typed lost, never a 500
    page = signed_in(client, social_worker).post(
        reverse("triage:contact", args=[contact.pk]),
        {"outcome": "assessment", "level_of_need": "4", "primary_need": "N1", "version": contact.version,
         "rationale": "Worried about the bruise."},
    )  # fmt: skip
    body = page.content.decode()
    assert page.status_code == 200 and "Not linked to a person record yet" in body
    assert "govuk-error-summary" in body and "Worried about the bruise." in body


def test_an_adult_must_be_linked_too(chat, social_worker, make_contact):
    contact = make_contact(chat, child=("Ava", "Example", date(2019, 4, 1)))
    ContactAdult.objects.create(contact=contact, name="Sam Example", relationship="Mum")
    with pytest.raises(services.NotAllowed, match="Sam Example"):
        decide(contact, social_worker, link=False)


def test_a_manager_may_decide_before_linking_in_an_emergency_with_a_reason(chat, team_manager, make_contact):
    contact = make_contact(chat, link=False)
    with pytest.raises(services.NotAllowed, match="In an emergency"):
        decide(contact, team_manager, link=False)
    decision = decide(
        contact, team_manager, link=False, override_reason="Police at the door now; records system down."
    )
    assert decision.rules_overridden == ["unlinked-people"]
    assert decision.override_reason.startswith("Police at the door")


def test_a_worker_who_links_everyone_can_decide(chat, social_worker, make_contact):
    contact = make_contact(chat, child=("Ava", "Example", date(2019, 4, 1)))
    decide(contact, social_worker, link=False)
    assert Contact.objects.get(pk=contact.pk).status == Contact.Status.AWAITING_OVERSIGHT


def test_existing_records_are_linked_where_certain_and_the_rest_go_to_review(chat, make_contact):
    known = Person.objects.create(
        reference="PN-TEST-0001", given_name="Ava", family_name="Example", date_of_birth=date(2019, 4, 1),
        created_at=make_contact(chat, link=False).received_at,
    )  # fmt: skip
    Person.objects.create(reference="PN-TEST-0002", given_name="Twin", family_name="Same",
                          date_of_birth=date(2018, 1, 1), created_at=known.created_at)  # fmt: skip
    Person.objects.create(reference="PN-TEST-0003", given_name="twin", family_name="SAME",
                          date_of_birth=date(2018, 1, 1), created_at=known.created_at)  # fmt: skip
    one = make_contact(chat, child=(" ava ", "EXAMPLE", date(2019, 4, 1)), link=False)
    new = make_contact(chat, child=("Noah", "Sample", date(2017, 5, 5)), link=False)
    again = make_contact(chat, child=("Noah", "Sample", date(2017, 5, 5)), link=False)
    undated = make_contact(chat, child=("Mia", "Nodate"), link=False)
    twins = make_contact(chat, child=("Twin", "Same", date(2018, 1, 1)), link=False)

    result = linking.link_contacts(Contact.objects.all())

    def link_of(contact):
        return ContactPerson.objects.get(contact_child=ContactChild.objects.get(contact=contact))

    assert link_of(one).person == known and link_of(one).decision == "linked"
    assert {link_of(new).decision, link_of(again).decision} == {"new", "linked"}  # one person, made once
    assert link_of(again).person == link_of(new).person
    for uncertain, why in ((undated, linking.NO_DATE_OF_BIRTH), (twins, linking.MORE_THAN_ONE)):
        assert link_of(uncertain).person is None and link_of(uncertain).review_reason == why
    assert (result.linked, result.created, result.to_review) == (2, 1, 3)  # the first contact's Ava too
    # and nothing is linked twice when it runs again
    assert linking.link_contacts(Contact.objects.all()).linked == 0


def test_the_review_list_shows_who_could_not_be_linked_and_where(
    client, chat, fast, social_worker, make_contact
):
    ours = make_contact(chat, child=("Mia", "Nodate"), link=False)
    theirs = make_contact(fast, child=("Zoe", "Nodate"), link=False)
    linking.link_contacts(Contact.objects.all())
    body = signed_in(client, social_worker).get(reverse("people:review_list")).content.decode()
    assert "Mia Nodate" in body and linking.NO_DATE_OF_BIRTH in body
    assert reverse("people:contact_people", args=[ours.pk]) in body
    assert "Zoe" not in body and theirs.reference not in body
