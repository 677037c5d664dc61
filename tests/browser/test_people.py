"""A social worker confirms that the child on a new contact is a known person; a team manager merges two records
of one child and then undoes the merge. Axe on every page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from frontdoor.people import services
from frontdoor.people.models import ContactPerson, MergeRecord
from frontdoor.people.services import PersonDetails
from tests.browser.conftest import assert_accessible, enter_second_factor
from tests.conftest import PASSWORD

DOB = dt.date(2015, 3, 27)


def sign_in(page, base, username):
    page.goto(f"{base}/staff/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, username, check=True)


@pytest.fixture
def known(social_worker):
    def make(given, **fields):
        details = PersonDetails(
            given_name=given, family_name="Example", date_of_birth=DOB, postcode="LS6 2AB", **fields
        )
        return services.create_person(user=social_worker, details=details)

    return make


def test_confirm_a_match_for_the_child_on_a_contact(
    page, live_server, social_worker, make_contact, chat, known
):
    ava = known("Ava", sex="F")
    eva = known("Eva", sex="F")
    contact = make_contact(chat, child=("Ava", "Exampel", DOB), link=False)
    base = live_server.url
    sign_in(page, base, "sw.chat")
    page.goto(f"{base}/staff/contacts/{contact.pk}/people/")
    expect(page.get_by_role("heading", name="Are these people already known?")).to_be_visible()
    expect(page.get_by_text(f"{ava.reference}:")).to_be_visible()
    assert_accessible(page)
    # Not Eva: she is not suggested again
    page.get_by_role("button", name=f"Not the same person ({eva.reference} is not Ava Exampel)").click()
    expect(page.get_by_text(f"{eva.reference} will not be suggested again")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"This is the same person ({ava.reference} is Ava Exampel)").click()
    expect(page.get_by_text(f"Ava Exampel is linked to record {ava.reference}")).to_be_visible()
    assert_accessible(page)
    assert ContactPerson.objects.get().person == ava
    page.get_by_role("link", name=f"{ava.reference}: Ava Example").click()
    expect(page.get_by_role("heading", name="Ava Example")).to_be_visible()
    expect(page.locator("#person-contacts")).to_contain_text(contact.reference)
    assert_accessible(page)


def test_create_a_new_person_with_errors_first(page, live_server, social_worker, make_contact, chat):
    contact = make_contact(chat, child=("Zoë", "O'Brien-Ali", DOB), link=False)
    base = live_server.url
    sign_in(page, base, "sw.chat")
    page.goto(f"{base}/staff/contacts/{contact.pk}/people/")
    expect(page.get_by_text("No known record is likely to be this person.")).to_be_visible()
    page.get_by_role("link", name="Create a new person record for Zoë O'Brien-Ali").click()
    assert_accessible(page)
    page.get_by_label("NHS number (optional)").fill("943 476 5918")
    page.get_by_role("button", name="Create record").click()
    expect(page.get_by_role("link", name="Enter a valid NHS number")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_role("button", name="Create record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("created for Zoë O'Brien-Ali")
    assert_accessible(page)
    assert ContactPerson.objects.get().person.nhs_number == "9434765919"


def test_a_manager_merges_two_records_and_undoes_it(page, live_server, team_manager, social_worker, known):
    ava = known("Ava")
    avah = known("Avah", nhs_number="9434765919")
    base = live_server.url
    sign_in(page, base, "tm.chat")
    page.get_by_role("link", name="Possible duplicates").click()
    expect(page.get_by_role("heading", name="Possible duplicate records")).to_be_visible()
    assert_accessible(page)
    page.locator("#duplicates").get_by_role("link", name="Compare").first.click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Merge records").click()
    expect(page.get_by_role("link", name="Select the record to keep")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"Keep {ava.reference} (Ava Example)").check()
    page.get_by_label("Why are these the same person?").fill("Same child: the school confirmed the spelling.")
    page.get_by_role("button", name="Merge records").click()
    expect(page.get_by_text(f"{avah.reference} was merged into {ava.reference}")).to_be_visible()
    expect(page.locator("#person-details")).to_contain_text("9434765919")
    assert_accessible(page)
    page.get_by_role("link", name=f"Undo this merge of {avah.reference}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Undo the merge").click()
    expect(page.get_by_role("link", name="Enter why these are different people")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are these different people?").fill("Twins: two children.")
    page.get_by_role("button", name="Undo the merge").click()
    expect(page.get_by_text(f"{avah.reference} is a separate record again")).to_be_visible()
    expect(page.locator("#person-details")).not_to_contain_text("9434765919")
    assert_accessible(page)
    assert MergeRecord.objects.get().unmerged_at is not None
