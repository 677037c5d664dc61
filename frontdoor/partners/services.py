"""Writes for partner systems: tokens issued and revoked, webhook subscriptions made. An administrator does
them (or the management command, which names itself in the audit trail)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission

from .models import Partner, PartnerToken, Scope, WebhookEvent, WebhookSubscription

TOKEN_PREFIX = "fdp"  # noqa: S105 (how a token starts, not a password)
COMMAND = "manage.py command"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check(user: Any) -> None:
    """An administrator, or the management command (user None, run by someone with the server's keys)."""
    if user is not None and not user.has_perm(Permission.MANAGE_PARTNER_SYSTEMS):
        raise PermissionDenied


def _audit(user: Any, action: str, obj: Any, after: dict[str, Any]) -> None:
    auditor.record_change(
        actor=user,
        action=action,
        obj=obj,
        before=None,
        after=after,
        actor_description="" if user else COMMAND,
    )


def add_partner(*, user: Any, name: str, team: Team) -> Partner:
    _check(user)
    with transaction.atomic():
        partner, created = Partner.objects.get_or_create(
            name=name, defaults={"team": team, "created_at": timezone.now()}
        )
        if not created and partner.team_id != team.pk:
            raise Refused(f"{name} already reads the {partner.team.name}'s contacts: give it a new name")
        if created:
            _audit(user, "partner.added", partner, {"name": name, "team": team.slug})
    return partner


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, never stored
    record: PartnerToken


class AlreadyIssued(Refused):
    default_message = "That token was already issued: its value was shown only once. If it was lost, revoke it and issue another."


def issue_token(
    *, user: Any, partner: Partner, scopes: list[str], submission_key: uuid.UUID | None = None
) -> IssuedToken:
    _check(user)
    if submission_key and PartnerToken.objects.filter(submission_key=submission_key).exists():
        raise AlreadyIssued()
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown or not scopes:
        raise Refused(
            f"Choose scopes from {', '.join(Scope.values)}"
            + (f" (not {', '.join(unknown)})" if unknown else "")
        )
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        record = PartnerToken.objects.create(
            partner=partner,
            prefix=prefix,
            digest=digest(token),
            scopes=sorted(set(scopes)),
            created_at=timezone.now(),
            created_by=user,
            submission_key=submission_key,
        )
        _audit(user, "partner_token.issued", record, {"partner": partner.name, "scopes": record.scopes})
    return IssuedToken(token=token, record=record)


def revoke_token(*, user: Any, token: PartnerToken) -> bool:
    """True for the call that revoked it. A request already running with it gets a 401 when it answers."""
    _check(user)
    with transaction.atomic():
        changed = PartnerToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if changed:
            _audit(user, "partner_token.revoked", token, {"revoked": True})
    return changed == 1


def subscribe(*, user: Any, partner: Partner, url: str, events: list[str]) -> WebhookSubscription:
    _check(user)
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown or not events:
        raise Refused(f"Choose events from {', '.join(WebhookEvent.values)}")
    if not url.startswith(("https://", "http://")):
        raise Refused("Enter the receiver's address, starting https://")
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            partner=partner,
            url=url,
            secret=secrets.token_urlsafe(32),
            events=sorted(set(events)),
            created_at=timezone.now(),
        )
        _audit(user, "webhook.subscribed", subscription, {"url": url, "events": subscription.events})
    return subscription
