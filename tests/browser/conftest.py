"""Browser tests: Playwright driving Debian's Chromium against the live Django server, with axe on every page."""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


def assert_accessible(page) -> None:
    """Zero WCAG 2.2 AA violations on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def enter_second_factor(page, username: str, *, check: bool = False) -> None:
    """After the password: the code from the user's authenticator app (the known test key, see conftest)."""
    from frontdoor.accounts.models import User
    from tests.conftest import give_second_factor, totp_code

    device = give_second_factor(User.objects.get(username=username))
    # Each code works once: a test signing the same person in twice within 30 seconds gets a fresh start
    device.last_t = -1
    device.throttling_failure_count = 0
    device.save()
    page.wait_for_url(re.compile(r"/staff/(sign-in/code|two-factor/set-up)/"))
    if "/two-factor/set-up/" in page.url:  # the password was checked before the app was given: ask again
        page.reload()
    page.get_by_label("Code", exact=True).wait_for()
    if check:
        assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
