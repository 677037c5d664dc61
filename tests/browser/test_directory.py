"""Find support for your family in a real browser (with and without JavaScript), and a manager editing it."""

import re

import pytest
from playwright.sync_api import expect

from frontdoor.accounts.models import Role
from frontdoor.directory import taxonomy
from frontdoor.directory.models import Service, Taxonomy, TaxonomyTerm
from frontdoor.directory.seed import seed_directory
from tests.browser.conftest import assert_accessible, enter_second_factor
from tests.conftest import PASSWORD


@pytest.fixture
def directory(transactional_db):
    # A transactional test may run after another has flushed the migration's taxonomy
    taxonomy.ensure_taxonomy(Taxonomy, TaxonomyTerm)
    report = seed_directory()
    assert report is not None and report.ok


def search_near(page, base, postcode, category):
    page.goto(f"{base}/find-support/")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Type of support").select_option(label=category)
    page.get_by_role("button", name="Search").click()


def test_a_family_finds_support_near_them(page, live_server, directory):
    base = live_server.url
    page.goto(f"{base}/find-support/")
    expect(page.get_by_role("heading", name="Find support for your family")).to_be_visible()
    assert_accessible(page)

    # A mistyped postcode: the error summary, and what they may have meant
    page.get_by_label("Postcode").fill("N51 1BB")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(
        page.get_by_role("link", name="We could not find the postcode N51 1BB. Check it and try again")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="NS1 1BB").click()
    expect(page.get_by_role("heading", name=re.compile(r"services? found near NS1 1BB"))).to_be_visible()

    search_near(page, base, "ns1 1bb", "Family support")
    expect(page.get_by_role("heading", name=re.compile(r"services? found near NS1 1BB"))).to_be_visible()
    expect(page.locator(".fd-distance").first).to_contain_text("mile")
    assert_accessible(page)
    first = page.locator(".fd-results h3 a").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Contact", level=2)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to results").click()
    expect(page.get_by_role("heading", name=re.compile(r"found near NS1 1BB"))).to_be_visible()

    page.goto(f"{base}/find-support/family-hubs/")
    expect(page.get_by_role("heading", name="Northby Family Hub")).to_be_visible()
    assert_accessible(page)


def test_search_works_without_javascript(browser, page, live_server, directory):
    context = browser.new_context(java_script_enabled=False)
    no_js = context.new_page()
    no_js.set_default_timeout(15_000)
    try:
        search_near(no_js, live_server.url, "NS4", "Health")
        expect(no_js.get_by_role("heading", name=re.compile(r"found near NS4"))).to_be_visible()
        assert no_js.locator(".fd-results li").count() > 0
        results_url = no_js.url
    finally:
        context.close()
    # axe needs JavaScript to run: check the very same results page in the ordinary browser
    page.goto(results_url)
    assert_accessible(page)


def test_a_manager_edits_and_reviews_a_service(page, live_server, directory, make_user, chat):
    make_user("tm.directory", Role.TEAM_MANAGER, chat)
    base = live_server.url
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill("tm.directory")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, "tm.directory")
    page.goto(f"{base}/staff/directory/")
    expect(page.get_by_role("heading", name="Service directory")).to_be_visible()
    assert_accessible(page)

    service = Service.objects.filter(name__startswith="Baby Massage").order_by("name").first()
    page.get_by_label("Service or organisation name").fill("Baby Massage")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=service.name).click()
    expect(page.get_by_role("heading", name="Change a service")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Service name").fill("")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Service name").fill("Baby Massage and Songs")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_text("Baby Massage and Songs saved")).to_be_visible()
    assert Service.objects.get(id=service.id).name == "Baby Massage and Songs"

    page.goto(f"{base}/staff/directory/review/")
    expect(page.get_by_role("heading", name="Services overdue for review")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Mark as reviewed today")).first.click()
    expect(page.get_by_text("marked as reviewed today")).to_be_visible()

    page.goto(f"{base}/staff/directory/locations/")
    assert_accessible(page)
    page.get_by_role("link", name="Northby Family Hub").click()
    expect(page.get_by_role("heading", name="Change a location")).to_be_visible()
    assert_accessible(page)
