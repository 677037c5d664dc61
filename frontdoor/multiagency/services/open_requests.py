"""A decision while information requests are unanswered needs the worker's reason (the manager sees it at
oversight). The triage decision calls `check_before_decision` inside its transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact

from ..models import DecidingWithOpenRequests, InformationRequest


def _open(contact: Contact) -> list[InformationRequest]:
    return list(InformationRequest.objects.filter(contact=contact, status__in=InformationRequest.OPEN))


def current_reason(contact: Contact) -> DecidingWithOpenRequests | None:
    """The reason that covers every request open now (one given before a newer request does not)."""
    open_requests = _open(contact)
    if not open_requests:
        return None
    latest = max(r.sent_at for r in open_requests)
    return (
        DecidingWithOpenRequests.objects.filter(contact=contact, recorded_at__gte=latest)
        .order_by("-recorded_at")
        .first()
    )


def check_before_decision(contact: Contact) -> None:
    open_requests = _open(contact)
    if open_requests and current_reason(contact) is None:
        names = ", ".join(sorted({r.agency_name for r in open_requests}))
        raise Refused(
            f"{len(open_requests)} information request{'s are' if len(open_requests) != 1 else ' is'} still "
            f"unanswered ({names}). Wait for the answer, withdraw the request, or record on the contact page why "
            "you are deciding now. Nothing was saved."
        )


def record_reason_to_decide_now(*, contact: Contact, user, reason: str) -> DecidingWithOpenRequests:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.DECIDE_CONTACT, contact):
        raise PermissionDenied
    if not reason.strip():
        raise Refused("Enter why you are deciding before the agencies answer")
    open_requests = _open(contact)
    if not open_requests:
        raise Refused("Every information request has been answered or withdrawn: you can decide now.")
    with transaction.atomic():
        record = DecidingWithOpenRequests.objects.create(
            contact=contact,
            reason=reason.strip(),
            agencies=", ".join(sorted({r.agency_name for r in open_requests}))[:1000],
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        auditor.record_change(
            actor=user,
            action="information_request.deciding_before_answers",
            obj=contact,
            before=None,
            after={"agencies": record.agencies, "open_request_ids": [str(r.pk) for r in open_requests]},
            reason=reason,
        )
    return record
