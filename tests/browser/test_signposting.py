"""Signposting in a real browser: the screener's UNIVERSAL outcome lists nearby services, and a social worker
records which services were suggested; axe on every page."""

import pytest
from playwright.sync_api import expect

from frontdoor.directory import taxonomy
from frontdoor.directory.models import Taxonomy, TaxonomyTerm
from frontdoor.directory.seed import seed_directory
from frontdoor.triage.models import Decision
from tests.browser.conftest import assert_accessible
from tests.browser.test_thin_journey import sign_in


@pytest.fixture
def directory(transactional_db):
    taxonomy.ensure_taxonomy(Taxonomy, TaxonomyTerm)
    report = seed_directory()
    assert report is not None and report.ok


def test_the_universal_outcome_lists_services_near_the_family(page, live_server, directory, chat):
    page.goto(live_server.url + "/concern/start/")
    for label in ["No", "I work with children or families", "No", "No"]:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Not going to school, or being excluded").check()
    page.get_by_role("button", name="Continue").click()
    page.locator("input[value=some_absence]").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("None of these", exact=True).check()  # no other needs: one service can help
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#outcome-title")).to_have_attribute("data-route", "UNIVERSAL")
    page.get_by_label("The family's postcode (optional)").fill("NS1 1BB")
    page.get_by_role("button", name="Show services near this postcode").click()
    expect(page.get_by_role("heading", name="Services that may help")).to_be_visible()
    expect(page.locator(".fd-suggested-services li").first).to_contain_text("away")
    assert_accessible(page)


def test_a_social_worker_records_the_services_suggested(
    page, live_server, directory, chat, make_contact, social_worker
):
    contact = make_contact(chat)
    sign_in(page, live_server.url, social_worker.username)
    page.goto(f"{live_server.url}/staff/contacts/{contact.pk}/")
    page.get_by_label("Family's postcode (optional)").fill("NS1 1BB")
    page.get_by_role("button", name="Find services near this postcode").click()
    expect(page.get_by_role("group", name="Services you suggested to the family")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Signpost to universal services").check()
    page.get_by_label("Level 1: Universal").check()
    page.get_by_label("Why have you made this decision?").fill("A parenting group near home will help.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("link", name="Select the services you suggested to the family")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=suggested_services]").first.check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(f"Decision recorded for {contact.reference}")).to_be_visible()
    assert len(Decision.objects.get().suggested_services) == 1
