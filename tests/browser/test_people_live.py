"""Known people found as a contact is typed (progressive enhancement), and the pages that change a person.
Axe on every page; without JavaScript the contact-logging form works as before."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from frontdoor.core.models import AccessEvent
from frontdoor.intake.models import Contact
from frontdoor.people import services
from frontdoor.people.models import Person, Relationship
from frontdoor.people.services import PersonDetails
from tests.browser.conftest import assert_accessible
from tests.browser.test_people import sign_in
from tests.conftest import PASSWORD

DOB = dt.date(2015, 3, 27)


@pytest.fixture
def ava(social_worker, contact_officer):
    details = PersonDetails(given_name="Ava", family_name="Example", date_of_birth=DOB, postcode="LS6 2AB")
    return services.create_person(user=social_worker, details=details)


def test_known_people_appear_as_the_child_and_adult_are_typed(page, live_server, contact_officer, ava):
    mum = services.create_person(
        user=contact_officer,
        details=PersonDetails(given_name="Mia", family_name="Sample", date_of_birth=dt.date(1990, 1, 2)),
    )
    base = live_server.url
    sign_in(page, base, "co.chat")
    page.goto(f"{base}/staff/contacts/new/")
    assert_accessible(page)
    region = page.locator("#child-1-matches")
    expect(region).to_have_attribute("aria-live", "polite")
    page.get_by_label("First name", exact=True).fill("Ava")
    page.get_by_label("Last name", exact=True).press_sequentially("Exampel", delay=20)
    page.locator("#id_child_1_date_of_birth_0").fill("27")
    page.locator("#id_child_1_date_of_birth_1").fill("3")
    page.locator("#id_child_1_date_of_birth_2").fill("2015")
    expect(region).to_contain_text(ava.reference)
    expect(region).to_contain_text("Ava Example")
    expect(region).to_contain_text("born 27 March 2015")
    expect(region).to_contain_text("LS6 2AB")
    expect(region).to_contain_text(re.compile(r"\d+(\.\d)?% likely"))
    expect(region).to_contain_text("Family name: sounds the same")
    assert_accessible(page)
    adults = page.locator("#adult-1-matches")
    page.locator("#id_adult_1_name").press_sequentially("Mia Sample", delay=20)
    expect(adults).to_contain_text(mum.reference)
    assert_accessible(page)
    page.locator("#id_adult_1_name").fill("Nobody Atall")
    expect(adults).to_contain_text("No known people match adult 1 so far")
    # the JSON endpoint's access logging is kept: each candidate shown is logged
    assert AccessEvent.objects.filter(object_id=str(ava.pk), actor=contact_officer, granted=True).exists()
    # and the form still logs the contact, with the link to check the people afterwards
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Referrer's name").fill("Rita Referrer")
    page.get_by_label("Referral source (CIN code)").select_option("6")
    page.get_by_label("What is the concern?").fill("Ava said she was frightened to go home.")
    page.get_by_label("Amber – worrying, needs a decision today").check()
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text(re.compile(r"Contact FD-.* logged"))).to_be_visible()
    expect(page.get_by_role("link", name="Check whether these people are already known")).to_be_visible()


def test_the_contact_form_still_submits_without_javascript(browser, live_server, contact_officer, ava):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill("co.chat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/staff/contacts/new/")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Referrer's name").fill("Pat Police")
    page.get_by_label("Referral source (CIN code)").select_option("6")
    page.get_by_label("First name", exact=True).fill("Ava")
    page.get_by_label("Last name", exact=True).fill("Example")
    expect(page.locator("#child-1-matches")).to_be_empty()
    page.get_by_label("What is the concern?").fill("Domestic incident overnight; children present.")
    page.get_by_label("Amber – worrying, needs a decision today").check()
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text(re.compile(r"Contact FD-.* logged"))).to_be_visible()
    assert Contact.objects.count() == 1
    page.get_by_role("link", name="Check whether these people are already known").click()
    expect(page.get_by_text(f"{ava.reference}:")).to_be_visible()
    context.close()


def test_change_details_add_a_name_and_a_relative(page, live_server, social_worker, ava):
    mum = services.create_person(
        user=social_worker,
        details=PersonDetails(given_name="Mia", family_name="Example", date_of_birth=dt.date(1990, 1, 2)),
    )
    base = live_server.url
    sign_in(page, base, "sw.chat")
    page.goto(f"{base}/staff/people/{ava.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Change details")).click()
    assert_accessible(page)
    page.get_by_label("NHS number (optional)").fill("943 476 5918")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text(f"The details of {ava.reference} were changed.")).to_be_visible()
    expect(page.locator("#person-details")).to_contain_text("9434765919")

    page.get_by_role("link", name="Add another name").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add name").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Given name").fill("Ava")
    page.get_by_label("Family name").fill("Sample")
    page.get_by_label("Previous name").check()
    page.get_by_role("button", name="Add name").click()
    expect(page.locator("#person-details")).to_contain_text("Ava Sample (previous name)")

    page.get_by_role("link", name="Add a relative or a household").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add relative").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Person reference of the relative").fill(mum.reference)
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("A new household").check()
    page.get_by_label("Name of the new household").fill("The Example family")
    page.get_by_role("button", name="Add relative").click()
    expect(page.locator("#relationships")).to_contain_text("Mia Example is Ava's parent")
    assert_accessible(page)
    assert Relationship.objects.get().parental_responsibility
    assert Person.objects.get(pk=ava.pk).version == 2


def test_another_teams_child_is_only_a_possible_match_until_a_reason_is_given(
    page, live_server, make_user, fast, team_manager, ava
):
    """Break-glass (issue 18): the live match shows none of the other team's child's details; opening the
    record asks why, and the holding team's manager finds it in their list."""
    from frontdoor.accounts.models import Role

    make_user("co.fast", Role.CONTACT_OFFICER, fast)
    base = live_server.url
    sign_in(page, base, "co.fast")
    page.goto(f"{base}/staff/contacts/new/")
    region = page.locator("#child-1-matches")
    page.get_by_label("First name", exact=True).fill("Ava")
    page.get_by_label("Last name", exact=True).press_sequentially("Example", delay=20)
    page.locator("#id_child_1_date_of_birth_0").fill("27")
    page.locator("#id_child_1_date_of_birth_1").fill("3")
    page.locator("#id_child_1_date_of_birth_2").fill("2015")
    expect(region).to_contain_text("A possible match known to another team")
    expect(region).not_to_contain_text(ava.reference)
    expect(region).not_to_contain_text("LS6 2AB")
    assert_accessible(page)

    page.goto(f"{base}/staff/people/{ava.pk}/")
    expect(page.get_by_role("heading", name="Open a record held by another team")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("link", name="Enter why you need to open this record")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why do you need to open this record?").fill("Ava's school rang us about her today.")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_text(ava.reference).first).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, base, "tm.chat")
    page.get_by_role("link", name="Records opened by others").click()
    expect(page.get_by_text("Ava's school rang us about her today.")).to_be_visible()
    assert_accessible(page)
