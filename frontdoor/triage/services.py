"""Every write in the front door workspace."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact
from frontdoor.notify.services import enqueue_email

from .models import Decision
from .presenters_email import outcome_email


class AlreadyDecided(Exception):
    """Someone else decided this contact first."""


class StaleContact(Exception):
    """The contact changed since the form was opened."""


def record_decision(*, contact: Contact, user, outcome: Outcome, rationale: str, version: int) -> Decision:  # type: ignore[no-untyped-def]
    if not user.has_perm("triage.decide_contact", contact):
        raise PermissionDenied
    if not rationale.strip():
        raise ValueError("A decision needs a rationale.")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.status != Contact.Status.OPEN:
            raise AlreadyDecided
        if locked.version != version:
            raise StaleContact
        before = auditor.snapshot(locked, ["status", "version"])
        decision = Decision.objects.create(
            contact=locked, outcome=outcome, rationale=rationale, decided_by=user, decided_at=timezone.now()
        )
        locked.status = Contact.Status.DECIDED
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        auditor.record_change(
            actor=user,
            action="decision.recorded",
            obj=locked,
            before=before,
            after={**auditor.snapshot(locked, ["status", "version"]), "outcome": outcome.value},
            reason=rationale,
        )
        if locked.referrer_email:
            subject, body = outcome_email(locked, outcome)
            enqueue_email(
                idempotency_key=f"outcome:{decision.pk}",
                kind="outcome",
                to=locked.referrer_email,
                subject=subject,
                body=body,
                about_id=str(locked.pk),
            )
    return decision
