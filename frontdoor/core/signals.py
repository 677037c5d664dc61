"""Signal receivers of the shared kernel: kept thin, they hand over to the Auditor and to app_role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import auditor


@receiver(user_login_failed, dispatch_uid="frontdoor.core.sign_in_failed")
def keep_failed_sign_in(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """A failed sign-in stays in the audit trail (the lock-out counter forgets it on success)."""
    username = str(credentials.get("username") or "")[:150]
    user = get_user_model().objects.filter(username__iexact=username).first() if username else None
    auditor.record_event(
        actor=None,
        actor_description="sign-in attempt",
        action="sign_in.failed",
        object_type="accounts.User",
        object_id=str(user.pk) if user else "",
        reference=username[:40],
        after={"username": username, "known_user": user is not None},
    )


@receiver(post_migrate, dispatch_uid="frontdoor.core.grant_app_role")
def grant_app_role_after_migrating(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """New tables reach the app's role too: its grants are made again after every migration."""
    from django.conf import settings

    from . import app_role

    if sender.label == "core" and settings.FRONTDOOR_APP_ROLE:
        app_role.grant(settings.FRONTDOOR_APP_ROLE, using=using)
