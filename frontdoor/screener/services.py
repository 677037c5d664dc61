"""Every write the screener makes: definition versions, the emergency count, drafts and submitted requests."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.intake.models import Contact
from frontdoor.intake.services import AdultDetails, ChildDetails, ConcernDetails, record_online_concern
from frontdoor.notify.services import enqueue_email

from . import engine
from .models import (
    DefinitionVersion,
    EmergencyRouteCount,
    RequestDraft,
    RequestKind,
    Screening,
    ServiceRequest,
)

DRAFT_DAYS = 28
KIND_FOR_ROUTE = {engine.Route.CSC: RequestKind.CSC, engine.Route.EARLY_HELP: RequestKind.EARLY_HELP}


class DefectiveDefinition(Exception):
    """A definition with problems: it is never stored or made live."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class DuplicateVersion(Exception):
    """This council already has a definition with this version number."""


class NotARequestRoute(Exception):
    """The answers (re-derived on the server) do not lead to a request for service or for early help."""


class NoConsent(Exception):
    """An early help request without the family's consent."""


# ------------------------------------------------------------------------------------------ definitions
_ENGINE_CACHE: dict[uuid.UUID, engine.Definition] = {}


def engine_definition(version: DefinitionVersion) -> engine.Definition:
    """The engine's definition for a stored version (parsed once per process: a version never changes)."""
    cached = _ENGINE_CACHE.get(version.pk)
    if cached is None:
        cached = engine.load_definition(version.yaml_text)
        _ENGINE_CACHE[version.pk] = cached
    return cached


def _default_yaml() -> str:
    return (engine.DEFINITIONS_DIR / "default.yaml").read_text(encoding="utf-8")


def ensure_live_definition() -> DefinitionVersion:
    """The live definition. On first use (an empty table) the shipped default.yaml becomes the first one."""
    live = DefinitionVersion.objects.filter(is_live=True).first()
    if live is not None:
        return live
    text = _default_yaml()
    definition = engine.load_definition(text)
    now = timezone.now()
    try:
        with transaction.atomic():
            live, _ = DefinitionVersion.objects.get_or_create(
                council=definition.council,
                version=definition.version,
                defaults={
                    "title": definition.title,
                    "yaml_text": text,
                    "uploaded_at": now,
                },
            )
            if not DefinitionVersion.objects.filter(is_live=True).exists():
                DefinitionVersion.objects.filter(pk=live.pk).update(is_live=True, made_live_at=now)
    except IntegrityError:
        pass  # another request did the same at the same moment
    return DefinitionVersion.objects.get(is_live=True)


def upload_definition(*, user: Any, yaml_text: str, make_live: bool) -> DefinitionVersion:
    """Store a new version after the full check. Raises DefectiveDefinition (nothing stored) or
    DuplicateVersion. With ``make_live`` it replaces the live version in the same transaction."""
    if not user.has_perm("screener.manage_definitions"):
        raise PermissionDenied
    problems = engine.definition_problems(yaml_text)
    if problems:
        raise DefectiveDefinition(problems)
    definition = engine.load_definition(yaml_text)
    now = timezone.now()
    try:
        with transaction.atomic():
            version = DefinitionVersion.objects.create(
                council=definition.council,
                version=definition.version,
                title=definition.title,
                yaml_text=yaml_text,
                uploaded_by=user,
                uploaded_at=now,
            )
            auditor.record_change(
                actor=user,
                action="screener.definition_uploaded",
                obj=version,
                before=None,
                after={"council": version.council, "version": version.version},
            )
    except IntegrityError:
        raise DuplicateVersion(definition.version) from None
    if make_live:
        version = make_definition_live(user=user, version=version)
    return version


def make_definition_live(*, user: Any, version: DefinitionVersion) -> DefinitionVersion:
    """Make a stored version the live one. The check runs again first: a defective file never goes live."""
    if not user.has_perm("screener.manage_definitions"):
        raise PermissionDenied
    problems = engine.definition_problems(version.yaml_text)
    if problems:
        raise DefectiveDefinition(problems)
    now = timezone.now()
    with transaction.atomic():
        before = DefinitionVersion.objects.filter(is_live=True).first()
        DefinitionVersion.objects.filter(is_live=True).exclude(pk=version.pk).update(is_live=False)
        DefinitionVersion.objects.filter(pk=version.pk).update(is_live=True, made_live_at=now)
        version.refresh_from_db()
        auditor.record_change(
            actor=user,
            action="screener.definition_made_live",
            obj=version,
            before={"live_version": before.version if before else None},
            after={"live_version": version.version},
        )
    return version


# ---------------------------------------------------------------------------------------- the journey
def count_emergency_route(today: date | None = None) -> None:
    """The emergency route keeps nothing about the child or the referrer: only a count per day."""
    day = today or timezone.localdate()
    with transaction.atomic():
        row, created = EmergencyRouteCount.objects.get_or_create(day=day, defaults={"count": 1})
        if not created:
            EmergencyRouteCount.objects.filter(pk=row.pk).update(count=F("count") + 1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SavedDraft:
    draft: RequestDraft
    token: str


def save_draft(
    *,
    draft_id: uuid.UUID | None,
    kind: str,
    definition: DefinitionVersion,
    answers: dict[str, Any],
    data: dict[str, Any],
    email: str,
    link_for: Any,
) -> SavedDraft:
    """Keep a request to finish later and email a link to it (through the outbox, in the same transaction).

    Every save makes a new token (the old link stops working). ``link_for(token)`` makes the absolute URL.
    Only the token's hash is stored.
    """
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        draft = (
            RequestDraft.objects.select_for_update()
            .filter(pk=draft_id, submitted=False, expires_at__gt=now)
            .first()
            if draft_id
            else None
        )
        if draft is None:
            draft = RequestDraft(created_at=now)
        draft.kind = kind
        draft.definition = definition
        draft.answers = answers
        draft.data = data
        draft.referrer_email = email
        draft.token_hash = hash_token(token)
        draft.saved_at = now
        draft.expires_at = now + timedelta(days=DRAFT_DAYS)
        draft.save()
        expires = timezone.localtime(draft.expires_at)
        label = RequestKind(kind).label.split(" (")[0].lower()
        enqueue_email(
            idempotency_key=f"draft-link:{draft.pk}:{draft.token_hash[:16]}",
            kind="draft_link",
            to=email,
            subject=f"Your saved {label}",
            body=(
                f"You saved a {label} to {settings.FRONTDOOR_COUNCIL_NAME} so you can finish it later.\n\n"
                f"Use this link to carry on:\n{link_for(token)}\n\n"
                f"The link works once. If you save again we will send you a new one. "
                f"It stops working on {expires:%-d %B %Y}, and we then delete what you saved.\n\n"
                "We have not received your request yet: nothing is sent until you press 'Send request'.\n\n"
                "If a child is in immediate danger, call 999.\n\n"
                f"{settings.FRONTDOOR_SERVICE_NAME}\n{settings.FRONTDOOR_COUNCIL_NAME}"
            ),
            about_id=str(draft.pk),
        )
    return SavedDraft(draft, token)


class DraftLinkProblem(Exception):
    """The link does not open a draft. ``reason`` is ``unknown``, ``expired`` or ``submitted``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def find_draft(token: str) -> RequestDraft:
    """The draft a link's token opens, without using the token up. Raises DraftLinkProblem."""
    if not token or len(token) > 100:
        raise DraftLinkProblem("unknown")
    draft = RequestDraft.objects.filter(token_hash=hash_token(token)).first()
    if draft is None:
        raise DraftLinkProblem("unknown")
    if draft.submitted:
        raise DraftLinkProblem("submitted")
    if draft.expires_at <= timezone.now():
        raise DraftLinkProblem("expired")
    return draft


def resume_draft(token: str) -> RequestDraft:
    """Open a draft by its link and use the token up: each link works once."""
    draft = find_draft(token)
    used = RequestDraft.objects.filter(pk=draft.pk, token_hash=draft.token_hash).update(
        token_hash=None, resumed_at=timezone.now()
    )
    if used != 1:
        raise DraftLinkProblem("unknown")  # the same link opened twice at the same moment
    return draft


def delete_expired_drafts(now: datetime | None = None) -> int:
    deleted, _ = RequestDraft.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# ------------------------------------------------------------------------------------------ submitting
def team_for_route(route: engine.Route) -> Team | None:
    """CSC: the social care team that takes online concerns. Early help: the early help team."""
    teams = Team.objects.order_by("-receives_online_concerns", "name")
    if route is engine.Route.EARLY_HELP:
        return teams.filter(kind=Team.Kind.EARLY_HELP).first()
    return teams.filter(kind=Team.Kind.SOCIAL_CARE).first()


def _child_details(child: dict[str, Any]) -> ChildDetails:
    born = child.get("date_of_birth") if child.get("born") == "yes" else None
    return ChildDetails(
        given_name=child["given_name"],
        family_name=child["family_name"],
        date_of_birth=date.fromisoformat(born) if born else None,
    )


SAFE_TONIGHT = {"yes": "Yes", "no": "No", "dont_know": "Not known"}


def _urgency(kind: str, data: dict[str, Any]) -> int:
    """The queue's RAG rating: red when the child may not be safe tonight (not knowing counts, to keep the
    child safe), amber for social care, green for early help."""
    if data["safety"].get("safe_tonight") in ("no", "dont_know"):
        return Contact.Urgency.RED
    return Contact.Urgency.AMBER if kind == RequestKind.CSC else Contact.Urgency.GREEN


def _adults(data: dict[str, Any], today: date) -> list[AdultDetails]:
    """Household members who are adults (or whose age is not known), for the contact's list of adults."""
    adults = []
    for member in data.get("household", []):
        born = member.get("date_of_birth")
        if born and (today - date.fromisoformat(born)).days < 18 * 365:
            continue
        relationship = member.get("relationship", "")
        if member.get("parental_responsibility") == "yes":
            relationship = f"{relationship}, has parental responsibility".strip(", ")
        adults.append(AdultDetails(name=member["name"], relationship=relationship))
    return adults


def concern_text(kind: str, data: dict[str, Any], outcome: engine.Outcome) -> str:
    """The contact's concern, in the words the referrer used, for the triage queue and contact page."""
    concern, safety = data["concern"], data["safety"]
    lines = [
        f"What: {concern['what']}",
        f"When: {concern['when']}",
        f"How the referrer knows: {concern['how_known']}",
        f"Where the child is now: {safety['where_now']}",
        f"Safe tonight: {SAFE_TONIGHT.get(safety['safe_tonight'], safety['safe_tonight'])}"
        + (f" – {safety['safety_details']}" if safety.get("safety_details") else ""),
        f"{RequestKind(kind).label}. Screener route {outcome.route.value}"
        + (f", level {outcome.level} ({outcome.level_name})" if outcome.level else "")
        + ".",
    ]
    return "\n".join(lines)


def submit_request(
    *,
    definition: DefinitionVersion,
    answers: dict[str, Any],
    data: dict[str, Any],
    submission_key: uuid.UUID,
    draft_id: uuid.UUID | None = None,
    received_at: datetime | None = None,
) -> tuple[Contact, bool]:
    """Turn a finished request into a contact in the right team's queue, with its screening and request.

    The route is re-derived from the answers here, whatever the browser sent. The same submission key twice
    returns the first contact and False (one contact, one acknowledgement email).
    """
    received_at = received_at or timezone.now()
    today = timezone.localdate(received_at)
    progress = engine.run(engine_definition(definition), answers, today)
    outcome = progress.outcome
    if outcome is None or outcome.route not in KIND_FOR_ROUTE:
        raise NotARequestRoute
    kind = KIND_FOR_ROUTE[outcome.route]
    if kind == RequestKind.EARLY_HELP and data["consent"].get("family_consents") != "yes":
        raise NoConsent
    referrer = data["referrer"]
    details = ConcernDetails(
        children=[_child_details(child) for child in data["children"]],
        concern=concern_text(kind, data, outcome),
        referrer_name=referrer.get("name") or "Anonymous",
        referrer_email=referrer.get("email", ""),
        referrer_agency=referrer.get("agency", ""),
        referral_source=referrer["referral_source"],
        adults=_adults(data, today),
        referrer_phone=referrer.get("phone", ""),
        urgency=_urgency(kind, data),
    )
    with transaction.atomic():
        contact, created = record_online_concern(
            details,
            submission_key=submission_key,
            received_at=received_at,
            team=team_for_route(outcome.route),
        )
        if created:
            screening = Screening.objects.create(
                contact=contact,
                definition=definition,
                definition_version=progress.definition_version,
                answers=progress.answers_to_store(),
                route=outcome.route.value,
                reasons=list(outcome.reasons),
                path=list(outcome.path),
                level=outcome.level,
                level_name=outcome.level_name or "",
                escalated=outcome.escalated,
                screened_on=today,
            )
            consent = data["consent"]
            ServiceRequest.objects.create(
                contact=contact,
                kind=kind,
                data=data,
                children_count=len(data["children"]),
                safe_tonight=data["safety"]["safe_tonight"],
                family_consents=(consent.get("family_consents") == "yes")
                if kind == RequestKind.EARLY_HELP
                else None,
                parents_know=consent.get("parents_know", ""),
                parents_agree=consent.get("parents_agree", ""),
                referrer_role=referrer.get("role", ""),
                referrer_phone=referrer.get("phone", ""),
                submitted_at=received_at,
            )
            auditor.record_change(
                actor=None,
                actor_description="Public online form",
                action="contact.screening_recorded",
                obj=contact,
                before=None,
                after={
                    "request": kind,
                    "route": screening.route,
                    "definition_version": screening.definition_version,
                    "team_id": str(contact.team_id),
                },
            )
        if draft_id:
            RequestDraft.objects.filter(pk=draft_id).update(submitted=True, token_hash=None, contact=contact)
    return contact, created


@dataclass(frozen=True)
class DefinitionSummary:
    questions: int
    paths: int
    longest: int
    paths_per_route: dict[str, int]
    contacts: dict[str, dict[str, str]]


def definition_summary(version: DefinitionVersion) -> DefinitionSummary:
    """How a stored version's questions add up: for the staff page and the check command."""
    return summarise(engine_definition(version))


def summarise(definition: engine.Definition) -> DefinitionSummary:
    paths = engine.all_paths(definition)
    per_route: dict[str, int] = {}
    for path in paths:
        if path.route:
            per_route[path.route.value] = per_route.get(path.route.value, 0) + 1
    return DefinitionSummary(
        questions=len(definition.questions),
        paths=len(paths),
        longest=max((len(path.path) for path in paths), default=0),
        paths_per_route=dict(sorted(per_route.items())),
        contacts={name: dict(fields) for name, fields in definition.contacts.items()},
    )
