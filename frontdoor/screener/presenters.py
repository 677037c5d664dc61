"""Shaping screener answers and requests for pages: the referrer's check-your-answers page and the
staff contact page show a request through the same code, so what the referrer checked is what staff see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms

from . import engine
from .identifiers import format_nhs_number
from .journey import SECTIONS, Section, section_title
from .models import RequestKind

ROUTE_LABELS = {
    engine.Route.EMERGENCY: "Emergency: call 999",
    engine.Route.CSC: "Children's social care",
    engine.Route.EARLY_HELP: "Early help",
    engine.Route.UNIVERSAL: "Universal services",
    engine.Route.ADVICE: "Advice from a social worker",
    engine.Route.LADO: "Local authority designated officer (LADO)",
    engine.Route.PRIVATE_FOSTERING: "Private fostering",
}


def route_label(route: str) -> str:
    try:
        return ROUTE_LABELS[engine.Route(route)]
    except ValueError:
        return route


@dataclass
class Row:
    key: str
    value: str
    change_url: str = ""
    change_label: str = ""


@dataclass
class Card:
    title: str
    rows: list[Row]
    change_url: str = ""
    remove_url: str = ""


@dataclass
class DisplaySection:
    key: str
    title: str
    cards: list[Card] = field(default_factory=list)
    change_url: str = ""
    add_url: str = ""


def _format(name: str, form_field: forms.Field, value: Any) -> str | None:
    if value is None:
        return None
    if value == "" or value == []:
        return "Not given"
    if isinstance(form_field, forms.ChoiceField):
        labels = dict(form_field.choices)
        return str(labels.get(value, value))
    if isinstance(value, str) and form_field.__class__.__name__.endswith("DateField"):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        return f"{day.day} {day:%B %Y}"
    if name == "nhs_number":
        return format_nhs_number(str(value))
    return str(value)


def _label(form_field: forms.Field) -> str:
    return str(form_field.label).removesuffix(" (optional)")


def _rows(
    section: Section, kind: str, cleaned: dict[str, Any], change_url: str = "", audience: str = ""
) -> list[Row]:
    form_class = section.form_for(kind, audience)
    rows = []
    for name, form_field in form_class.base_fields.items():
        text = _format(name, form_field, cleaned.get(name))
        if text is None:
            continue
        rows.append(Row(_label(form_field), text, change_url, _label(form_field).lower()))
    return rows


def _item_title(section: Section, index: int, cleaned: dict[str, Any]) -> str:
    if section.key == "children":
        name = f"{cleaned.get('given_name', '')} {cleaned.get('family_name', '')}".strip()
        return f"Child {index}: {name}" if name else f"Child {index} (name not known)"
    return f"Person {index}: {cleaned.get('name', '')}"


def request_sections(
    kind: str,
    cleaned: dict[str, Any],
    *,
    urls: Any = None,
    item_urls: Any = None,
    audience: str | None = None,
) -> list[DisplaySection]:
    """A cleaned request as summary cards, one section per part of the form.

    ``urls(section_key)`` and ``item_urls(section_key, index)`` give change links (check-your-answers page
    only); without them, the sections are read-only (the staff contact page).
    """
    if audience is None:
        audience = str(cleaned.get("audience") or "")
    sections = []
    for section in SECTIONS:
        if section.skipped(audience, kind):
            continue
        title = section_title(section, kind, audience)
        display = DisplaySection(section.key, title)
        if section.repeater:
            display.change_url = urls(section.key) if urls else ""
            for index, item in enumerate(cleaned.get(section.key) or [], start=1):
                item_url = item_urls(section.key, index) if item_urls else ""
                display.cards.append(
                    Card(
                        _item_title(section, index, item),
                        _rows(section, kind, item, audience=audience),
                        change_url=item_url,
                    )
                )
        else:
            change = urls(section.key) if urls else ""
            display.change_url = change
            rows = _rows(section, kind, cleaned.get(section.key) or {}, change, audience)
            display.cards.append(Card(title, rows))
        sections.append(display)
    return sections


def request_kind_label(kind: str) -> str:
    try:
        return str(RequestKind(kind).label)
    except ValueError:
        return kind


@dataclass
class AnswerRow:
    question: str
    answer: list[str]
    escalated: bool = False
    change_url: str = ""


def answer_rows(progress: engine.Progress, change_url: Any = None) -> list[AnswerRow]:
    return [
        AnswerRow(
            step.question.text,
            list(step.display),
            step.escalated,
            change_url(step.id) if change_url else "",
        )
        for step in progress.answered
    ]


def jsonable_cleaned(form: forms.Form) -> dict[str, Any]:
    """What is valid of a bound form, JSON-friendly (a list page shows items even if one needs fixing)."""
    cleaned = getattr(form, "cleaned_data", {}) or {}
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in cleaned.items()
    }
