"""The read-only case API for partner systems, /partner/v1/ (docs/adr/0022): a bearer token per partner,
scoped to one team and to scopes, rate-limited per token, every call access-logged. Described in its own
OpenAPI document at /partner/v1/openapi.json."""

from __future__ import annotations

import functools
import math
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import AfterValidator, BeforeValidator

from frontdoor.core.apis import ErrorOut, install_error_handlers, read_only_urls
from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision

from . import queries
from .models import PartnerCall, PartnerToken, Scope


class PartnerToken_(HttpBearer):
    """`Authorization: Bearer fdp_…`: the token an administrator issued to the partner."""

    def authenticate(self, request: HttpRequest, token: str) -> PartnerToken | None:
        found = queries.token_for(token)
        request.partner_token = found  # type: ignore[attr-defined]
        return found


class PerToken(AuthRateThrottle):
    """PARTNER_API_RATE requests per token (read when each request comes, so settings can change it)."""

    def __init__(self) -> None:
        super().__init__(settings.PARTNER_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        if self.rate != settings.PARTNER_API_RATE:
            self.rate = settings.PARTNER_API_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request))


api = NinjaAPI(
    title="Front Door partner API",
    version="1",
    description=(
        "Read-only access to one team's contacts for an authorised partner system. Send the token you were "
        "given as `Authorization: Bearer <token>`. Each token reads one team's contacts, with its scopes "
        "(contacts:read, decisions:read); it is rate-limited, and every call is logged. A token revoked "
        "while a request runs gets a 401 and nothing else.\n\n"
        "Webhooks: Front Door POSTs `contact.received`, `contact.decided`, `contact.stepped_up` and "
        "`contact.stepped_down` to your subscription's URL as JSON. Check the `FrontDoor-Signature` header, "
        "`t=<unix seconds>,v1=<hex>`, where hex is HMAC-SHA256 with your subscription's secret over "
        "`<t>.<raw body>`; refuse a t more than 5 minutes old. `FrontDoor-Webhook-Id` is the same on every "
        "try of one delivery: answer 2xx once you have it (a repeat is then safe to ignore)."
    ),
    urls_namespace="partner",
    docs_url=None,
    auth=PartnerToken_(),
    throttle=[PerToken()],
)
install_error_handlers(
    api, pattern_messages={"since": "since must be a date and time, like 2026-04-01T09:00:00Z"}
)


def _iso_only(value: Any) -> Any:
    # pydantic would read "0.5" as seconds since 1970: only an ISO 8601 date and time is a time here
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        raise ValueError("not an ISO 8601 date and time")
    return value


def _in_utc(value: datetime) -> datetime:
    # PostgreSQL refuses an offset beyond ±15:59 ("-17:32" parses in Python): send every time as UTC
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("not a date and time that can be searched") from error


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_in_utc)]

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class ChildOut(Schema):
    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_date_of_birth: date | None


class ContactOut(Schema):
    id: uuid.UUID
    reference: str
    status: str = Field(description="open, in_progress, awaiting_oversight or decided")
    urgency: str = Field(description="red, amber or green")
    received_at: datetime
    decision_due_at: datetime
    children: list[ChildOut]


class ContactPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    contents: list[ContactOut]


class DecisionOut(Schema):
    id: uuid.UUID
    outcome: str
    level_of_need: int | None
    decided_at: datetime
    oversight: str


class ContactQuery(Schema):
    page: int = Field(1, ge=1, le=10**6)
    per_page: int = Field(20, ge=1, le=100)
    since: IsoDateTime | None = Field(None, description="Only contacts received at or after this time")
    status: Contact.Status | None = Field(None, description="Only contacts in this state")


def _needs(request: HttpRequest, scope: Scope) -> PartnerToken:
    token: PartnerToken = request.auth  # type: ignore[attr-defined]
    if scope not in token.scopes:
        raise HttpError(403, f"This token cannot do that: it needs the {scope} scope")
    return token


def _answer(request: HttpRequest, token: PartnerToken, contacts: list[Contact], body: Any) -> Any:
    """The last step of every call: nothing is shown if the token was revoked while the request ran."""
    if not queries.still_valid(token):
        raise AuthenticationError(
            message="This token was revoked while your request was answered: nothing was sent"
        )
    request.partner_contact_ids = [str(c.pk) for c in contacts]  # type: ignore[attr-defined]
    return body


def _contact_json(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "status": contact.status,
        "urgency": Contact.Urgency(contact.urgency).name.lower(),
        "received_at": contact.received_at,
        "decision_due_at": contact.decision_due_at,
        "children": [
            {
                "given_name": child.given_name,
                "family_name": child.family_name,
                "date_of_birth": child.date_of_birth,
                "expected_date_of_birth": child.expected_date_of_birth,
            }
            for child in contact.children.all()
        ],
    }


@api.get(
    "/contacts", response={200: ContactPage, **ERRORS}, url_name="contacts", summary="The team's contacts"
)
def contacts(request: HttpRequest, query: Query[ContactQuery]) -> Any:
    token = _needs(request, Scope.CONTACTS_READ)
    found = queries.contacts_for(token, since=query.since, status=query.status)
    total = found.count()
    chosen = list(found[(query.page - 1) * query.per_page : query.page * query.per_page])
    body = {
        "total_items": total,
        "total_pages": max(1, math.ceil(total / query.per_page)),
        "page_number": query.page,
        "size": query.per_page,
        "contents": [_contact_json(c) for c in chosen],
    }
    return _answer(request, token, chosen, body)


def _own_contact(token: PartnerToken, contact_id: uuid.UUID) -> Contact:
    contact = queries.contact_for(token, contact_id)
    if contact is None:
        raise HttpError(404, f"This token's team has no contact with the id {contact_id}")
    return contact


@api.get("/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, url_name="contact")
def contact(request: HttpRequest, contact_id: uuid.UUID) -> Any:
    token = _needs(request, Scope.CONTACTS_READ)
    found = _own_contact(token, contact_id)
    return _answer(request, token, [found], _contact_json(found))


@api.get(
    "/contacts/{contact_id}/decisions", response={200: list[DecisionOut], **ERRORS}, url_name="decisions"
)
def decisions(request: HttpRequest, contact_id: uuid.UUID) -> Any:
    token = _needs(request, Scope.DECISIONS_READ)
    found = _own_contact(token, contact_id)
    rows: list[Decision] = queries.decisions_for(token, found)
    body = [
        {
            "id": d.pk,
            "outcome": d.outcome,
            "level_of_need": d.level_of_need,
            "decided_at": d.decided_at,
            "oversight": d.oversight,
        }
        for d in rows
    ]
    return _answer(request, token, [found], body)


def access_logged(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every call, allowed or refused, is kept: partner, token, path, status and the contacts it showed."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        token = getattr(request, "partner_token", None)
        shown = getattr(request, "partner_contact_ids", []) if response.status_code == 200 else []
        PartnerCall.objects.create(
            at=timezone.now(),
            partner=token.partner if token else None,
            token=token,
            method=request.method or "",
            path=request.get_full_path()[:500],
            status=response.status_code,
            contact_ids=shown,
        )
        return response

    return wrapped


def _urls() -> Any:
    patterns, app_name, namespace = read_only_urls(api.urls, cors=False)
    for pattern in patterns:
        if getattr(pattern, "name", "") not in {"openapi-json", "api-root"}:
            pattern.callback = access_logged(pattern.callback)  # type: ignore[union-attr]
    return patterns, app_name, namespace


urls = _urls()
