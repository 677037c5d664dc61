"""Browser tests: Playwright driving Debian's Chromium against the live Django server, with axe on every page
and a failed test for any Content-Security-Policy violation on any page the test opens."""

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


# Chromium fires `securitypolicyviolation` on the document for everything the policy blocks; the init script runs
# before the page's own scripts (and is not itself subject to the policy) and reports each one on the console
_REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` in ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


def watch_for_csp_violations(context, violations: list[str]) -> None:
    context.add_init_script(_REPORT_VIOLATIONS)

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        text = message.text
        if message.type == "error" and ("CSP violation" in text or "Content Security Policy" in text):
            violations.append(f"{message.page.url if message.page else ''}: {text}")

    context.on("console", on_console)


@pytest.fixture
def csp_violations(request) -> list[str]:
    """What the policy blocked during the test, in every browser context the test opens (its own too)."""
    return []


@pytest.fixture(autouse=True)
def _fail_on_csp_violations(request, csp_violations, monkeypatch):
    if not {"page", "context", "browser"} & set(request.fixturenames):
        yield
        return
    browser = request.getfixturevalue("browser")
    new_context = browser.new_context

    def watched_new_context(*args, **kwargs):  # type: ignore[no-untyped-def]
        context = new_context(*args, **kwargs)
        watch_for_csp_violations(context, csp_violations)
        return context

    monkeypatch.setattr(browser, "new_context", watched_new_context)
    yield
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


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
