"""A new member of staff sets up their authenticator app at first sign-in, keeps the recovery codes, signs out
and signs in again with a code. Axe on every page."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD, give_second_factor, totp_code


def test_set_up_the_app_then_sign_in_with_a_code(page, live_server, social_worker):
    base = live_server.url
    page.goto(f"{base}/staff/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill("sw.chat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("link", name="Enter the 6-digit code from your authenticator app")
    ).to_be_visible()
    assert_accessible(page)

    # What the person's app would show, from the key printed on the page
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=social_worker)
    assert secret == __import__("base64").b32encode(device.bin_key).decode().rstrip("=")
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Contacts awaiting a decision")).to_be_visible()

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill("sw.chat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name=re.compile("The code is not right"))).to_be_visible()
    assert_accessible(page)
    device.refresh_from_db()
    device.throttling_failure_count = (
        0  # django-otp's back-off after the wrong code, not what this test is about
    )
    device.save()
    # the next code: the one just used at set-up cannot be used twice
    page.get_by_label("Code", exact=True).fill(totp_code(device, step=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Contacts awaiting a decision")).to_be_visible()


def test_sign_in_through_the_councils_identity_provider(page, live_server, social_worker, settings):
    """The full authorization code flow in the browser, against a real OpenID Connect provider process."""
    from tests.oidc_provider import server

    social_worker.email = "tom.okafor@northshire.example"
    social_worker.save()
    device = give_second_factor(social_worker)
    provider = server.start(
        email=social_worker.email, redirect_uri=f"{live_server.url}/staff/sign-in/council/callback/"
    )
    try:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.FRONTDOOR_SSO_PROVIDER_NAME = "your Northshire account"
        page.goto(f"{live_server.url}/staff/sign-in/")
        assert_accessible(page)
        page.get_by_role("link", name="Sign in with your Northshire account").click()
        # the council's own page (not Front Door's, so not checked with axe)
        page.get_by_label("Council username").fill(provider.username)
        page.get_by_label("Council password").fill(provider.password)
        page.get_by_role("button", name="Sign in to the council").click()
        expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Code", exact=True).fill(totp_code(device))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Contacts awaiting a decision")).to_be_visible()
    finally:
        provider.stop()


def test_an_administrator_adds_a_member_of_staff_and_sees_their_own_sessions(
    page, live_server, administrator, chat
):
    from tests.browser.test_thin_journey import sign_in

    base = live_server.url
    sign_in(page, base, "administrator")
    page.get_by_role("link", name="Staff accounts").click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a member of staff").click()
    page.get_by_label("Username").fill("sam.smith")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Work email address").fill("sam.smith@northshire.example")
    page.get_by_label("Social worker").check()
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_text(re.compile("Choose a team"))).to_have_count(1)
    assert_accessible(page)
    page.get_by_label("Team", exact=True).select_option(label=chat.name)
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_text("Account made for Sam Smith: they have been emailed a link")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    expect(page.get_by_text("This browser")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("link", name="Enter your current password")).to_be_visible()
    assert_accessible(page)
