"""Council single sign-on against a real OpenID Connect provider (django-oidc-provider, in its own process):
the whole authorization code flow, Front Door's side through the test client, the browser's side through
requests. The provider's token, user info and key endpoints are called by Front Door over HTTP."""

import html
import re
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from tests.conftest import give_second_factor, totp_code
from tests.oidc_provider import server

CALLBACK = "http://testserver/staff/sign-in/council/callback/"
EMAIL = "Tom.Okafor@Northshire.example"


@pytest.fixture(scope="module")
def identity_provider():
    provider = server.start(email=EMAIL.lower(), redirect_uri=CALLBACK)
    yield provider
    provider.stop()


@pytest.fixture
def sso(settings, identity_provider):
    for name, value in identity_provider.settings().items():
        setattr(settings, name, value)
    return identity_provider


def council_sign_in(client, provider, next_page="/staff/"):
    """Front Door sends the person to the provider; they sign in there; the provider sends them back."""
    start = client.get(f"{reverse('accounts:sso_start')}?next={next_page}")
    assert start.status_code == 302 and start["Location"].startswith(provider.base_url)
    assert "code_challenge=" in start["Location"]  # PKCE
    browser = requests.Session()
    at_provider = browser.get(start["Location"], timeout=10)  # the provider's own sign-in page
    assert "Sign in to Northshire County Council" in at_provider.text
    back = browser.post(
        at_provider.url,
        data={
            "username": provider.username,
            "password": provider.password,
            "next": html.unescape(re.search(r'name="next" value="([^"]*)"', at_provider.text).group(1)),
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": at_provider.url},
        allow_redirects=False,
        timeout=10,
    )
    assert back.status_code == 302, back.text
    while not back.headers["Location"].startswith(CALLBACK):
        back = browser.get(
            requests.compat.urljoin(back.url, back.headers["Location"]), allow_redirects=False, timeout=10
        )
    target = urlsplit(back.headers["Location"])
    assert "code=" in target.query
    return client.get(f"{target.path}?{target.query}")


def test_a_council_sign_in_finds_the_staff_account_by_email_then_asks_for_the_code(
    client, sso, social_worker
):
    social_worker.email = EMAIL  # matched whatever the case
    social_worker.save()
    device = give_second_factor(social_worker)
    response = council_sign_in(client, sso)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.session["_auth_user_id"] == str(social_worker.pk)
    # Front Door's own second factor still applies, unless the council's provider is trusted to ask for one
    asked = client.get("/staff/")
    assert asked["Location"].startswith(reverse("accounts:enter_code"))
    client.post(reverse("accounts:enter_code"), {"code": totp_code(device), "next": "/staff/"})
    assert "Contacts awaiting a decision" in client.get("/staff/").content.decode()


def test_a_provider_that_checks_the_second_factor_can_be_trusted_with_it(
    client, sso, social_worker, settings
):
    settings.FRONTDOOR_SSO_PROVIDER_CHECKS_SECOND_FACTOR = True
    social_worker.email = EMAIL
    social_worker.save()
    council_sign_in(client, sso)
    assert client.get("/staff/").status_code == 200


def test_no_account_is_made_for_a_council_person_without_one(client, sso, social_worker):
    from frontdoor.accounts.models import User

    response = council_sign_in(client, sso)
    assert response["Location"] == reverse("accounts:sso_not_recognised")
    assert "_auth_user_id" not in client.session and User.objects.count() == 1
    assert "Ask your administrator" in client.get(response["Location"]).content.decode()


def test_a_closed_account_cannot_sign_in_through_the_council(client, sso, social_worker):
    social_worker.email, social_worker.is_active = EMAIL, False
    social_worker.save()
    council_sign_in(client, sso)
    assert "_auth_user_id" not in client.session


def test_single_sign_on_is_off_unless_configured(client, db):
    assert client.get(reverse("accounts:sso_start")).status_code == 404
    assert client.get(reverse("accounts:sso_callback")).status_code == 404
    assert "Sign in with" not in client.get(reverse("accounts:sign_in")).content.decode()
