"""The referrer's journey between requests: screener answers and the request so far, kept in the session.

Nothing here trusts the session to say where the referrer has got to: the route is re-derived from the
answers by the engine on every request, and each request section is validated again whenever it is used.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse

from . import engine
from .forms import (
    AnonymousReferrerForm,
    ChildForm,
    CommunicationForm,
    ConcernForm,
    CscConsentForm,
    EarlyHelpConsentForm,
    HouseholdMemberForm,
    PublicChildForm,
    PublicCommunicationForm,
    PublicReferrerForm,
    PublicStrengthsForm,
    PublicSupportForm,
    ReferrerForm,
    SafetyForm,
    StrengthsForm,
    SupportForm,
    jsonable,
)
from .models import RequestKind

SCREENER_KEY = "screener"
REQUEST_KEY = "request"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    form_class: type[forms.Form] | None = None
    repeater: bool = False
    min_items: int = 0
    max_items: int = 0
    item_name: str = ""

    def form_for(self, kind: str, audience: str = "") -> type[forms.Form]:
        if audience in PUBLIC_AUDIENCES:
            if self.key == "referrer" and audience == ANONYMOUS:
                return AnonymousReferrerForm
            if self.key in PUBLIC_FORMS:
                return PUBLIC_FORMS[self.key]
        if self.key == "consent":
            return EarlyHelpConsentForm if kind == RequestKind.EARLY_HELP else CscConsentForm
        assert self.form_class is not None
        return self.form_class

    def skipped(self, audience: str, kind: str = "") -> bool:
        """Members of the public and children are not asked for the family's consent: they cannot give or
        know it, and a safeguarding concern never waits for it. A parent asking for early help for their own
        family is the family asking: their request is their consent."""
        if self.key != "consent":
            return False
        return audience in PUBLIC_AUDIENCES or (audience == PARENT and kind == RequestKind.EARLY_HELP)


# Who is asking (the screener's who_is_asking answer): members of the public and children get forms that ask
# only what they can know; anonymous referrers are not asked who they are.
ANONYMOUS = "anonymous"
PARENT = "parent"
PARENT_ASKING = {"family_consents": "yes", "consent_from": "The parent or carer who asked for help"}
PUBLIC_AUDIENCES = frozenset({"public", ANONYMOUS, "young_person"})
PUBLIC_FORMS: dict[str, type[forms.Form]] = {
    "children": PublicChildForm,
    "communication": PublicCommunicationForm,
    "strengths": PublicStrengthsForm,
    "support": PublicSupportForm,
    "referrer": PublicReferrerForm,
}


SECTIONS: tuple[Section, ...] = (
    Section("children", "Children", ChildForm, repeater=True, min_items=1, max_items=10, item_name="child"),
    Section(
        "household",
        "Household and parental responsibility",
        HouseholdMemberForm,
        repeater=True,
        min_items=0,
        max_items=15,
        item_name="person",
    ),
    Section("communication", "Language and communication", CommunicationForm),
    Section("concern", "Your concern", ConcernForm),
    Section("strengths", "What is working well and what needs to happen", StrengthsForm),
    Section("safety", "Where the child is now", SafetyForm),
    Section("support", "Support already given", SupportForm),
    Section("consent", "Consent"),
    Section("referrer", "About you", ReferrerForm),
)
BY_KEY = {section.key: section for section in SECTIONS}
REPEATERS = {section.key for section in SECTIONS if section.repeater}


def audience_of(answers: dict[str, Any]) -> str:
    """Who is asking, from the screener answers ("" if the definition does not ask)."""
    value = answers.get("who_is_asking")
    return value if isinstance(value, str) else ""


def section_title(section: Section, kind: str, audience: str = "") -> str:
    if section.key == "referrer" and audience == ANONYMOUS:
        return "How we can reach you (optional)"
    if section.key == "consent":
        return "The family's consent" if kind == RequestKind.EARLY_HELP else "Do the parents know?"
    return section.title


# -------------------------------------------------------------------------------------------- screener
def screener_state(session: Any) -> dict[str, Any]:
    state = session.get(SCREENER_KEY)
    return state if isinstance(state, dict) else {}


def screener_answers(session: Any) -> dict[str, Any]:
    answers = screener_state(session).get("answers")
    return answers if isinstance(answers, dict) else {}


def start_screener(session: Any, definition_id: uuid.UUID) -> None:
    session[SCREENER_KEY] = {"definition_id": str(definition_id), "answers": {}}
    session.pop(REQUEST_KEY, None)


def store_answers(session: Any, answers: dict[str, Any]) -> None:
    state = screener_state(session)
    state["answers"] = answers
    session[SCREENER_KEY] = state


# -------------------------------------------------------------------------------------------- requests
def request_state(session: Any) -> dict[str, Any]:
    state = session.get(REQUEST_KEY)
    if not isinstance(state, dict) or not isinstance(state.get("data"), dict):
        state = {"data": {}, "submission_key": str(uuid.uuid4()), "draft_id": None}
        session[REQUEST_KEY] = state
    return state


def save_request_state(session: Any, state: dict[str, Any]) -> None:
    session[REQUEST_KEY] = state
    session.modified = True


def bind(
    section: Section,
    kind: str,
    raw: dict[str, Any] | None,
    today: datetime.date,
    audience: str = "",
    initial: dict[str, Any] | None = None,
) -> forms.Form:
    form_class = section.form_for(kind, audience)
    kwargs: dict[str, Any] = {"today": today} if issubclass(form_class, ChildForm) else {}
    return form_class(raw, **kwargs) if raw is not None else form_class(initial=initial, **kwargs)


def child_from_screener(answers: dict[str, Any]) -> dict[str, Any]:
    """What the screener already knows about the child, to start the first child's page with: the date of
    birth given there (so the referrer does not type it twice), or that the baby is not born yet."""
    if answers.get("concern_area") == "unborn":
        return {"born": "no"}
    value = answers.get("child_dob")
    if not isinstance(value, str):
        return {}
    try:
        born = datetime.date.fromisoformat(value)
    except ValueError:
        return {}
    return {"born": "yes", "date_of_birth": born}


def blank_form(section: Section, kind: str, today: datetime.date, audience: str = "") -> forms.Form:
    return bind(section, kind, None, today, audience)


def items(data: dict[str, Any], section: Section) -> list[dict[str, Any]]:
    value = data.get(section.key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _consent_refused(section: Section, kind: str, form: forms.Form) -> bool:
    return (
        section.key == "consent"
        and kind == RequestKind.EARLY_HELP
        and form.cleaned_data.get("family_consents") != "yes"
    )


def next_step(data: dict[str, Any], kind: str, today: datetime.date, audience: str = "") -> tuple[int, str]:
    """The first page with something missing or no longer valid (its section's index and URL), or the
    check-your-answers page (index ``len(SECTIONS)``)."""
    for position, section in enumerate(SECTIONS):
        if section.skipped(audience, kind):
            continue
        if section.repeater:
            entries = items(data, section)
            for index, raw in enumerate(entries, start=1):
                if not bind(section, kind, raw, today, audience).is_valid():
                    return position, reverse("screener:item", args=[section.key, index])
            if len(entries) < section.min_items:
                return position, reverse("screener:item", args=[section.key, len(entries) + 1])
            if not data.get(f"{section.key}_done"):
                return position, reverse("screener:list", args=[section.key])
            continue
        raw = data.get(section.key)
        if not isinstance(raw, dict):
            return position, reverse("screener:section", args=[section.key])
        form = bind(section, kind, raw, today, audience)
        if not form.is_valid():
            return position, reverse("screener:section", args=[section.key])
        if _consent_refused(section, kind, form):
            return position, reverse("screener:no_consent")
    return len(SECTIONS), reverse("screener:check")


def next_step_url(data: dict[str, Any], kind: str, today: datetime.date, audience: str = "") -> str:
    return next_step(data, kind, today, audience)[1]


def reachable(
    section: Section, data: dict[str, Any], kind: str, today: datetime.date, audience: str = ""
) -> bool:
    """A section's pages may be opened once every section before it is complete (no jumping ahead)."""
    if section.skipped(audience, kind):
        return False
    return SECTIONS.index(section) <= next_step(data, kind, today, audience)[0]


def cleaned_request(
    data: dict[str, Any], kind: str, today: datetime.date, audience: str = ""
) -> dict[str, Any] | None:
    """Every section validated again and cleaned (JSON-friendly), or None if anything is missing."""
    if next_step(data, kind, today, audience)[0] != len(SECTIONS):
        return None
    cleaned: dict[str, Any] = {"kind": kind, "audience": audience}
    for section in SECTIONS:
        if section.skipped(audience, kind):
            cleaned[section.key] = dict(PARENT_ASKING) if audience == PARENT else {}
        elif section.repeater:
            cleaned[section.key] = []
            for raw in items(data, section):
                form = bind(section, kind, raw, today, audience)
                form.is_valid()
                cleaned[section.key].append(jsonable(form.cleaned_data))
        else:
            form = bind(section, kind, data[section.key], today, audience)
            form.is_valid()
            cleaned[section.key] = jsonable(form.cleaned_data)
    return cleaned


KIND_FOR_ROUTE = {engine.Route.CSC: RequestKind.CSC, engine.Route.EARLY_HELP: RequestKind.EARLY_HELP}
