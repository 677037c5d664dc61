"""An analyst opens the performance dashboard, chooses a period and a team (with and without JavaScript)."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, enter_second_factor
from tests.browser.test_thin_journey import sign_in
from tests.conftest import PASSWORD
from tests.reporting.conftest import known_data, team_manager  # noqa: F401 (fixtures)


def choose_period(page, start, end, team):
    for prefix, day in (("start", start), ("end", end)):
        d, m, y = day.split("/")
        page.locator(f"[name={prefix}_0]").fill(d)
        page.locator(f"[name={prefix}_1]").fill(m)
        page.locator(f"[name={prefix}_2]").fill(y)
    page.get_by_label("Team").select_option(label=team)
    page.get_by_role("button", name="Show figures").click()


def test_dashboard_is_accessible_and_answers_for_a_period(page, live_server, analyst, known_data):  # noqa: F811
    sign_in(page, live_server.url, "analyst")
    # (after sign-in an analyst lands on the queue, which is not theirs: go straight to the dashboard)
    page.goto(f"{live_server.url}/staff/performance/")
    expect(
        page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Performance")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Performance of the front door")).to_be_visible()
    assert_accessible(page)
    choose_period(page, "5/5/2025", "11/5/2025", "Every team")
    expect(page.locator("#headline")).to_contain_text("Contacts")
    expect(page.locator("#table-scrutiny")).to_contain_text("11 May 2025")
    expect(page.get_by_role("img", name="Contacts by week ending")).to_be_visible()
    assert_accessible(page)
    # a period in the future: the error summary, still accessible
    choose_period(page, "1/1/2099", "31/1/2099", "Every team")
    expect(page.get_by_text("From must be today or in the past").first).to_be_visible()
    assert_accessible(page)
    # The statutory returns name children: they are a returns officer's (below), not an analyst's
    expect(
        page.get_by_role("link", name="Statutory returns: CIN census, Annex A and SSD extracts")
    ).to_have_count(0)


def test_a_returns_officer_lands_on_the_statutory_returns(page, live_server, returns_officer):
    sign_in(page, live_server.url, "returns.officer")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/staff/performance/exports/")
    expect(
        page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Statutory returns")
    ).to_be_visible()
    assert_accessible(page)


def test_period_and_team_form_works_without_javascript(browser, live_server, analyst, known_data):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_second_factor(page, "analyst")
    page.goto(f"{live_server.url}/staff/performance/")
    choose_period(page, "5/5/2025", "11/5/2025", "Family Advice and Support Team")
    expect(
        page.get_by_role("heading", name="Family Advice and Support Team, 5 May 2025 to 11 May 2025")
    ).to_be_visible()
    expect(page.locator("#table-scrutiny")).to_contain_text("11 May 2025")
    context.close()
