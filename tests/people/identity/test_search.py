"""Search for a child or adult: by name (fuzzy, through the matcher), date of birth, NHS number, UPN,
reference or postcode; posted, never in the address; team-scoped, with another team's records shown only as
"known to another team"; every search and every record shown in the access log."""

from datetime import date

import pytest
from django.urls import reverse

from frontdoor.core.models import AccessEvent
from frontdoor.intake.models import ContactChild
from frontdoor.people.matching.normalise import upn_check_letter
from frontdoor.people.models import ContactPerson, Person
from tests.conftest import signed_in

DOB = date(2017, 3, 27)
URL = "/staff/search/"
UPN = upn_check_letter("123456789012") + "123456789012"


@pytest.fixture
def ava(chat, make_contact):
    contact = make_contact(chat, child=("Ava", "Example", DOB))
    person = ContactPerson.objects.get(contact_child=ContactChild.objects.get(contact=contact)).person
    Person.objects.filter(pk=person.pk).update(nhs_number="9434765919", upn=UPN, postcode="LS6 2AB")
    from frontdoor.people.services import refresh_blocking_keys

    person.refresh_from_db()
    refresh_blocking_keys(person)
    return person


@pytest.fixture
def noah_elsewhere(fast, make_contact):
    contact = make_contact(fast, child=("Noah", "Example", DOB))
    return ContactPerson.objects.get(contact_child=ContactChild.objects.get(contact=contact)).person


def search(client, **fields):
    data = {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": "", **fields}
    return client.post(URL, data)


def test_the_url_is_staff_search():
    assert reverse("people:search") == URL


def test_a_misspelled_name_finds_the_child_with_their_history(client, social_worker, ava):
    signed_in(client, social_worker)
    assert client.get(URL).status_code == 200
    body = search(
        client, name="Eva Exampel", date_of_birth_0="27", date_of_birth_1="3", date_of_birth_2="2017"
    ).content.decode()
    assert ava.reference in body and reverse("people:person", args=[ava.pk]) in body
    assert '<span class="referral-count">0</span>' in body


@pytest.mark.parametrize(
    "fields",
    [
        {"nhs_number": "943 476 5919"},
        {"date_of_birth_0": "27", "date_of_birth_1": "3", "date_of_birth_2": "2017"},
        {"postcode": "ls62ab"},
        {"upn": UPN.lower()},
    ],
)
def test_by_identifier_date_of_birth_postcode_and_reference(client, social_worker, ava, fields):
    body = search(signed_in(client, social_worker), **fields).content.decode()
    assert ava.reference in body
    assert ava.reference in search(client, reference=ava.reference.lower()).content.decode()


def test_another_teams_child_is_known_elsewhere_without_details(client, social_worker, ava, noah_elsewhere):
    body = search(
        signed_in(client, social_worker), date_of_birth_0="27", date_of_birth_1="3", date_of_birth_2="2017"
    ).content.decode()
    assert ava.reference in body
    assert "Known to another team: Family Advice and Support Team" in body
    assert noah_elsewhere.reference not in body and "Noah" not in body


def test_every_search_and_every_record_shown_is_access_logged_without_the_terms(client, social_worker, ava):
    search(signed_in(client, social_worker), name="Ava Example")
    searched = AccessEvent.objects.get(object_type="people.Search")
    assert searched.actor == social_worker and searched.path == URL and "Ava" not in searched.path
    assert AccessEvent.objects.filter(object_type="people.Person", object_id=str(ava.pk), path=URL).exists()
    client.get(reverse("people:person", args=[ava.pk]))
    assert AccessEvent.objects.filter(object_type="people.Person", object_id=str(ava.pk)).count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "A"}, "Enter at least 2 letters of the name"),
        ({"name": "A" * 500}, "Name must be 100 characters or fewer"),
        ({"nhs_number": "943 476 5918"}, "Enter a valid NHS number"),
        ({"upn": "A12345678901A"}, "Enter a valid UPN"),
        ({"reference": "PN-XXXX"}, "Enter a reference like"),
        ({"postcode": "ZZZZ 999"}, "Enter a full postcode"),
        ({}, "Enter a name, a date of birth"),
    ],
)
def test_bad_searches_get_a_clear_message_never_a_500(client, social_worker, fields, message):
    response = search(signed_in(client, social_worker), **fields)
    body = response.content.decode()
    assert response.status_code == 400 and message in body and "govuk-error-summary" in body


def test_search_is_for_front_door_staff_only(client, analyst):
    assert signed_in(client, analyst).get(URL).status_code == 403
