"""Referrers in a real browser: the screener to every route, the request forms, save and return, the staff
upload page, with axe on every page, and a journey with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import expect

from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.screener.models import DefinitionVersion, EmergencyRouteCount
from tests.browser.conftest import assert_accessible, enter_second_factor
from tests.conftest import PASSWORD
from tests.screener import builders

PATHS = {
    "EMERGENCY": [("radio", "Yes")],
    "LADO": [("radio", "No"), ("radio", "I work with children or families"), ("radio", "Yes")],
    "PRIVATE_FOSTERING": [
        ("radio", "No"),
        ("radio", "I work with children or families"),
        ("radio", "No"),
        ("radio", "No"),
        ("radio", "A child living with someone who is not their parent or a close relative"),
    ],
    "UNIVERSAL": [
        ("radio", "No"),
        ("radio", "I work with children or families"),
        ("radio", "No"),
        ("radio", "No"),
        ("radio", "Not going to school, or being excluded"),
        (
            "radio",
            "The child attends well (more than 9 days out of 10) but you have another worry about school",
        ),
    ],
    "ADVICE": [
        ("radio", "No"),
        ("radio", "I work with children or families"),
        ("radio", "No"),
        ("radio", "No"),
        ("radio", "Something else"),
        ("radio", "I am not sure and would like to talk it through"),
    ],
    "CSC": [
        ("radio", "No"),
        ("radio", "I work with children or families"),
        ("radio", "No"),
        ("radio", "No"),
        ("radio", "An injury, bruise or mark, or the child being hit or hurt"),
        ("date", "14/3/2019"),
        ("check", "The child says an adult hurt them"),
    ],
    "ANONYMOUS": [
        ("radio", "No"),
        ("radio", "I am a member of the public and I do not want to give my name"),
        ("radio", "No"),
        ("radio", "I do not know"),
        ("radio", "Domestic abuse in the child's home"),
        (
            "check",
            "You have seen or heard violence, threats or someone being hurt in the home while a child was there",
        ),
    ],
    "NOT_SURE": [
        ("radio", "Not sure"),
        ("check", "None of these is happening now"),
        ("radio", "I work with children or families"),
        ("radio", "No"),
        ("radio", "No"),
        ("radio", "The child's mental health or self-harm"),
        ("radio", "Not sure"),
        ("radio", "They have said or written something dark, and I do not know what they meant"),
        ("check", "The child is anxious, low or withdrawn, but is coping day to day"),
    ],
    "EARLY_HELP": [
        ("radio", "No"),
        ("radio", "I work with children or families"),
        ("radio", "No"),
        ("radio", "No"),
        ("radio", "The child's behaviour"),
        ("check", "The child is violent towards their parents, carers, brothers or sisters"),
    ],
}
TITLES = {
    "ANONYMOUS": "Talk to the social work line now",
    "NOT_SURE": "Ask for early help for the family",
    "EMERGENCY": "Call 999 now",
    "LADO": "Tell the LADO about your worry",
    "PRIVATE_FOSTERING": "Tell us about a private fostering arrangement",
    "UNIVERSAL": "Services the family already uses can help",
    "ADVICE": "Talk it through with a social worker",
    "CSC": "Talk to the social work line now",
    "EARLY_HELP": "Ask for early help for the family",
}


_checked: set[tuple[str, str]] = set()


def axe(page, check: bool) -> None:
    """axe on every distinct page (path and title) once per run: the journeys share most of their pages."""
    key = (re.sub(r"^https?://[^/]+", "", page.url), page.title())
    if check and key not in _checked:
        assert_accessible(page)
        _checked.add(key)


def screen(page, base: str, route: str, *, check: bool = True) -> None:
    """From the start page, answer the questions that lead to ``route``; ends on its outcome page."""
    page.goto(base + "/concern/")
    expect(page.get_by_role("heading", name="Tell us about a concern about a child")).to_be_visible()
    axe(page, check)
    page.get_by_role("button", name="Start now").click()
    for kind, value in PATHS[route]:
        axe(page, check)
        if kind in ("radio", "check"):
            page.get_by_label(value, exact=True).check()
        else:
            day, month, year = value.split("/")
            page.get_by_label("Day").fill(day)
            page.get_by_label("Month").fill(month)
            page.get_by_label("Year").fill(year)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1, name=TITLES[route])).to_be_visible()
    axe(page, check)


def continue_(page) -> None:
    page.get_by_role("button", name="Continue", exact=True).click()


def send_request(page, *, kind: str = "csc", check: bool = True, refuse_consent_first: bool = False) -> str:
    """From the CSC or early help outcome page, fill every page of the request; returns the reference."""
    name = "Send a request for service" if kind == "csc" else "Send a request for early help"
    page.get_by_role("button", name=name).click()
    axe(page, check)
    page.get_by_role("button", name="Start your request").click()

    # A child, with one mistake first: errors in the summary and by the field, what was typed kept
    page.get_by_label("First name").fill("Ava")
    continue_(page)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe(page, check)
    expect(page.get_by_label("First name")).to_have_value("Ava")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Yes", exact=True).check()
    page.locator("#id_date_of_birth_0").fill("14")
    page.locator("#id_date_of_birth_1").fill("3")
    page.locator("#id_date_of_birth_2").fill("2019")
    page.get_by_label("Female").check()
    page.get_by_label("Address where the child lives").fill("1 Example Road, Northtown, NT1 1AA")
    page.get_by_label("School, college or nursery (optional)").fill("Testfield Primary")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_label("Unique pupil number (UPN) (optional)").fill("H801200001001")
    continue_(page)
    expect(page.get_by_role("heading", name="Children you are telling us about")).to_be_visible()
    axe(page, check)
    continue_(page)

    expect(page.get_by_role("heading", name="People in the child's household")).to_be_visible()
    page.get_by_role("button", name="Add a person").click()
    axe(page, check)
    page.get_by_label("Full name").fill("Mia Example")
    page.get_by_label("Relationship to the child").fill("Mother")
    page.locator("#id_lives_with_child_0").check()
    page.locator("#id_parental_responsibility_0").check()
    continue_(page)
    axe(page, check)
    continue_(page)

    page.get_by_label("What is the family's main language?").fill("English")
    page.locator("#id_interpreter_1").check()
    axe(page, check)
    continue_(page)
    page.get_by_label("What are you worried about?").fill(
        "Ava has a bruise on her cheek and is scared to go home."
    )
    page.get_by_label("When did it happen, or when did you become worried?").fill("This morning")
    page.get_by_label("How do you know about it?").fill("Ava told her class teacher.")
    axe(page, check)
    continue_(page)
    page.get_by_label("What is working well for the child and family?").fill("Ava attends every day.")
    page.get_by_label("What do you think needs to happen?").fill("Someone should check Ava is safe.")
    axe(page, check)
    continue_(page)
    page.get_by_label("Where is the child now?").fill("At school")
    page.locator("#id_safe_tonight_0").check()
    axe(page, check)
    continue_(page)
    page.get_by_label("What support has the child or family already had?").fill("The school nurse met Ava.")
    axe(page, check)
    continue_(page)

    axe(page, check)
    if kind == "csc":
        page.locator("#id_parents_know_1").check()
        page.get_by_label("I have not asked them").check()
        page.get_by_label("If they do not know or do not agree, why not?").fill("It could put Ava at risk.")
    else:
        if refuse_consent_first:
            page.locator("#id_family_consents_1").check()
            continue_(page)
            expect(
                page.get_by_role("heading", name="You need the family's agreement for early help")
            ).to_be_visible()
            axe(page, check)
            page.get_by_role("button", name="Change your answer").click()
        page.locator("#id_family_consents_0").check()
        page.get_by_label("Who in the family agreed?").fill("Mia Example, mother")
    continue_(page)

    page.get_by_label("Your full name").fill("Rita Referrer")
    page.get_by_label("Your role").fill("Designated safeguarding lead")
    page.get_by_label("Organisation (optional)").fill("Testfield Primary")
    page.get_by_label("Who are you?").select_option("2A")
    page.get_by_label("Email address").fill("rita@school.example")
    page.get_by_label("Telephone number").fill("01632 960001")
    axe(page, check)
    continue_(page)

    expect(page.get_by_role("heading", name="Check your answers before sending your request")).to_be_visible()
    expect(page.get_by_role("heading", name="Child 1: Ava Example")).to_be_visible()
    axe(page, check)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    axe(page, check)
    return page.locator("#reference").inner_text()


@pytest.fixture
def teams(chat, fast):
    return chat, fast


def test_outcome_routes_without_a_request(page, live_server, teams):
    for route in ["EMERGENCY", "LADO", "PRIVATE_FOSTERING", "UNIVERSAL", "ADVICE"]:
        screen(page, live_server.url, route)
    assert EmergencyRouteCount.objects.get().count == 1 and Contact.objects.count() == 0
    # An error on a question page, and the back link
    page.goto(live_server.url + "/concern/start/")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Select if the child is in immediate danger")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("heading", name="Tell us about a concern about a child")).to_be_visible()


def test_csc_request_for_service_to_the_reference(page, live_server, teams):
    screen(page, live_server.url, "CSC")
    reference = send_request(page)
    contact = Contact.objects.get(reference=reference)
    assert contact.team.slug == "chat" and contact.screening.route == "CSC"
    assert OutboxMessage.objects.get(kind="acknowledgement").to == "rita@school.example"


def test_early_help_without_then_with_the_familys_consent(page, live_server, teams):
    screen(page, live_server.url, "EARLY_HELP")
    reference = send_request(page, kind="early_help", refuse_consent_first=True)
    contact = Contact.objects.get(reference=reference)
    assert contact.team.slug == "fast" and contact.service_request.family_consents is True


def test_save_and_return_by_emailed_link(page, live_server, teams, settings):
    settings.FRONTDOOR_SITE_URL = live_server.url  # links in emails use the configured address
    screen(page, live_server.url, "CSC", check=False)
    page.get_by_role("button", name="Send a request for service").click()
    page.get_by_role("button", name="Start your request").click()
    page.get_by_role("button", name="Save and come back later").click()  # nothing typed: errors first
    assert_accessible(page)
    page.get_by_label("First name").fill("Ava")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Female").check()
    page.get_by_label("Address where the child lives").fill("1 Example Road")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", name="Save your request and come back later")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill("rita@school.example")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="We have emailed you a link")).to_be_visible()
    assert_accessible(page)
    link = re.search(r"(http://\S+/return/\S+/)", OutboxMessage.objects.get(kind="draft_link").body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Carry on with your saved request")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Carry on with your request").click()
    expect(page.get_by_role("heading", name="Child 1: Ava Example")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(page)


def test_staff_upload_a_definition(page, live_server, teams, administrator):
    base = live_server.url
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill("administrator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, "administrator")
    page.goto(f"{base}/staff/screener/")
    expect(page.get_by_role("heading", name="Screener definitions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Upload a new version").click()
    assert_accessible(page)
    data = builders.base()
    builders.question(data, "area")["next"][0]["goto"] = "nowhere"
    page.get_by_label("Definition file (.yaml)").set_input_files(
        {"name": "broken.yaml", "mimeType": "application/x-yaml", "buffer": builders.to_yaml(data).encode()}
    )
    page.get_by_label("Yes, referrers use it from now on").check()
    page.get_by_role("button", name="Check and upload").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    assert DefinitionVersion.objects.count() == 1
    page.goto(f"{base}/staff/screener/")
    page.get_by_role("link", name="2026-12-03.1").click()
    expect(page.get_by_role("heading", name="Screener version 2026-12-03.1")).to_be_visible()
    assert_accessible(page)


def test_the_screener_and_request_work_without_javascript(browser, live_server, teams):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    screen(page, live_server.url, "CSC", check=False)
    reference = send_request(page, check=False)
    assert Contact.objects.get().reference == reference
    context.close()


def send_anonymous_request(page, *, check: bool = True) -> str:
    """From the social work line outcome, what a neighbour who gives no name can tell us; returns the reference."""
    page.get_by_role("button", name="Send a request for service").click()
    axe(page, check)
    page.get_by_role("button", name="Start your request").click()
    expect(page.get_by_label("First name (optional)")).to_be_visible()
    page.get_by_label("Address where the child lives (optional)").fill("Flat 2, 10 Example Court, Northtown")
    page.get_by_label("Anything else that would help us find the child (optional)").fill(
        "A baby, a few months old"
    )
    axe(page, check)
    continue_(page)
    expect(page.get_by_role("heading", name="Child 1 (name not known)")).to_be_visible()
    axe(page, check)
    continue_(page)
    axe(page, check)
    continue_(page)  # nobody in the household that they know of
    axe(page, check)
    continue_(page)  # language: they do not know
    page.get_by_label("What are you worried about?").fill(
        "Shouting and banging most nights, a baby crying for hours."
    )
    page.get_by_label("When did it happen, or when did you become worried?").fill("Last night, about 11pm")
    page.get_by_label("How do you know about it?").fill("I hear it through the wall.")
    continue_(page)
    axe(page, check)
    continue_(page)  # what is working well: they do not know
    page.get_by_label("Where is the child now?").fill("At home, I think")
    page.get_by_label("I do not know").check()
    page.get_by_label("If they may not be safe, why not?").fill("It happens at night.")
    continue_(page)
    axe(page, check)
    continue_(page)  # support already given: they do not know
    expect(page.get_by_role("heading", name="How we can reach you (optional)")).to_be_visible()
    axe(page, check)
    continue_(page)
    expect(page.get_by_role("heading", name="Check your answers before sending your request")).to_be_visible()
    expect(page.get_by_text("Do the parents know?")).to_have_count(0)
    axe(page, check)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    expect(page.get_by_text("cannot tell you what we decide")).to_be_visible()
    axe(page, check)
    return page.locator("#reference").inner_text()


def test_an_anonymous_neighbour_raises_a_concern_with_axe_on_every_page(page, live_server, teams):
    screen(page, live_server.url, "ANONYMOUS")
    expect(page.get_by_text("you do not have to give your name")).to_be_visible()
    reference = send_anonymous_request(page)
    contact = Contact.objects.get(reference=reference)
    assert contact.referral_source == "9" and contact.team.slug == "chat" and contact.screening.route == "CSC"


def test_an_anonymous_neighbour_raises_a_concern_without_javascript(browser, live_server, teams):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    screen(page, live_server.url, "ANONYMOUS", check=False)  # axe needs JavaScript: checked above
    reference = send_anonymous_request(page, check=False)
    assert Contact.objects.get(reference=reference).referrer_name == "Anonymous"
    context.close()


def test_not_sure_leads_to_clarifying_questions_and_an_outcome_that_agrees(page, live_server, teams):
    screen(page, live_server.url, "NOT_SURE")
    reasons = page.locator("#reasons").inner_text()
    assert "none of the signs of immediate danger is happening now" in reasons
    assert "You told us the child is in immediate danger" not in reasons
    assert "Ask them kindly and directly" in reasons
