"""Who can see what: team scoping, roles, sign-in protection, and the access log."""

import os
import subprocess
import sys

import pytest
from django.core.management.utils import get_random_secret_key
from django.test import override_settings
from django.urls import reverse

from frontdoor.accounts.models import Role
from frontdoor.core.models import AccessEvent
from tests.conftest import PASSWORD, give_second_factor, signed_in, totp_code


def test_a_social_worker_cannot_open_another_teams_contact(client, social_worker, fast, make_contact):
    other_team_contact = make_contact(fast)
    response = signed_in(client, social_worker).get(reverse("triage:contact", args=[other_team_contact.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    event = AccessEvent.objects.get()
    assert (event.actor, event.granted, event.object_reference) == (
        social_worker,
        False,
        other_team_contact.reference,
    )


def test_opening_a_contact_is_logged(client, social_worker, chat, make_contact):
    contact = make_contact(chat)
    response = signed_in(client, social_worker).get(reverse("triage:contact", args=[contact.pk]))
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.granted and event.object_id == str(contact.pk) and event.path.endswith(f"{contact.pk}/")


def test_a_guessed_contact_id_is_a_404_and_logged(client, social_worker):
    response = signed_in(client, social_worker).get("/staff/contacts/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert AccessEvent.objects.get().granted is False


def test_an_analyst_cannot_open_a_person_or_a_contact(client, analyst, chat, make_contact):
    assert not analyst.has_perm("people.view_person")
    contact = make_contact(chat)
    assert signed_in(client, analyst).get(reverse("triage:contact", args=[contact.pk])).status_code == 404
    assert client.get(reverse("triage:queue")).status_code == 403


def test_case_workers_may_open_person_pages(social_worker, contact_officer):
    assert social_worker.has_perm("people.view_person")
    assert contact_officer.has_perm("people.view_person")


def test_a_contact_officer_sees_but_cannot_decide(client, contact_officer, chat, make_contact):
    contact = make_contact(chat)
    assert not contact_officer.has_perm("triage.decide_contact", contact)
    page = signed_in(client, contact_officer).get(reverse("triage:contact", args=[contact.pk]))
    assert page.status_code == 200 and "Record decision" not in page.content.decode()
    refused = client.post(reverse("triage:contact", args=[contact.pk]), {"outcome": "nfa", "rationale": "x"})
    assert refused.status_code == 403


def test_staff_pages_need_sign_in(client):
    response = client.get(reverse("triage:queue"))
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]


def test_staff_pages_are_never_cached(client, social_worker):
    response = signed_in(client, social_worker).get(reverse("triage:queue"))
    assert response["Cache-Control"] == "no-store"


def test_sign_in_and_lock_out_after_five_failures(client, social_worker):
    url = reverse("accounts:sign_in")
    wrong = client.post(url, {"username": "sw.chat", "password": "wrong-password-123"})
    assert wrong.status_code == 200 and "Enter a correct username and password" in wrong.content.decode()
    for _ in range(4):
        client.post(url, {"username": "sw.chat", "password": "wrong-password-123"})
    locked = client.post(url, {"username": "sw.chat", "password": PASSWORD})
    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_with_the_right_password_and_code_opens_the_queue(client, social_worker):
    device = give_second_factor(social_worker)
    response = client.post(
        reverse("accounts:sign_in"), {"username": "sw.chat", "password": PASSWORD}, follow=True
    )
    assert "Enter the code from your authenticator app" in response.content.decode()
    response = client.post(
        response.request["PATH_INFO"] + "?next=/staff/home/", {"code": totp_code(device)}, follow=True
    )
    assert "Contacts awaiting a decision" in response.content.decode()


def test_sign_in_errors_use_the_error_summary(client):
    response = client.post(reverse("accounts:sign_in"), {"username": "", "password": ""})
    body = response.content.decode()
    assert "There is a problem" in body and 'href="#id_username"' in body and "Enter your password" in body
    assert "<title>Error: Sign in" in body


@override_settings(FRONTDOOR_ALLOW_DEMO_USERS=False)
def test_demo_accounts_cannot_sign_in_where_demo_users_are_not_allowed(client, make_user, chat):
    user = make_user("social.worker", Role.SOCIAL_WORKER, chat)
    user.is_demo = True
    user.save()
    response = client.post(reverse("accounts:sign_in"), {"username": "social.worker", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_sessions_time_out_after_thirty_idle_minutes(client, social_worker, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    signed_in(client, social_worker)
    assert client.get("/staff/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # a request pushes the idle expiry back to 30 minutes from now once the stored one is a minute old
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=28))
    assert client.get("/staff/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + timedelta(minutes=29, seconds=50)
    # 30 idle minutes later the session is gone
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/staff/")
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]


def test_a_page_does_not_write_an_unchanged_session_it_saved_within_the_minute(client, social_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, social_worker)
    assert client.get("/staff/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/").status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_password_policy_refuses_short_and_common_passwords(social_worker):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak, social_worker)


@pytest.mark.parametrize("secret", ["", "local-development-only-not-secret", "x" * 20])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frontdoor.settings.production", "SECRET_KEY": secret}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key_and_refuses_demo_seeding():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.production",
        "SECRET_KEY": get_random_secret_key(),
        # Production refuses SQLite; seed_demo refuses before it would connect
        "DATABASE_URL": "postgres://frontdoor@db.northshire.invalid:5432/frontdoor",
        "ALLOWED_HOSTS": "frontdoor.northshire.gov.uk",
        "FRONTDOOR_SITE_URL": "https://frontdoor.northshire.gov.uk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--contacts", "1"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "not allowed" in result.stderr


def test_staff_land_where_their_role_works(client, social_worker, analyst, administrator):
    assert signed_in(client, social_worker).get("/staff/home/")["Location"] == reverse("triage:queue")
    client.logout()
    assert signed_in(client, analyst).get("/staff/home/")["Location"] == reverse("reporting:performance")
    client.logout()
    assert signed_in(client, administrator).get("/staff/home/")["Location"] == reverse("core:audit")


def test_signing_in_goes_to_the_staff_home(client, analyst):
    device = give_second_factor(analyst)
    client.post(reverse("accounts:sign_in"), {"username": "analyst", "password": PASSWORD})
    response = client.post(
        reverse("accounts:enter_code") + "?next=/staff/home/", {"code": totp_code(device)}, follow=True
    )
    assert response.status_code == 200 and response.redirect_chain[-1][0] == reverse("reporting:performance")
