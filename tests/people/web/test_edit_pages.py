"""Changing a person's details, adding another name and a relative or household: GOV.UK validation, who may
change what, every change audited, and a form opened before someone else's change is refused, not lost."""

import datetime as dt

import pytest

from frontdoor.core.models import AccessEvent, AuditEvent
from frontdoor.people import services
from frontdoor.people.models import Family, FamilyMember, Person, PersonName, Relationship
from tests.conftest import signed_in

DOB = dt.date(2015, 3, 27)


def edit_url(person):
    return f"/staff/people/{person.pk}/edit/"


def details(person, **changes):
    data = {
        "given_name": person.given_name, "family_name": person.family_name, "date_of_birth_0": "27",
        "date_of_birth_1": "3", "date_of_birth_2": "2015", "postcode": person.postcode, "version": person.version,
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def ava(make_person, social_worker):
    return make_person(social_worker, postcode="LS6 2AB", address_line_1="1 Test Street", town="Northshire")


def test_change_details_with_gov_uk_errors_and_audit(client, social_worker, ava):
    client = signed_in(client, social_worker)
    page = client.get(edit_url(ava))
    assert page.status_code == 200 and 'value="Ava"' in page.text and "Change details" in page.text
    assert f'href="{edit_url(ava)}"' in client.get(f"/staff/people/{ava.pk}/").text
    bad = details(
        ava,
        date_of_birth_0="31",
        date_of_birth_1="2",
        nhs_number="943 476 5918",
        upn="X12345",
        given_name="Avery",
    )
    response = client.post(edit_url(ava), bad)
    assert response.status_code == 200 and "<title>Error: " in response.text
    for message in ("Date of birth must be a real date", "Enter a valid NHS number", "Enter a valid UPN"):
        assert message in response.text
    assert 'value="Avery"' in response.text  # values kept
    assert 'href="#id_nhs_number"' in response.text  # in the summary, linked to the field
    future = client.post(
        edit_url(ava), details(ava, date_of_death_0="1", date_of_death_1="1", date_of_death_2="2099")
    )
    assert future.status_code == 200 and "<title>Error: " in future.text
    good = details(
        ava, given_name="Avery", nhs_number="943 476 5919", postcode="ls7 3cd", address_line_1="2 New Road"
    )
    response = client.post(edit_url(ava), good)
    assert response.status_code == 302
    ava.refresh_from_db()
    assert (ava.given_name, ava.nhs_number, ava.postcode, ava.version) == (
        "Avery",
        "9434765919",
        "LS7 3CD",
        2,
    )
    assert ava.addresses.get().postcode == "LS6 2AB"  # the old address is kept
    event = AuditEvent.objects.get(action="people.person_changed")
    assert event.actor == social_worker


def test_a_stale_form_is_refused_and_shows_the_current_details(client, social_worker, team_manager, ava):
    opened = details(ava, given_name="Avery")
    services.update_person(
        user=team_manager,
        person=ava,
        details=services.PersonDetails(given_name="Ava", family_name="Sample", date_of_birth=DOB),
    )
    response = signed_in(client, social_worker).post(edit_url(ava), opened)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text and "<title>Error: " in response.text
    assert 'value="Sample"' in response.text and 'name="version" value="2"' in response.text
    ava.refresh_from_db()
    assert (ava.given_name, ava.family_name) == ("Ava", "Sample")
    tampered = signed_in(client, social_worker).post(edit_url(ava), {**opened, "version": "x"})
    assert tampered.status_code == 200 and "Someone else changed this record" in tampered.text


def test_who_may_change_a_person(client, social_worker, early_help_worker, analyst, ava):
    for url in (
        edit_url(ava),
        f"/staff/people/{ava.pk}/names/new/",
        f"/staff/people/{ava.pk}/relationships/new/",
    ):
        assert signed_in(client, analyst).get(url).status_code == 404
        assert signed_in(client, early_help_worker).get(url).status_code == 404  # no link to their team
        assert signed_in(client, early_help_worker).post(url, details(ava, given_name="X")).status_code == 404
        assert signed_in(client, social_worker).get(url).status_code == 200
    ava.refresh_from_db()
    assert ava.given_name == "Ava" and not AuditEvent.objects.filter(action="people.person_changed").exists()
    refused = AccessEvent.objects.filter(object_id=str(ava.pk), granted=False)
    assert {"analyst", "ehw.fast"} <= set(refused.values_list("actor__username", flat=True))


def test_a_merged_away_record_sends_the_user_to_the_survivor(client, social_worker, ava, make_person):
    other = make_person(social_worker, given="Ava", postcode="LS6 2AB")
    services.merge_persons(user=social_worker, survivor=ava, merged=other, reason="Same child")
    response = signed_in(client, social_worker).post(edit_url(other), details(other, given_name="Z"))
    assert response.status_code == 302 and response.url == f"/staff/people/{ava.pk}/"


def test_add_another_name(client, social_worker, ava):
    client = signed_in(client, social_worker)
    url = f"/staff/people/{ava.pk}/names/new/"
    empty = client.post(url, {"given_name": " ", "family_name": ""})
    assert empty.status_code == 200
    assert (
        "Enter a given name or a family name" in empty.text and "Select what kind of name it is" in empty.text
    )
    response = client.post(url, {"given_name": "Ava", "family_name": "Sample", "kind": "previous"})
    assert response.status_code == 302
    assert PersonName.objects.get(person=ava).kind == "previous"
    assert AuditEvent.objects.filter(action="people.other_name_added").count() == 1
    assert "Ava Sample (previous name)" in client.get(f"/staff/people/{ava.pk}/").text


def test_add_a_relative_in_a_new_household_then_another_in_it(
    client, social_worker, ava, make_person, early_help_worker
):
    mum = make_person(social_worker, given="Mia", dob=dt.date(1990, 1, 2))
    brother = make_person(social_worker, given="Leo", dob=dt.date(2017, 5, 6))
    stranger = make_person(early_help_worker, given="Zed")
    client = signed_in(client, social_worker)
    url = f"/staff/people/{ava.pk}/relationships/new/"
    empty = client.post(url, {"family": "new"})
    assert empty.status_code == 200
    for message in (
        "Enter the person reference of the relative",
        "Select how they are related",
        "Select whether the relative has parental responsibility",
        "Enter the name of the new household",
    ):
        assert message in empty.text
    for reference in (stranger.reference, ava.reference, "PN-NOPE"):
        refused = client.post(
            url, {"relative": reference, "kind": "parent", "parental_responsibility": "yes"}
        )
        assert "Enter the reference of a person your team can open" in refused.text
    assert 'value="parent" checked' in refused.text or "checked" in refused.text
    response = client.post(
        url,
        {"relative": mum.reference.lower().replace("-", " "), "kind": "parent", "parental_responsibility": "yes", "family": "new",
         "new_family_name": "The Example family"},
    )  # fmt: skip
    assert response.status_code == 302
    family = Family.objects.get()
    relationship = Relationship.objects.get()
    assert (relationship.relative, relationship.kind, relationship.parental_responsibility) == (
        mum,
        "parent",
        True,
    )
    assert relationship.family == family
    assert set(FamilyMember.objects.values_list("person_id", flat=True)) == {ava.pk, mum.pk}
    page = client.get(url)
    assert "The Example family" in page.text
    response = client.post(
        url,
        {
            "relative": brother.reference,
            "kind": "sibling",
            "parental_responsibility": "no",
            "family": str(family.pk),
        },
    )
    assert response.status_code == 302
    assert FamilyMember.objects.filter(family=family).count() == 3
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("people.relationship_added") == 2
    assert "people.family_created" in actions and "people.family_member_added" in actions
    bad_family = client.post(
        url,
        {
            "relative": brother.reference,
            "kind": "sibling",
            "parental_responsibility": "no",
            "family": "nonsense",
        },
    )
    assert bad_family.status_code == 200 and "Select a household" in bad_family.text
    assert Person.objects.count() == 4
