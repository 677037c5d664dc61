"""The workspace pages, without JavaScript: match a contact's people, create a person, person pages,
duplicates, merge and unmerge; and who may see what (every look in the access log)."""

import datetime as dt

import pytest

from frontdoor.core.models import AccessEvent, AuditEvent
from frontdoor.people import services
from frontdoor.people.entries import entries_of
from frontdoor.people.models import ContactPerson, MatchRejection, MergeRecord, Person, PossibleDuplicate
from tests.conftest import signed_in

DOB = dt.date(2015, 3, 27)


@pytest.fixture
def contact(make_contact, chat):
    return make_contact(chat, child=("Ava", "Exampel", DOB))


def people_url(contact):
    return f"/staff/contacts/{contact.pk}/people/"


def test_matching_page_links_rejects_and_logs_every_candidate_shown(
    client, social_worker, contact, make_person
):
    ava = make_person(social_worker, postcode="LS6 2AB", nhs_number="9434765919", school="Testfield Primary")
    eva = make_person(social_worker, given="Eva")
    client = signed_in(client, social_worker)
    page = client.get(people_url(contact))
    assert page.status_code == 200
    text = page.text
    assert ava.reference in text and eva.reference in text
    assert (
        "This is the same person" in text
        and "Not the same person" in text
        and "Create a new person record" in text
    )
    assert "Date of birth: the same" in text and "Family name: sounds the same" in text
    assert "LS6 2AB" in text
    # only what is needed to decide: no identifiers or school for candidates
    assert "9434765919" not in text and "Testfield Primary" not in text
    logged = set(AccessEvent.objects.filter(object_type="people.Person").values_list("object_id", flat=True))
    assert {str(ava.pk), str(eva.pk)} <= logged
    entry = entries_of(contact)[0].key
    response = client.post(people_url(contact), {"entry": entry, "person": eva.pk, "action": "not_same"})
    assert response.status_code == 302
    assert MatchRejection.objects.filter(person=eva).exists()
    assert f"{eva.reference}: " not in client.get(people_url(contact)).text
    response = client.post(
        people_url(contact), {"entry": entry, "person": ava.pk, "action": "link"}, follow=True
    )
    assert "is linked to record" in response.text and ava.reference in response.text
    assert ContactPerson.objects.get().person == ava
    assert client.get(f"/staff/people/{ava.pk}/").status_code == 200


def test_create_a_new_person_from_the_contact_with_gov_uk_errors(client, social_worker, contact):
    client = signed_in(client, social_worker)
    entry = entries_of(contact)[0].key
    url = f"{people_url(contact)}{entry}/new/"
    form = client.get(url)
    assert form.status_code == 200 and 'value="Exampel"' in form.text
    bad = {
        "given_name": "Ava", "family_name": "Exampel", "date_of_birth_0": "31", "date_of_birth_1": "2",
        "date_of_birth_2": "2015", "nhs_number": "943 476 5918", "upn": "X12345", "postcode": "ZZZZ 999",
    }  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 200
    for message in (
        "Date of birth must be a real date",
        "Enter a valid NHS number",
        "Enter a valid UPN",
        "Enter a real postcode",
    ):
        assert message in response.text
    assert "<title>Error: " in response.text
    empty = client.post(url, {"given_name": " ", "family_name": ""})
    assert "Enter a name, a date of birth or an identifier" in empty.text
    good = {
        **bad,
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "nhs_number": "943 476 5919",
        "upn": "",
        "postcode": "ls6 2ab",
        "sex": "F",
    }
    response = client.post(url, good)
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.nhs_number, person.postcode, person.date_of_birth) == ("9434765919", "LS6 2AB", DOB)
    assert ContactPerson.objects.get().decision == "new"


def test_analysts_never_see_a_person_and_other_teams_get_not_found(
    client, social_worker, early_help_worker, analyst, contact, make_person
):
    ava = make_person(social_worker)
    url = f"/staff/people/{ava.pk}/"
    assert signed_in(client, analyst).get(url).status_code == 404
    assert signed_in(client, analyst).get(people_url(contact)).status_code == 404
    # another team's worker is asked for a reason first (break-glass), and sees nothing of the person yet
    outside = signed_in(client, early_help_worker).get(url)
    assert outside.status_code == 302 and outside.url == f"/staff/people/{ava.pk}/break-glass/"
    assert signed_in(client, early_help_worker).get(people_url(contact)).status_code == 404
    assert signed_in(client, social_worker).get(url).status_code == 200
    refused = AccessEvent.objects.filter(object_id=str(ava.pk), granted=False)
    assert set(refused.values_list("actor__username", flat=True)) == {"analyst", "ehw.fast"}
    # once the other team links the person to one of its contacts, it may open the record
    services.link_to_person(user=social_worker, contact=contact, entry=entries_of(contact)[0], person=ava)
    contact.team = early_help_worker.team
    contact.save()
    assert signed_in(client, early_help_worker).get(url).status_code == 200


def test_other_team_cannot_link_on_a_contact(client, early_help_worker, contact, make_person, social_worker):
    ava = make_person(social_worker)
    response = signed_in(client, early_help_worker).post(
        people_url(contact), {"entry": entries_of(contact)[0].key, "person": ava.pk, "action": "link"}
    )
    assert response.status_code == 404
    assert not ContactPerson.objects.exists()


def test_person_page_shows_history_family_and_merged_records_redirect(
    client, social_worker, contact, make_person
):
    ava = make_person(social_worker)
    avah = make_person(social_worker, given="Avah")
    services.link_to_person(user=social_worker, contact=contact, entry=entries_of(contact)[0], person=avah)
    services.merge_persons(user=social_worker, survivor=ava, merged=avah, reason="Same child")
    client = signed_in(client, social_worker)
    response = client.get(f"/staff/people/{avah.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/staff/people/{ava.pk}/"
    assert contact.reference in response.text and "merged into" in response.text
    assert "Undo this merge" in response.text


def test_duplicates_review_merge_and_unmerge_through_the_pages(
    client, team_manager, social_worker, make_person
):
    ava = make_person(social_worker)
    avah = make_person(social_worker, given="Avah")
    pair = PossibleDuplicate.objects.get()
    client = signed_in(client, team_manager)
    listing = client.get("/staff/people/duplicates/")
    assert ava.reference in listing.text and avah.reference in listing.text
    compare = client.get(f"/staff/people/duplicates/{pair.pk}/")
    assert compare.status_code == 200 and "Merge records" in compare.text
    missing = client.post(f"/staff/people/duplicates/{pair.pk}/", {"action": "merge"})
    assert (
        "Select the record to keep" in missing.text and "Enter why these are the same person" in missing.text
    )
    response = client.post(
        f"/staff/people/duplicates/{pair.pk}/",
        {"action": "merge", "keep": str(ava.pk), "reason": "Same child"},
    )
    assert response.status_code == 302
    record = MergeRecord.objects.get()
    assert "No possible duplicates at the moment" in client.get("/staff/people/duplicates/").text
    response = client.post(f"/staff/people/merges/{record.pk}/unmerge/", {"reason": "Different children"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.unmerged_at is not None
    assert {"people.person_merged_in", "people.person_unmerged"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_a_refused_cross_team_merge_says_why(
    client, social_worker, early_help_worker, make_contact, chat, fast, make_person
):
    ava = make_person(social_worker)
    avah = make_person(early_help_worker, given="Avah")
    for person, team, user in ((ava, chat, social_worker), (avah, fast, early_help_worker)):
        c = make_contact(team, child=("Ava", "Example", DOB))
        services.link_to_person(user=user, contact=c, entry=entries_of(c)[0], person=person)
    pair = PossibleDuplicate.objects.get()
    response = signed_in(client, social_worker).post(
        f"/staff/people/duplicates/{pair.pk}/", {"action": "merge", "keep": str(ava.pk), "reason": "Same"}
    )
    assert response.status_code == 200
    assert "only a team manager can merge" in response.text
    assert not MergeRecord.objects.exists()


def test_contact_officers_and_analysts_have_no_duplicates_list(client, contact_officer, analyst):
    assert signed_in(client, contact_officer).get("/staff/people/duplicates/").status_code == 403
    assert signed_in(client, analyst).get("/staff/people/duplicates/").status_code == 403


def test_live_match_json_for_progressive_enhancement(client, social_worker, make_person):
    ava = make_person(social_worker)
    response = signed_in(client, social_worker).post(
        "/staff/people/match.json",
        {"given_name": "Ava", "family_name": "Example", "date_of_birth": "27/03/2015"},
    )
    assert response.json()["candidates"][0]["reference"] == ava.reference
    assert client.post("/staff/people/match.json", {"given_name": "", "family_name": ""}).json() == {
        "candidates": []
    }
    # Never by GET: a child's details do not go in a URL
    assert client.get("/staff/people/match.json", {"given_name": "Ava"}).status_code == 405


def test_linking_is_only_to_a_suggested_or_already_open_person(
    client, social_worker, early_help_worker, contact, make_person
):
    stranger = make_person(early_help_worker, given="Zed", family="Nobody", dob=dt.date(1970, 1, 1))
    response = signed_in(client, social_worker).post(
        people_url(contact), {"entry": entries_of(contact)[0].key, "person": stranger.pk, "action": "link"}
    )
    assert response.status_code == 404
    assert not ContactPerson.objects.exists()


def test_the_duplicates_list_shows_the_pairs_that_touch_the_managers_team(
    client,
    team_manager,
    early_help_manager,
    social_worker,
    early_help_worker,
    make_person,
    make_contact,
    chat,
):
    """A pair is listed for a team when either record is the team's: created by it, or linked to one of its
    contacts. Another team's pairs are not listed."""
    ours = make_person(social_worker, given="Ava", family="Example")
    make_person(social_worker, given="Avah", family="Example")
    theirs = make_person(early_help_worker, given="Noah", family="Sample", dob=dt.date(2016, 6, 1))
    make_person(early_help_worker, given="Noa", family="Sample", dob=dt.date(2016, 6, 1))
    linked = make_person(early_help_worker, given="Zara", family="Testcase", dob=dt.date(2017, 9, 9))
    make_person(early_help_worker, given="Zahra", family="Testcase", dob=dt.date(2017, 9, 9))
    contact = make_contact(chat, child=("Zara", "Testcase", dt.date(2017, 9, 9)))
    # Another team's person: linked once the social worker has said why (break-glass)
    services.break_glass(user=social_worker, person=linked, reason="Zara is on our contact.", path="/")
    services.link_to_person(user=social_worker, contact=contact, entry=entries_of(contact)[0], person=linked)
    assert PossibleDuplicate.objects.count() == 3

    chat_list = signed_in(client, team_manager).get("/staff/people/duplicates/").text
    assert ours.reference in chat_list and linked.reference in chat_list
    assert theirs.reference not in chat_list
    fast_list = signed_in(client, early_help_manager).get("/staff/people/duplicates/").text
    assert theirs.reference in fast_list and linked.reference in fast_list
    assert ours.reference not in fast_list
