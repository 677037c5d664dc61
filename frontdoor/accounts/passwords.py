"""Password change and reset: Django's own forms and tokens, the email through the outbox, the link from the
configured site address (never the Host header, which anyone can set)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontdoor.core import auditor
from frontdoor.notify.services import enqueue_email

from .models import User

RESET_KIND = "password_reset"
CHANGED_KIND = "password_changed"


def reset_link(user: User) -> str:
    token = default_token_generator.make_token(user)
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
    )
    return settings.FRONTDOOR_SITE_URL.rstrip("/") + path


def send_reset_link(user: User, *, welcome: bool = False) -> None:
    """Queue the reset email (for a new account: the welcome, to choose a first password). The same link
    asked for twice in a moment is one email."""
    link = reset_link(user)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with transaction.atomic():
        enqueue_email(
            idempotency_key=f"{RESET_KIND}:{user.pk}:{token}",
            kind=RESET_KIND,
            to=user.email,
            subject=(
                f"Your new staff account for {settings.FRONTDOOR_SERVICE_NAME}"
                if welcome
                else f"Reset your password for {settings.FRONTDOOR_SERVICE_NAME}"
            ),
            body=(
                f"Dear {user.get_full_name() or user.username},\n\n"
                + (
                    f"Your administrator has made you a Front Door staff account (username {user.username}). "
                    if welcome
                    else "Someone asked to reset the password for your Front Door staff account. "
                )
                + f"To choose a password, open this link within {settings.PASSWORD_RESET_TIMEOUT // 3600} hours:\n\n"
                f"{link}\n\n"
                + (
                    "When you first sign in you will set up an authenticator app on your work phone.\n\n"
                    if welcome
                    else "You will still need the code from your authenticator app to sign in.\n\n"
                    "If you did not ask for this, you need do nothing: your password has not changed. "
                    "Tell your administrator if it keeps happening.\n\n"
                )
                + f"{settings.FRONTDOOR_COUNCIL_NAME}"
            ),
            about_id=str(user.pk),
        )


def password_changed(*, user: User, how: str) -> None:
    """Audit the change and tell the person, in case it was not them."""
    with transaction.atomic():
        auditor.record_change(
            actor=user,
            action=f"accounts.{how}_password",
            obj=user,
            before=None,
            after={"password": "changed"},
        )
        if user.email:
            enqueue_email(
                idempotency_key=f"{CHANGED_KIND}:{user.pk}:{user.password[-16:]}",
                kind=CHANGED_KIND,
                to=user.email,
                subject=f"Your password for {settings.FRONTDOOR_SERVICE_NAME} has changed",
                body=(
                    f"Dear {user.get_full_name() or user.username},\n\n"
                    "The password for your Front Door staff account has just been changed. "
                    "If this was not you, tell your administrator now.\n\n"
                    f"{settings.FRONTDOOR_COUNCIL_NAME}"
                ),
                about_id=str(user.pk),
            )
