"""Every staff account has a second factor: set up at first sign-in, asked for at every sign-in after."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.core.models import AuditEvent
from tests.conftest import PASSWORD, give_second_factor, signed_in, totp_code

QUEUE = "/staff/"


def sign_in_with_password(client, username="sw.chat", next_page=QUEUE):
    return client.post(
        f"{reverse('accounts:sign_in')}?next={next_page}",
        {"username": username, "password": PASSWORD, "next": next_page},
        follow=True,
    )


def test_a_password_alone_opens_no_staff_page(client, social_worker):
    sign_in_with_password(client)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:set_up_second_factor"))
    # nor a JSON endpoint, nor the audit pages
    assert client.get("/staff/audit/").status_code == 302


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once(client, social_worker):
    page = sign_in_with_password(client)
    body = page.content.decode()
    assert "Set up your authenticator app" in body
    assert "<svg" in body  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=social_worker, confirmed=False)
    secret = re.search(r'id="secret-key"><code>([A-Z2-7 ]+)</code>', body).group(1)
    assert len(secret.replace(" ", "")) == 32

    wrong = client.post(page.request["PATH_INFO"], {"code": "000000", "next": QUEUE})
    assert "The code is not right" in wrong.content.decode()
    assert "govuk-error-summary" in wrong.content.decode()
    letters = client.post(page.request["PATH_INFO"], {"code": "abc", "next": QUEUE})
    assert "Enter the 6-digit code, numbers only" in letters.content.decode()

    shown = client.post(page.request["PATH_INFO"], {"code": totp_code(device), "next": QUEUE}, follow=True)
    body = shown.content.decode()
    assert "Your authenticator app is set up" in body and "shown only once" in body
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", body)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=social_worker).values_list("token", flat=True)
    )
    # a second look shows no codes
    again = client.get(reverse("accounts:recovery_codes"))
    assert not re.findall(r"<li><code>", again.content.decode())
    assert client.get(QUEUE).status_code == 200
    assert AuditEvent.objects.filter(
        action="accounts.set_up_second_factor", object_id=str(social_worker.pk)
    ).exists()


def test_an_account_with_an_app_cannot_add_another_with_only_the_password(client, social_worker):
    give_second_factor(social_worker)
    sign_in_with_password(client)
    response = client.get(reverse("accounts:set_up_second_factor"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:enter_code"))
    assert TOTPDevice.objects.filter(user=social_worker).count() == 1


def test_later_sign_ins_ask_for_the_code_and_return_to_the_page_asked_for(client, social_worker):
    device = give_second_factor(social_worker)
    page = sign_in_with_password(client)
    assert "Enter the code from your authenticator app" in page.content.decode()
    wrong = client.post(page.request["PATH_INFO"], {"code": "123456", "next": QUEUE})
    assert "The code is not right" in wrong.content.decode() and client.get(QUEUE).status_code == 302
    # django-otp slows guessing: straight after a wrong code, even the right one waits, and the page says so
    waiting = client.post(page.request["PATH_INFO"], {"code": totp_code(device), "next": QUEUE})
    assert "Too many wrong codes. Wait" in waiting.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    right = client.post(page.request["PATH_INFO"], {"code": totp_code(device), "next": QUEUE})
    assert right.status_code == 302 and right["Location"] == QUEUE
    assert client.get(QUEUE).status_code == 200


def test_a_recovery_code_works_once(client, social_worker):
    from frontdoor.accounts import mfa

    give_second_factor(social_worker)
    codes = mfa._new_recovery_codes(social_worker)
    sign_in_with_password(client)
    response = client.post(reverse("accounts:enter_code"), {"code": codes[0].upper(), "next": QUEUE})
    assert response.status_code == 302 and client.get(QUEUE).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.used_recovery_code").exists()
    client.post(reverse("accounts:sign_out"))
    sign_in_with_password(client)
    reused = client.post(reverse("accounts:enter_code"), {"code": codes[0], "next": QUEUE})
    assert "was used already" in reused.content.decode()


def test_the_code_page_refuses_to_send_you_off_site(client, social_worker):
    device = give_second_factor(social_worker)
    sign_in_with_password(client)
    response = client.post(
        reverse("accounts:enter_code"), {"code": totp_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:staff_home")


@pytest.mark.parametrize("path", ["/", "/concern/"])
def test_public_pages_need_no_second_factor(client, path):
    assert client.get(path).status_code in (200, 302)


def test_the_signed_in_helper_passes_the_second_factor(client, social_worker):
    assert signed_in(client, social_worker).get(QUEUE).status_code == 200
