"""A staff session as the sign-in pages would leave it (password and second factor done), for the tests and
`make bench`: signing in costs a deliberately slow password hash that neither wants to measure."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import StaffSession, User
from .sessions import SIGNED_IN_AT_KEY

STAFF_BACKEND = "frontdoor.accounts.backends.StaffBackend"
# A fixed authenticator-app key (the RFC 6238 test key), so a test can compute the code
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def give_second_factor(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, with the known test key."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()  # one being set up on a page
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app", "key": TEST_TOTP_KEY}
    )
    return device


def complete_sign_in(session: SessionBase, user: User, *, user_agent: str = "") -> SessionBase:
    """Mark `session` signed in as `user` with the second factor, and list it among the person's sessions as
    the first signed-in request would (so query counts are steady from the first page)."""
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = STAFF_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = give_second_factor(user).persistent_id
    now = timezone.now()
    session[SIGNED_IN_AT_KEY] = now.isoformat()
    session.save()
    StaffSession.objects.get_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "signed_in_at": now,
            "last_seen_at": now,
            "ip_address": "127.0.0.1",
            "user_agent": user_agent,
        },
    )
    return session
