"""Reads: the definition a referrer is screened with, the versions staff manage, a contact's screening."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from frontdoor.intake.models import Contact

from . import engine
from .engine import signposting
from .models import DefinitionVersion, Screening, ServiceRequest
from .presenters import (
    AnswerRow,
    DisplaySection,
    answer_rows,
    request_kind_label,
    request_sections,
    route_label,
)
from .services import engine_definition, ensure_live_definition


def live_definition() -> DefinitionVersion:
    return ensure_live_definition()


def definition_for_session(definition_id: object) -> DefinitionVersion | None:
    """The version a referrer started with (kept for their whole journey, even if a new one goes live)."""
    try:
        pk = uuid.UUID(str(definition_id))
    except ValueError:
        return None
    return DefinitionVersion.objects.filter(pk=pk).first()


def definition_versions_for(user: Any) -> QuerySet[DefinitionVersion]:
    if not user.has_perm("screener.manage_definitions"):
        raise PermissionDenied
    return DefinitionVersion.objects.select_related("uploaded_by").order_by("-uploaded_at")


def definition_version_for(user: Any, version_id: uuid.UUID) -> DefinitionVersion | None:
    return definition_versions_for(user).filter(pk=version_id).first()


@dataclass
class ScreeningView:
    """What a worker needs to see how a contact came through the screener and what the referrer asked."""

    route: str = ""
    route_label: str = ""
    level: int | None = None
    level_name: str = ""
    reasons: list[str] = field(default_factory=list)
    escalated: bool = False
    council: str = ""
    definition_version: str = ""
    screened_on: Any = None
    answers: list[AnswerRow] = field(default_factory=list)
    request_kind: str = ""
    request_kind_label: str = ""
    request_sections: list[DisplaySection] = field(default_factory=list)
    request: ServiceRequest | None = None
    has_screening: bool = False


def directory_categories_for(contact: Contact) -> tuple[str, ...]:
    """The service directory categories the contact's screening answers point to (a default without one)."""
    screening = Screening.objects.select_related("definition").filter(contact_id=contact.pk).first()
    if screening is None:
        return signposting.DEFAULT_CATEGORIES
    try:
        progress = engine.run(
            engine_definition(screening.definition), screening.answers, screening.screened_on
        )
    except engine.DefinitionError:
        return signposting.DEFAULT_CATEGORIES
    return signposting.directory_categories(progress)


def screening_for(user: Any, contact: Contact) -> ScreeningView | None:
    """The screening and request a contact came with (None for contacts that did not come online).

    Call from the contact page, which has already checked access and recorded it in the access log."""
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    screening = Screening.objects.select_related("definition").filter(contact_id=contact.pk).first()
    request = ServiceRequest.objects.filter(contact_id=contact.pk).first()
    if screening is None and request is None:
        return None
    view = ScreeningView(request=request)
    if screening is not None:
        view.has_screening = True
        view.route = screening.route
        view.route_label = route_label(screening.route)
        view.level = screening.level
        view.level_name = screening.level_name
        view.reasons = list(screening.reasons)
        view.escalated = screening.escalated
        view.council = screening.definition.council
        view.definition_version = screening.definition_version
        view.screened_on = screening.screened_on
        try:
            progress = engine.run(
                engine_definition(screening.definition), screening.answers, screening.screened_on
            )
            view.answers = answer_rows(progress)
        except engine.DefinitionError:
            view.answers = [AnswerRow(key, [str(value)]) for key, value in screening.answers.items()]
    if request is not None:
        view.request_kind = request.kind
        view.request_kind_label = request_kind_label(request.kind)
        view.request_sections = request_sections(request.kind, request.data)
    return view
