"""A teacher raises a concern online; a social worker decides it; a manager agrees; the teacher's outcome email
is in the outbox."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from tests.browser.conftest import assert_accessible, enter_second_factor
from tests.browser.test_screener import screen, send_request
from tests.conftest import PASSWORD, link_people


@pytest.fixture
def staffed(chat, social_worker, administrator, team_manager):
    return social_worker


def sign_in(page, base, username):
    page.goto(f"{base}/staff/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, username, check=True)


def test_concern_to_decision_to_outcome_email(page, live_server, staffed, settings):
    base = live_server.url
    page.goto(base + "/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", name="Tell us about a concern about a child")).to_be_visible()
    assert_accessible(page)

    # The screener routes the teacher to children's social care; they send a request for service
    # (every page, its errors and axe are covered in test_screener.py)
    screen(page, base, "CSC", check=False)
    reference = send_request(page, check=False)
    assert Contact.objects.get().reference == reference

    sign_in(page, base, "sw.chat")
    expect(page.get_by_role("heading", name="Contacts awaiting a decision")).to_be_visible()
    assert_accessible(page)
    row = page.locator("#queue tr", has_text=reference)
    expect(row).to_contain_text("Ava Example")
    expect(row).to_contain_text("left")
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", name=f"Contact {reference}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Child and family assessment").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Enter why you have made this decision").first).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Child and family assessment")).to_be_checked()
    page.get_by_label("Level 4: Specialist").check()
    page.get_by_label("Primary need (CIN code)").select_option("N1")
    page.get_by_label("Why have you made this decision?").fill("Unexplained injury to a young child.")
    page.get_by_role("button", name="Record decision").click()
    # Nobody on the contact is linked to a person record yet: refused, saying where to link, nothing lost
    expect(page.get_by_text("Not linked to a person record yet").first).to_be_visible()
    assert_accessible(page)
    link_people(
        Contact.objects.get()
    )  # as the worker would on "Check whether these people are already known"
    page.get_by_role("button", name="Record decision").click()

    expect(page.get_by_text(f"Decision recorded for {reference}")).to_be_visible()
    expect(page.locator("#queue-count")).to_have_text("0 contacts awaiting a decision, most urgent first.")
    assert_accessible(page)
    assert not OutboxMessage.objects.filter(kind="outcome").exists()  # the manager agrees first

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, base, "tm.chat")
    page.get_by_role("link", name="Oversight", exact=True).click()
    page.get_by_role("link", name=re.compile(re.escape(reference))).click()
    expect(page.get_by_role("heading", name="Review the decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Save oversight").click()
    expect(page.get_by_text(f"Decision agreed for {reference}")).to_be_visible()
    assert_accessible(page)

    email = OutboxMessage.objects.get(kind="outcome")
    assert email.to == "rita@school.example" and reference in email.subject
    call_command("send_outbox")
    email.refresh_from_db()
    assert email.status == "sent"


def test_other_pages_pass_axe(page, live_server, staffed):
    base = live_server.url
    for path in ["/no-such-page/", "/accessibility/", "/privacy/"]:
        page.goto(base + path)
        assert_accessible(page)
    sign_in(page, base, "administrator")
    for path in ["/staff/audit/", "/staff/access-log/"]:
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


def test_the_form_works_without_javascript(browser, live_server, staffed):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    screen(page, live_server.url, "CSC", check=False)
    assert send_request(page, check=False) == Contact.objects.get().reference
    context.close()
