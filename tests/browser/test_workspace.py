"""The front door workspace in a browser: a contact officer logs a phone call, a social worker talks it through
and decides, a manager oversees. axe runs on every workspace page, and the journey works without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.intake.models import Contact, Referrer
from frontdoor.notify.models import OutboxMessage
from tests.browser.conftest import assert_accessible, enter_second_factor
from tests.browser.test_thin_journey import sign_in
from tests.conftest import PASSWORD, link_people


@pytest.fixture
def team(chat, fast, contact_officer, social_worker, team_manager):
    Referrer.objects.create(
        name="Rita Referrer", email="rita@school.example", phone="01632 960001", referral_source="2A"
    )
    return chat


def sign_in_without_javascript(page, base, username):
    """As sign_in, without axe: axe is JavaScript, and this page has it switched off."""
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, username)


def sign_out(page):
    page.get_by_role("button", name=re.compile("^Sign out")).click()


def test_phone_contact_logged_talked_through_decided_and_overseen(page, live_server, team):
    base = live_server.url
    sign_in(page, base, "co.chat")
    page.get_by_role("link", name="Log a contact", exact=True).click()
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log contact").click()  # empty: every error, accessibly
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Find a known referrer or agency").fill("rita")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Rita Referrer")).click()
    expect(page.get_by_label("Referrer's name")).to_have_value("Rita Referrer")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("First name", exact=True).fill("Ava")
    page.get_by_label("Last name", exact=True).fill("Example")
    page.get_by_label("What is the concern?").fill("Ava said her stepfather hit her last night.")
    page.get_by_label("Red – risk of significant harm now").check()
    page.get_by_label("No social worker is free: the referrer needs a call back").check()
    page.get_by_role("button", name="Log contact").click()

    expect(page.get_by_text(re.compile(r"Contact FD-.* logged"))).to_be_visible()
    assert_accessible(page)
    contact = Contact.objects.get()
    reference = contact.reference
    assert contact.channel == "phone" and contact.urgency == 1 and contact.callbacks.count() == 1
    page.get_by_role("link", name="Call backs", exact=True).click()
    expect(page.locator("#callbacks")).to_contain_text(reference)
    assert_accessible(page)
    sign_out(page)

    # The social worker: queue, claim, the conversation, a check with another agency, the decision
    sign_in(page, base, "sw.chat")
    expect(page.locator("#queue")).to_contain_text(reference)
    assert_accessible(page)
    page.get_by_text("Filter the queue").click()
    page.get_by_label("RAG rating").select_option("1")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#queue")).to_contain_text(reference)
    assert_accessible(page)
    page.get_by_role("button", name=f"Claim {reference}").click()
    expect(page.get_by_text(f"You have claimed {reference}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a conversation").click()
    page.get_by_role("button", name="Save conversation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    yesterday = timezone.localdate() - timedelta(days=1)  # a time of day that is surely in the past
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("End time").fill("09:20")
    page.get_by_label("Who took part?").fill("Rita Referrer (teacher); Sam Tester (social worker)")
    page.get_by_label("What are we worried about?").fill(
        "A mark on her arm; she is scared of her stepfather."
    )
    page.get_by_label("What's working well?").fill("Mum is protective; school attendance is good.")
    page.get_by_label("What needs to happen?").fill("Strategy discussion with police today.")
    page.get_by_label("Safety scale (optional)").select_option("2")
    page.get_by_role("button", name="Save conversation").click()
    expect(page.get_by_text("Conversation recorded")).to_be_visible()

    page.get_by_role("link", name="Record information from another agency").click()
    assert_accessible(page)
    page.get_by_label("Which agency?").fill("Northshire Police")
    page.get_by_label("What did you ask?").fill("Any call-outs to the address?")
    page.get_by_label("Safeguarding of children and individuals at risk (DPA 2018)").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("If not, why not?").fill("Telling them could put Ava at risk.")
    page.get_by_role("button", name="Save information").click()
    expect(page.get_by_text("A team manager needs to authorise it")).to_be_visible()

    for link, heading in [
        ("Change the details", "Change the details"),
        ("Pass to another team (step up or down)", "Pass to another team"),
        ("Ask for a call back", "Ask for a call back"),
    ]:
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=f"Back to {reference}").click()

    page.get_by_label("Strategy discussion (section 47)").check()
    page.get_by_label("Level 4: Specialist").check()
    page.get_by_label("Primary need (CIN code)").select_option("N1")
    page.get_by_label("Why have you made this decision?").fill(
        "Disclosure of physical abuse by a household member."
    )
    page.get_by_label("What happens next? (optional)").fill("Strategy discussion with police and health.")
    page.get_by_label("Who will do it? (optional)").fill("Sam Tester")
    link_people(Contact.objects.get(reference=reference))  # as the worker would, on the contact's people page
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(f"Decision recorded for {reference}")).to_be_visible()
    assert not OutboxMessage.objects.filter(kind="outcome").exists()
    sign_out(page)

    # The manager: authorises the check, reviews the decision, agrees; the referrer's email goes out
    sign_in(page, base, "tm.chat")
    page.get_by_role("link", name="Oversight", exact=True).click()
    expect(page.locator("#awaiting-oversight")).to_contain_text("(1)")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(re.escape(reference) + ": Northshire Police")).click()
    expect(
        page.get_by_role("heading", name="Authorise sharing without the parents' knowledge")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your reasons for authorising").fill("Police investigation; risk to Ava if told.")
    page.get_by_role("button", name="Authorise").click()
    expect(page.get_by_text("Sharing with Northshire Police")).to_be_visible()

    page.get_by_role("link", name="Oversight", exact=True).click()
    page.get_by_role("link", name=re.compile(re.escape(reference) + " – review the decision")).click()
    page.get_by_role("button", name="Save oversight").click()
    expect(page.get_by_text("Select whether you agree").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Save oversight").click()
    expect(page.get_by_text(f"Decision agreed for {reference}")).to_be_visible()
    email = OutboxMessage.objects.get(kind="outcome")
    assert reference in email.subject and "stepfather" not in email.body
    assert Contact.objects.get().referrals.count() == 1

    page.goto(f"{base}/staff/contacts/{contact.pk}/")
    expect(page.locator("#decision")).to_contain_text("Agreed by a manager")
    assert_accessible(page)

    OutboxMessage.objects.filter(kind="outcome").update(
        status="failed", attempts=8, last_error="550 unavailable"
    )
    page.get_by_role("link", name="Failed emails", exact=True).click()
    expect(page.locator("#failed")).to_contain_text(reference)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Send again")).click()
    expect(page.get_by_text("will be sent again")).to_be_visible()
    assert_accessible(page)


def test_log_claim_and_decide_without_javascript(browser, live_server, team):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in_without_javascript(page, live_server.url, "co.chat")
    page.goto(live_server.url + "/staff/contacts/new/")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Referrer's name").fill("Pat Police")
    page.get_by_label("Referral source (CIN code)").select_option("6")
    page.get_by_label("First name", exact=True).fill("Noah")
    page.get_by_label("Last name", exact=True).fill("Sample")
    page.get_by_label("What is the concern?").fill("Domestic incident overnight; children present.")
    page.get_by_label("Amber – worrying, needs a decision today").check()
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text(re.compile(r"Contact FD-.* logged"))).to_be_visible()
    reference = Contact.objects.get().reference
    page.get_by_role("button", name=re.compile("^Sign out")).click()

    sign_in_without_javascript(page, live_server.url, "sw.chat")
    page.get_by_role("button", name=f"Claim {reference}").click()
    page.get_by_label("Early help", exact=True).check()
    page.get_by_label("Level 2: Additional").check()
    page.get_by_label("Why have you made this decision?").fill(
        "Family asked for support; no significant harm."
    )
    link_people(Contact.objects.get(reference=reference))  # as the worker would, on the contact's people page
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(f"Decision recorded for {reference}")).to_be_visible()
    contact = Contact.objects.get()
    assert contact.status == "awaiting_oversight" and contact.received_at <= timezone.now()
    context.close()


def test_a_manager_allocates_a_red_contact_and_the_worker_finds_it_in_their_inbox(
    page, live_server, team, make_contact
):
    base = live_server.url
    contact = make_contact(team, urgency=Contact.Urgency.RED, minutes_ago=50)
    sign_in(page, base, "tm.chat")
    expect(page.locator("#queue")).to_contain_text("Red: decide within 4 hours")
    page.get_by_role("link", name=contact.reference).click()
    page.get_by_role("link", name="Allocate", exact=True).click()
    expect(page.get_by_role("heading", name="Allocate this contact")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Allocate").click()  # nobody chosen: an error, accessibly
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Sw\.Chat Tester: 0 open")).check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text(re.compile(f"{contact.reference} allocated to"))).to_be_visible()
    expect(page.locator("#contact-state")).to_contain_text("Allocated to")
    assert_accessible(page)
    page.get_by_role("link", name="Caseloads", exact=True).click()
    expect(page.locator("#caseloads")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, base, "sw.chat")
    expect(page.locator("#notifications-link")).to_contain_text("1 unread")
    page.locator("#notifications-link").click()
    expect(page.locator("#notifications")).to_contain_text(contact.reference)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(f"^Open {contact.reference}")).click()
    expect(page.get_by_role("heading", name=f"Contact {contact.reference}")).to_be_visible()
    expect(page.locator("#notifications-link")).not_to_contain_text("unread")


def test_the_queue_and_oversight_fit_a_phone_with_the_claim_button_in_reach(
    page, live_server, team, make_contact
):
    contact = make_contact(team, urgency=Contact.Urgency.RED, referral_source="3B")
    make_contact(team, child=("Noah", "Sample"))
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, "sw.chat")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the queue needs {width}px at 375px"
    claim = page.get_by_role("button", name=f"Claim {contact.reference}")
    claim.scroll_into_view_if_needed()
    box = claim.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    expect(page.locator("#queue")).to_contain_text("(3B)")
    assert_accessible(page)
    sign_out(page)
    sign_in(page, live_server.url, "tm.chat")
    page.goto(f"{live_server.url}/staff/oversight/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/caseloads/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/performance/")  # wide tables scroll inside their own region
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_a_worker_completes_a_contact_after_logging(page, live_server, team, make_contact):
    base = live_server.url
    contact = make_contact(team, channel="police", minutes_ago=5)
    sign_in(page, base, "sw.chat")
    page.goto(f"{base}/staff/contacts/{contact.pk}/")
    page.get_by_role("link", name="Add a child").click()
    expect(page.get_by_role("heading", name="Add a child")).to_be_visible()
    assert_accessible(page)
    due = timezone.localdate() + timedelta(days=40)
    page.get_by_label("Last name").fill("Example")
    group = page.get_by_role("group", name=re.compile("Expected date of birth"))
    group.get_by_label("Day").fill(str(due.day))
    group.get_by_label("Month").fill(str(due.month))
    group.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the child").click()
    expect(page.get_by_text("Child added")).to_be_visible()

    page.get_by_role("link", name="Add an adult").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Alex Example")
    page.get_by_label("Relationship to the children (optional)").fill("mum's partner")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1990")
    page.get_by_role("button", name="Add the adult").click()
    expect(page.locator("#contact-adults")).to_contain_text("Alex Example (mum's partner), born 4 May 1990")

    page.get_by_role("link", name="Complete the record").click()
    expect(page.get_by_role("heading", name="Complete the record")).to_be_visible()
    assert_accessible(page)
    now = timezone.localtime()
    # An hour earlier, but still today: the field is a time of day (run just after midnight, it once was not)
    earlier = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
    page.get_by_label("Time received", exact=True).fill(earlier.strftime("%H:%M"))
    page.get_by_role("button", name="Save the details").click()  # moved without a reason
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the time received is different")
    assert_accessible(page)
    page.get_by_label("If you changed the time received, why?").fill("Sent overnight by the police")
    page.get_by_label("Police occurrence number (optional)").fill("NP-2026-000123")
    page.get_by_label("DASH risk level").select_option("high")
    page.get_by_label("Present and witnessed it").check()
    page.get_by_role("group", name=re.compile("Operation Encompass")).get_by_label("Yes").check()
    page.get_by_label("Not sought (a safeguarding reason)").check()
    page.get_by_role("group", name=re.compile("Do the parents know")).get_by_label("No").check()
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text(f"Details of {contact.reference} saved")).to_be_visible()
    expect(page.locator("#record-details")).to_contain_text("NP-2026-000123")
    expect(page.locator("#record-details")).to_contain_text("High")
    assert_accessible(page)
    contact.refresh_from_db()
    assert contact.children.count() == 2 and contact.received_at_reason == "Sent overnight by the police"


def test_a_worker_attaches_a_file_removes_an_adult_and_prints_the_record(
    page, live_server, team, make_contact, settings, tmp_path
):
    settings.FRONTDOOR_ATTACHMENTS_DIR = tmp_path
    contact = make_contact(team)
    contact.adults.create(name="Wrong Person", relationship="neighbour")
    sign_in(page, live_server.url, "sw.chat")
    page.goto(f"{live_server.url}/staff/contacts/{contact.pk}/")
    page.get_by_role("link", name="Attach a file").click()
    assert_accessible(page)
    fake = tmp_path / "notification.pdf"
    fake.write_bytes(b"This is not a PDF at all")
    page.get_by_label("Upload a file").set_input_files(str(fake))
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF-1.7\n%%EOF\n")
    page.get_by_label("Upload a file").set_input_files(str(real))
    page.get_by_role("button", name="Attach").click()
    expect(page.locator("#attachments")).to_contain_text("real.pdf")
    page.get_by_role("link", name="Remove Wrong Person").click()
    assert_accessible(page)
    page.get_by_label("Why are you removing them?").fill("Not part of this family")
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Wrong Person removed")).to_be_visible()
    page.get_by_role("link", name="Printable record (OFFICIAL-SENSITIVE)").click()
    expect(page.get_by_text("OFFICIAL-SENSITIVE").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("real.pdf")
    assert_accessible(page)
