"""Who the contact is about must be known, and outcome, level of need and what is known about the contact must
agree. The rules are data (defaults here,
a council's own in settings.FRONTDOOR_DECISION_RULES), checked when first read. A decision that breaks one is
refused with the rule's reason; a team manager may decide it anyway with a written override."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact

from .levels import level_name

CLOSING = ["nfa", "advice", "signpost"]

# What a rule may ask of the contact, by name
FACTS: dict[str, Callable[[Contact], bool]] = {
    "rated_red": lambda c: c.urgency == Contact.Urgency.RED,
    "police_notification": lambda c: c.channel == "police",
    "dash_high_risk": lambda c: c.dash_risk == Contact.DashRisk.HIGH,
    "children_present": lambda c: (
        c.children_present in (Contact.ChildrenPresent.PRESENT, Contact.ChildrenPresent.WITNESSED)
    ),
    "unborn_child": lambda c: any(child.is_unborn for child in c.children.all()),
}

DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "id": "closing-at-high-need",
        "outcomes": CLOSING,
        "levels": [3, 4],
        "reason": "‘{outcome}’ does not fit {level}: a child with this level of need needs a service. "
        "Choose an outcome that fits, or the level of need that is right.",
    },
    {
        "id": "early-help-at-specialist-need",
        "outcomes": ["early_help"],
        "levels": [4],
        "reason": "‘{outcome}’ does not fit {level}: specialist need calls for children's social care.",
    },
    {
        "id": "referral-at-universal-need",
        "outcomes": ["assessment", "strategy"],
        "levels": [1],
        "reason": "‘{outcome}’ does not fit {level}: a referral to social care means more than universal need.",
    },
    {
        "id": "closing-high-risk-domestic-abuse",
        "outcomes": CLOSING,
        "facts": ["dash_high_risk"],
        "reason": "The police rated the domestic abuse high risk (DASH): ‘{outcome}’ cannot close it.",
    },
    {
        "id": "closing-with-children-present-at-domestic-abuse",
        "outcomes": ["nfa"],
        "facts": ["police_notification", "children_present"],
        "reason": "Children were present at the incident the police told us about: "
        "‘{outcome}’ leaves them without any help.",
    },
    {
        "id": "closing-a-red-contact",
        "outcomes": ["nfa"],
        "facts": ["rated_red"],
        "reason": "This contact is rated Red: ‘{outcome}’ does not fit a risk of significant harm now.",
    },
]


@dataclass(frozen=True)
class Rule:
    id: str
    outcomes: frozenset[str]
    levels: frozenset[int]
    facts: tuple[str, ...]
    reason: str

    def broken_by(self, contact: Contact, outcome: Outcome, level: int | None) -> bool:
        if outcome.value not in self.outcomes:
            return False
        if self.levels and level not in self.levels:
            return False
        return all(FACTS[fact](contact) for fact in self.facts)

    def explain(self, outcome: Outcome, level: int | None) -> str:
        return self.reason.format(outcome=outcome.label, level=level_name(level).replace("Level", "level", 1))


def _rule(raw: dict[str, Any]) -> Rule:
    try:
        rule = Rule(
            id=str(raw["id"]),
            outcomes=frozenset(Outcome(value).value for value in raw["outcomes"]),
            levels=frozenset(int(level) for level in raw.get("levels", ())),
            facts=tuple(raw.get("facts", ())),
            reason=str(raw["reason"]),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"FRONTDOOR_DECISION_RULES: rule {raw!r} is not valid: {error}") from error
    unknown = [fact for fact in rule.facts if fact not in FACTS]
    if unknown or not rule.levels <= {1, 2, 3, 4} or not (rule.levels or rule.facts):
        raise ImproperlyConfigured(
            f"FRONTDOOR_DECISION_RULES: rule {rule.id} needs levels 1–4 or known facts ({', '.join(FACTS)})"
        )
    return rule


@lru_cache(maxsize=4)
def _rules(key: int) -> tuple[Rule, ...]:
    raw = getattr(settings, "FRONTDOOR_DECISION_RULES", DEFAULT_RULES)
    return tuple(_rule(item) for item in raw)


def rules() -> tuple[Rule, ...]:
    return _rules(id(getattr(settings, "FRONTDOOR_DECISION_RULES", DEFAULT_RULES)))


def broken(
    contact: Contact, outcome: Outcome, level: int | None, among: Iterable[Rule] | None = None
) -> list[Rule]:
    """The rules this decision breaks, in the order the council listed them."""
    return [rule for rule in (among or rules()) if rule.broken_by(contact, outcome, level)]


# --- The person is the identity: nobody on a contact is decided about until they are linked ----------------

UNLINKED_PEOPLE = "unlinked-people"


def unlinked_people_reason(contact: Contact) -> str:
    """Empty when every child and adult on the contact is linked to a person record (or recorded as a new
    person); otherwise the reason a decision is refused, saying where to link them."""
    from django.urls import reverse

    from frontdoor.people.queries import unlinked_entries

    unlinked = unlinked_entries(contact)
    if not unlinked:
        return ""
    names = ", ".join(entry.name or entry.role_label for entry in unlinked)
    where = reverse("people:contact_people", args=[contact.pk])
    return (
        f"Not linked to a person record yet: {names}. Before you decide, open ‘Check whether these people "
        f"are already known’ ({where}), search for each of them and link them to their record, or record "
        "them as a new person."
    )
