"""The "too many attempts" page a person sees after asking for too many save-and-return links: accessible, no
Content-Security-Policy violation, and the address they typed is still there when they go back."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_screener import screen, teams  # noqa: F401


def test_too_many_links_gives_a_page_that_says_when_and_keeps_the_address(page, live_server, teams, settings):  # noqa: F811
    settings.FRONTDOOR_RATE_LIMITS = {**settings.FRONTDOOR_RATE_LIMITS, "save_for_later": {"email": "1/h"}}
    screen(page, live_server.url, "CSC", check=False)
    page.get_by_role("button", name="Send a request for service").click()
    page.get_by_role("button", name="Start your request").click()
    page.get_by_label("First name").fill("Ava")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Female").check()
    page.get_by_label("Address where the child lives").fill("1 Example Road")
    for _ in range(2):
        page.goto(live_server.url + "/concern/request/save/")
        page.get_by_label("Email address").fill("rita@school.example")
        page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Try again in \d+ minutes?\.$"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Go back to saving your request").click()
    expect(page.get_by_label("Email address")).to_have_value("rita@school.example")
    assert_accessible(page)
