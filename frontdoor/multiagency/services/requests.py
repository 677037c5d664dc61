"""Information requests to partner agencies, and the partner's reply through a single-use link."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.notify.services import enqueue_email
from frontdoor.triage import notifications

from .. import timescales
from ..models import InformationRequest, LawfulBasis, PartnerAgency, ReplyLinkOpening

QUESTION_LIMIT = 5000
REPLY_LIMIT = 10000
Status = InformationRequest.Status


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _reply_url(token: str) -> str:
    return settings.FRONTDOOR_SITE_URL + reverse("multiagency:partner_reply", args=[token])


def _new_link(request: InformationRequest, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    request.token_hash = hash_token(token)
    request.link_expires_at = now + timescales.reply_link_lifetime()
    request.link_revoked_at = None
    return token


def _request_email(request: InformationRequest, token: str, *, chase: bool = False) -> tuple[str, str]:
    council = settings.FRONTDOOR_COUNCIL_NAME
    due = timezone.localtime(request.due_at)
    expires = timezone.localtime(request.link_expires_at)
    opening = (
        f"We have not yet had your answer to our request about {request.contact.reference}, which was due "
        f"{due:%-d %B %Y at %H:%M}. Please answer as soon as you can."
        if chase
        else f"{council}'s children's services front door asks {request.agency_name} for information about "
        f"a child (our reference {request.contact.reference}). Please answer by {due:%-d %B %Y at %H:%M}."
    )
    body = (
        f"{opening}\n\n"
        f"Open this secure link to see the question and reply. It works once, until {expires:%-d %B %Y}. "
        "You do not need an account. Do not forward this email.\n\n"
        f"{_reply_url(token)}\n\n"
        "Under the duty to share information (Children's Wellbeing and Schools Act 2026, section 4) you share "
        "what you know unless sharing would be more detrimental to the child; if so, say why on the form.\n\n"
        f"{settings.FRONTDOOR_SERVICE_NAME}\n{council}"
    )
    subject = f"{'Reminder: ' if chase else ''}Request for information – {request.contact.reference}"
    return subject, body


# --- The council's list of partner agencies -----------------------------------------------------------


def add_partner_agency(*, user, name: str, kind: str, contact_name: str, contact_email: str) -> PartnerAgency:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.MANAGE_PARTNER_AGENCIES):
        raise PermissionDenied
    if not name.strip():
        raise Refused("Enter the agency's name")
    if kind not in PartnerAgency.Kind.values:
        raise Refused("Select the kind of agency")
    if PartnerAgency.objects.filter(name__iexact=name.strip()).exists():
        raise Refused(f"{name.strip()} is already on the list. Nothing was saved.")
    with transaction.atomic():
        agency = PartnerAgency.objects.create(
            name=name.strip(),
            kind=kind,
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
        )
        auditor.record_change(
            actor=user, action="partner_agency.added", obj=agency, before=None, after=auditor.snapshot(agency)
        )
    return agency


# --- Sending ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentRequest:
    request: InformationRequest
    token: str  # only in the email: the database keeps its hash


def send_information_requests(
    *,
    contact: Contact,
    user,  # type: ignore[no-untyped-def]
    agencies: list[PartnerAgency],
    question: str,
    lawful_basis: str,
    submission_key: uuid.UUID | None = None,
) -> list[SentRequest]:
    """Ask one or more agencies the same question. Each request gets its own due time (from the contact's RAG
    rating), its own link and its own email, sent through the outbox."""
    if not user.has_perm(Permission.REQUEST_INFORMATION, contact):
        raise PermissionDenied
    if not agencies:
        raise Refused("Select at least one agency to ask")
    if not question.strip():
        raise Refused("Enter what you are asking")
    if len(question) > QUESTION_LIMIT:
        raise Refused(f"What you are asking must be {QUESTION_LIMIT:,} characters or fewer")
    if lawful_basis not in LawfulBasis.values:
        raise Refused("Select the lawful basis for asking")
    if lawful_basis == LawfulBasis.CONSENT and contact.consent in (
        Contact.Consent.REFUSED,
        Contact.Consent.NOT_SOUGHT,
    ):
        raise Refused(
            f"Consent cannot be the lawful basis: the contact records consent as "
            f"{Contact.Consent(contact.consent).label.lower()}. Choose another lawful basis."
        )
    if inactive := [agency.name for agency in agencies if not agency.active]:
        raise Refused(f"{', '.join(inactive)} is no longer on the list of agencies. Nothing was sent.")
    if submission_key and InformationRequest.objects.filter(submission_key=submission_key).exists():
        return []  # the same form sent twice: the first press already sent them
    sent: list[SentRequest] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            due_at, timescale = timescales.request_due(now, contact.urgency)
            for number, agency in enumerate(agencies):
                request = InformationRequest(
                    contact=contact,
                    agency=agency,
                    agency_name=agency.name,
                    agency_kind=agency.kind,
                    sent_to_name=agency.contact_name,
                    sent_to_email=agency.contact_email,
                    question=question.strip(),
                    lawful_basis=lawful_basis,
                    sent_by=user,
                    sent_at=now,
                    due_at=due_at,
                    timescale=timescale.text,
                    submission_key=submission_key if number == 0 else None,
                )
                token = _new_link(request, now)
                request.save()
                subject, body = _request_email(request, token)
                enqueue_email(
                    idempotency_key=f"information-request:{request.pk}",
                    kind="information_request",
                    to=request.sent_to_email,
                    subject=subject,
                    body=body,
                    about_id=str(contact.pk),
                )
                auditor.record_change(
                    actor=user,
                    action="information_request.sent",
                    obj=contact,
                    before=None,
                    after=auditor.snapshot(
                        request, ["id", "agency_name", "lawful_basis", "due_at", "timescale", "sent_to_email"]
                    ),
                )
                sent.append(SentRequest(request, token))
    except IntegrityError:
        if submission_key and InformationRequest.objects.filter(submission_key=submission_key).exists():
            return []
        raise
    return sent


def withdraw_request(*, request: InformationRequest, user, reason: str) -> InformationRequest:  # type: ignore[no-untyped-def]
    """The question is no longer needed: the link stops working and it no longer counts as waiting."""
    if not user.has_perm(Permission.REQUEST_INFORMATION, request.contact):
        raise PermissionDenied
    if not reason.strip():
        raise Refused("Enter why you are withdrawing the request")
    with transaction.atomic():
        now = timezone.now()
        updated = InformationRequest.objects.filter(pk=request.pk, status__in=InformationRequest.OPEN).update(
            status=Status.WITHDRAWN,
            withdrawn_by=user,
            withdrawn_at=now,
            withdrawn_reason=reason.strip(),
            link_revoked_at=now,
        )
        if not updated:
            raise Refused("This request has already been answered or withdrawn. Nothing was changed.")
        request.refresh_from_db()
        auditor.record_change(
            actor=user,
            action="information_request.withdrawn",
            obj=request.contact,
            before={"information_request_id": str(request.pk)},
            after={"information_request_id": str(request.pk), "status": request.status},
            reason=reason,
        )
    return request


def revoke_link(
    *, request: InformationRequest, user, reason: str, send_new: bool = False
) -> SentRequest | None:  # type: ignore[no-untyped-def]
    """Stop the link working (sent to the wrong person, say); optionally send a fresh one to the agency's
    contact as it is on the list now. The request stays open with its due time."""
    if not user.has_perm(Permission.REQUEST_INFORMATION, request.contact):
        raise PermissionDenied
    if not reason.strip():
        raise Refused("Enter why you are stopping the link")
    with transaction.atomic():
        now = timezone.now()
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_open:
            raise Refused("This request has already been answered or withdrawn. Nothing was changed.")
        locked.link_revoked_at = now  # the hash stays, so the old link says it was stopped
        token = ""
        if send_new:
            locked.sent_to_name, locked.sent_to_email = (
                locked.agency.contact_name,
                locked.agency.contact_email,
            )
            token = _new_link(locked, now)
        locked.save()
        if send_new:
            subject, body = _request_email(locked, token)
            enqueue_email(
                idempotency_key=f"information-request:{locked.pk}:link:{(locked.token_hash or '')[:16]}",
                kind="information_request",
                to=locked.sent_to_email,
                subject=subject,
                body=body,
                about_id=str(locked.contact_id),
            )
        auditor.record_change(
            actor=user,
            action="information_request.link_revoked",
            obj=locked.contact,
            before={"information_request_id": str(locked.pk)},
            after={
                "information_request_id": str(locked.pk),
                "new_link_sent_to": locked.sent_to_email if send_new else "",
            },
            reason=reason,
        )
    request.refresh_from_db()
    return SentRequest(request, token) if send_new else None


def chase_overdue_requests(now: datetime | None = None) -> int:
    """Mark requests past their due time overdue and chase each one once, with a fresh link (the old one
    stops working, so only one link is ever live). Run by the worker; safe to run as often as you like."""
    now = now or timezone.now()
    chased = 0
    due = InformationRequest.objects.filter(status=Status.SENT, due_at__lte=now).values_list("pk", flat=True)
    for request_id in list(due):
        with transaction.atomic():
            request = (
                InformationRequest.objects.select_for_update()
                .select_related("contact")
                .filter(pk=request_id, status=Status.SENT)
                .first()
            )
            if request is None:
                continue
            request.status = Status.OVERDUE
            token = ""
            if request.chased_at is None and request.token_hash and not request.link_revoked_at:
                token = _new_link(request, now)
                request.chased_at = now
            request.save()
            if token:
                subject, body = _request_email(request, token, chase=True)
                enqueue_email(
                    idempotency_key=f"information-request:{request.pk}:chase",
                    kind="information_request_chase",
                    to=request.sent_to_email,
                    subject=subject,
                    body=body,
                    about_id=str(request.contact_id),
                )
                chased += 1
            auditor.record_change(
                actor=None,
                actor_description="overdue requests sweep",
                action="information_request.overdue",
                obj=request.contact,
                before={"information_request_id": str(request.pk), "status": Status.SENT},
                after={
                    "information_request_id": str(request.pk),
                    "status": Status.OVERDUE,
                    "chased": bool(token),
                },
            )
    return chased


# --- The partner's reply ------------------------------------------------------------------------------


class LinkProblem(Exception):
    """The link opens nothing. ``reason`` is a ReplyLinkOpening.Result; the page says only what the partner
    can act on, and never which request or child it was."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _log(request: InformationRequest | None, result: str, method: str) -> None:
    ReplyLinkOpening.objects.create(at=timezone.now(), request=request, result=result, method=method[:10])


def _by_token(token: str, method: str) -> InformationRequest:
    Result = ReplyLinkOpening.Result
    request = None
    if token and len(token) <= 100:
        request = (
            InformationRequest.objects.select_related("contact").filter(token_hash=hash_token(token)).first()
        )
    if request is None:
        _log(None, Result.UNKNOWN, method)
        raise LinkProblem(Result.UNKNOWN)
    problem = None
    if request.status == Status.REPLIED:
        problem = Result.USED
    elif request.status == Status.WITHDRAWN or request.link_revoked_at:
        problem = Result.REVOKED
    elif request.link_expires_at <= timezone.now():
        problem = Result.EXPIRED
    if problem:
        _log(request, problem, method)
        raise LinkProblem(problem)
    return request


def open_reply_link(token: str, *, method: str = "GET") -> InformationRequest:
    """The request a link opens, for the partner's page. Every opening is logged, good or bad."""
    request = _by_token(token, method)
    _log(request, ReplyLinkOpening.Result.OPENED, method)
    return request


@dataclass(frozen=True)
class PartnerReply:
    shared: bool
    information: str
    not_shared_reason: str
    name: str
    role: str


def reply_to_request(*, token: str, reply: PartnerReply) -> InformationRequest:
    """The partner answers. The link is used up in the same conditional update that records the reply, so two
    presses (or two people with the email) give one reply. The worker who asked is told."""
    if not reply.name.strip():
        raise Refused("Enter your name")
    if reply.shared and not reply.information.strip():
        raise Refused("Enter the information you are sharing")
    if not reply.shared and not reply.not_shared_reason.strip():
        raise Refused("Enter why sharing would be more detrimental to the child")
    if max(len(reply.information), len(reply.not_shared_reason)) > REPLY_LIMIT:
        raise Refused(f"Your reply must be {REPLY_LIMIT:,} characters or fewer. Nothing was sent.")
    request = _by_token(token, "POST")
    with transaction.atomic():
        now = timezone.now()
        used = InformationRequest.objects.filter(
            pk=request.pk,
            token_hash=request.token_hash,
            status__in=InformationRequest.OPEN,
            link_revoked_at__isnull=True,
        ).update(
            status=Status.REPLIED,
            reply=InformationRequest.Reply.SHARED if reply.shared else InformationRequest.Reply.NOT_SHARED,
            reply_text=reply.information.strip() if reply.shared else "",
            not_shared_reason="" if reply.shared else reply.not_shared_reason.strip(),
            replied_by_name=reply.name.strip()[:200],
            replied_by_role=reply.role.strip()[:200],
            replied_at=now,
        )
        if not used:
            _log(request, ReplyLinkOpening.Result.USED, "POST")
            raise LinkProblem(ReplyLinkOpening.Result.USED)
        request.refresh_from_db()
        _log(request, ReplyLinkOpening.Result.REPLIED, "POST")
        auditor.record_change(
            actor=None,
            actor_description=f"{request.replied_by_name}, {request.agency_name} (reply link)"[:200],
            action="information_request.replied",
            obj=request.contact,
            before={"information_request_id": str(request.pk)},
            after=auditor.snapshot(request, ["id", "status", "reply", "replied_by_name", "replied_at"]),
            reason=request.not_shared_reason,
        )
        notifications.notify(
            recipient=request.sent_by,
            kind=notifications.Kind.AGENCY_REPLY,
            contact=request.contact,
            text=f"{request.agency_name} replied to your request about {request.contact.reference}.",
            key=f"information-reply:{request.pk}",
        )
    return request
