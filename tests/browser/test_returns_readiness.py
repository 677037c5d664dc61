"""A team manager checks which children's records the returns cannot take yet, and opens one to fix it."""

from playwright.sync_api import expect

from frontdoor.accounts.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.test_thin_journey import sign_in
from tests.reporting.test_readiness import children  # noqa: F401 (fixture)


def test_readiness_lists_the_defects_and_links_to_the_person(page, live_server, make_user, chat, children):  # noqa: F811
    make_user("tm.returns", Role.TEAM_MANAGER, chat)
    sign_in(page, live_server.url, "tm.returns")
    page.goto(f"{live_server.url}/staff/performance/")
    page.get_by_role(
        "link", name="Returns readiness: children whose records the returns cannot take yet"
    ).click()
    page.get_by_label("Census collection year").fill("2026")
    page.get_by_role("button", name="Show the year").click()
    expect(page.get_by_role("heading", name="2025 to 2026: 8 of 9 children to fix")).to_be_visible()
    expect(page.get_by_role("row", name="Sam Nosex")).to_contain_text("2886Q")
    assert_accessible(page)
    page.get_by_label("Census collection year").fill("nineteen")
    page.get_by_role("button", name="Show the year").click()
    expect(page.get_by_text("Collection year must be a number").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Census collection year").fill("2026")
    page.get_by_role("button", name="Show the year").click()
    page.get_by_role("link", name="Open the person record for Sam Nosex").click()
    expect(page.get_by_role("heading", name="Sam Nosex")).to_be_visible()
