"""Sessions: an absolute lifetime on top of the idle timeout; a person sees where they are signed in and can
end it; an administrator can end someone's sessions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts import sessions
from frontdoor.accounts.models import StaffSession
from frontdoor.core.models import AuditEvent
from tests.conftest import signed_in


def test_a_session_ends_after_twelve_hours_however_busy(client, social_worker, settings):
    assert settings.FRONTDOOR_SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    signed_in(client, social_worker)
    assert client.get("/staff/").status_code == 200
    session = client.session
    session[sessions.SIGNED_IN_AT_KEY] = (timezone.now() - timedelta(hours=12, minutes=1)).isoformat()
    session.save()
    response = client.get("/staff/", follow=True)
    assert "we signed you out" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_person_sees_their_sessions_with_browser_address_and_last_seen(social_worker):
    laptop, phone = (
        Client(HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/130.0 Safari/537.36"),
        Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"),
    )
    signed_in(laptop, social_worker).get("/staff/")
    signed_in(phone, social_worker).get("/staff/")
    page = laptop.get(reverse("accounts:account")).content.decode()
    assert "Chrome on Windows" in page and "Safari on iPhone" in page and "127.0.0.1" in page
    assert "This browser" in page
    assert StaffSession.objects.filter(user=social_worker).count() == 2

    phone_session = StaffSession.objects.get(user_agent__contains="iPhone")
    ended = laptop.post(reverse("accounts:end_session", args=[phone_session.pk]), follow=True)
    assert "That session has ended" in ended.content.decode()
    assert phone.get("/staff/").status_code == 302  # the phone is signed out
    assert AuditEvent.objects.filter(action="accounts.ended_session").count() == 1
    assert "Safari on iPhone" not in laptop.get(reverse("accounts:account")).content.decode()


def test_end_all_other_sessions_keeps_this_one(social_worker):
    here, there = Client(), Client()
    signed_in(here, social_worker).get("/staff/")
    signed_in(there, social_worker).get("/staff/")
    response = here.post(reverse("accounts:end_other_sessions"), follow=True)
    assert "1 other session ended" in response.content.decode()
    assert here.get("/staff/").status_code == 200 and there.get("/staff/").status_code == 302


def test_nobody_ends_another_persons_session_except_an_administrator(
    client, social_worker, team_manager, administrator
):
    victim = Client()
    signed_in(victim, social_worker).get("/staff/")
    record = StaffSession.objects.get(user=social_worker)
    signed_in(client, team_manager)
    assert client.post(reverse("accounts:end_session", args=[record.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        sessions.end_all_sessions(actor=team_manager, user=social_worker)
    assert sessions.end_all_sessions(actor=administrator, user=social_worker) == 1
    assert victim.get("/staff/").status_code == 302
    record.refresh_from_db()
    assert record.ended_by == administrator


def test_signing_out_takes_the_session_off_the_list(social_worker):
    here, there = Client(), Client()
    signed_in(here, social_worker).get("/staff/")
    signed_in(there, social_worker).get("/staff/")
    there.post(reverse("accounts:sign_out"))
    assert sessions.active_for(social_worker).count() == 1
