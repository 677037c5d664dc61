"""Password reset by email through the outbox (the link from the configured site address), and change."""

import re

from django.urls import reverse

from frontdoor.core.models import AuditEvent
from frontdoor.notify.models import OutboxMessage
from tests.conftest import PASSWORD, signed_in

NEW_PASSWORD = "a-brand-new-passphrase-77"


def test_a_reset_link_comes_through_the_outbox_from_the_site_address(client, social_worker, settings):
    settings.FRONTDOOR_SITE_URL = "https://frontdoor.northshire.example"
    social_worker.email = "tom@northshire.example"
    social_worker.save()
    page = client.get(reverse("accounts:password_reset"))
    assert "Reset your password" in page.content.decode()
    # an attacker's Host header does not make the link
    response = client.post(
        reverse("accounts:password_reset"), {"email": "TOM@northshire.example"}, HTTP_HOST="localhost"
    )
    assert response["Location"] == reverse("accounts:password_reset_sent")
    client.post(reverse("accounts:password_reset"), {"email": "tom@northshire.example"})  # a double submit
    message = OutboxMessage.objects.get(kind="password_reset")
    assert message.to == "tom@northshire.example"
    link = re.search(r"https://frontdoor\.northshire\.example/staff/password-reset/\S+/", message.body).group(
        0
    )

    opened = client.get(link.removeprefix(settings.FRONTDOOR_SITE_URL), follow=True)
    assert "Choose a new password" in opened.content.decode()
    weak = client.post(opened.request["PATH_INFO"], {"new_password1": "short", "new_password2": "short"})
    assert "There is a problem" in weak.content.decode() and 'value="short"' not in weak.content.decode()
    done = client.post(
        opened.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password has been reset" in done.content.decode()
    assert "_auth_user_id" not in client.session  # signs in again, with the second factor
    social_worker.refresh_from_db()
    assert social_worker.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.reset_password").exists()
    assert OutboxMessage.objects.filter(kind="password_changed", to="tom@northshire.example").exists()
    # the link works once
    again = client.get(link.removeprefix(settings.FRONTDOOR_SITE_URL), follow=True)
    assert "This link has expired" in again.content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_email(client, social_worker):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@northshire.example"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_reset_form_errors_are_shown_next_to_the_field(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "not an address"})
    body = response.content.decode()
    assert "Enter an email address in the correct format" in body and 'href="#id_email"' in body
    assert 'value="not an address"' in body  # what was typed is kept


def test_change_password_needs_the_current_one(client, social_worker):
    social_worker.email = "tom@northshire.example"
    social_worker.save()
    signed_in(client, social_worker)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url, {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert "Your current password is not right" in wrong.content.decode()
    changed = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password has been changed" in changed.content.decode()
    assert client.get(reverse("accounts:account")).status_code == 200  # still signed in here
    assert AuditEvent.objects.filter(action="accounts.changed_password").exists()
    assert OutboxMessage.objects.filter(kind="password_changed").count() == 1


def test_the_sign_in_page_offers_a_reset(client, db):
    assert reverse("accounts:password_reset") in client.get(reverse("accounts:sign_in")).content.decode()
