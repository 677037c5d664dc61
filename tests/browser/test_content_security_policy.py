"""The browser tests fail on any Content-Security-Policy violation: here the watcher is shown to catch one, and a
public and a staff page to have none."""

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD


def test_the_watcher_catches_an_inline_script_without_the_nonce(page, live_server, csp_violations):
    # A page served with our real policy, and an inline script and style attribute that carry no nonce
    policy = None

    def with_our_policy(route):  # type: ignore[no-untyped-def]
        nonlocal policy
        policy = route.fetch().headers["content-security-policy"]
        route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body='<!DOCTYPE html><html lang="en"><title>t</title><script>window.ran = true</script>'
            '<p style="color: red">styled</p></html>',
        )

    page.route(f"{live_server.url}/", with_our_policy)
    page.goto(live_server.url + "/")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran === undefined")  # the policy blocked it
    assert any("script-src" in violation for violation in csp_violations), csp_violations
    assert any("style-src" in violation for violation in csp_violations), csp_violations
    csp_violations.clear()  # caught: not a failure of this test


def test_the_start_page_and_a_staff_page_run_govuk_frontend_with_no_violation(
    page, live_server, contact_officer, csp_violations
):
    page.goto(live_server.url + "/")
    # The nonce'd inline script ran: GOV.UK Frontend's JavaScript is on
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert_accessible(page)
    page.goto(live_server.url + "/staff/sign-in/")
    page.get_by_label("Username").fill(contact_officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/staff/contacts/new/")  # the live match script is loaded here
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    assert csp_violations == []
