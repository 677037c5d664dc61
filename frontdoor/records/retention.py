"""The retention schedule: which decided contacts have been kept long enough, and deleting them (ADR 0023).

The schedule is data (settings.FRONTDOOR_RETENTION_SCHEDULE). Every deletion writes an audit event that names
the rule and the reference only, never a child; audit events and the access log are never deleted here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact

# Decided as social care: kept whatever the schedule says (the council's social care schedule applies)
SOCIAL_CARE_OUTCOMES = frozenset(
    {
        Outcome.CHILD_AND_FAMILY_ASSESSMENT,
        Outcome.STRATEGY_DISCUSSION,
        Outcome.ALREADY_OPEN,
        Outcome.LADO,
        Outcome.PRIVATE_FOSTERING,
    }
)

# Every model with a foreign key to a Contact and what happens to its rows when the contact is deleted.
# "explicit": deleted here first (the foreign key protects the contact); "cascade": deleted with the contact;
# "set null": kept, no longer pointing at it; "held": the contact is listed as held, not deleted.
# tests/records/test_retention.py fails when a model is missing.
CONTACT_RECORDS: dict[str, str] = {
    "triage.Referral": "explicit",
    "triage.Decision": "explicit",
    "triage.Conversation": "explicit",
    "triage.AgencyCheck": "explicit",
    "triage.Transfer": "explicit",
    "triage.ContactAttachment": "explicit",
    "intake.ContactChild": "cascade",
    "intake.ContactAdult": "cascade",
    "intake.CallbackRequest": "cascade",
    "screener.Screening": "cascade",
    "screener.ServiceRequest": "cascade",
    "screener.RequestDraft": "set null",
    "triage.StaffNotification": "cascade",
    "people.ContactPerson": "cascade",
    "multiagency.InformationRequest": "cascade",
    "multiagency.StrategyDiscussion": "cascade",
    "multiagency.LeadPractitioner": "cascade",
    "multiagency.FamilyNetworkMember": "cascade",
    "multiagency.FamilyGroupConferenceOffer": "cascade",
    "multiagency.AssessmentHandover": "cascade",
    "multiagency.DecidingWithOpenRequests": "cascade",
    "feedback.StatusLink": "cascade",
    # The break-glass log outlives the contact (it is an access record); a person it names is kept
    "people.BreakGlass": "set null",
    # A case sampled for quality assurance is held: its audit's findings are the council's evidence
    "quality.SampledCase": "held",
}

ACTOR = "retention schedule"


@dataclass
class Rule:
    rule: str
    label: str
    outcomes: frozenset[str]
    years: int


@dataclass
class Due:
    rule: Rule
    references: list[str] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)  # reference, why it cannot be deleted yet


def schedule() -> list[Rule]:
    rules = [
        Rule(r["rule"], r["label"], frozenset(r["outcomes"]), int(r["years"]))
        for r in settings.FRONTDOOR_RETENTION_SCHEDULE
    ]
    for r in rules:
        if r.outcomes & SOCIAL_CARE_OUTCOMES:
            raise ValueError(f"Retention rule {r.rule} would delete social care decisions: they are kept")
    return rules


def _years_after(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _rule_for(contact: Contact, rules: list[Rule], now: datetime.datetime) -> Rule | None:
    decisions = list(contact.decisions.all())
    if not decisions or contact.status != Contact.Status.DECIDED:
        return None
    final = max(decisions, key=lambda d: d.decided_at)
    if final.oversight != final.Oversight.AGREED:
        return None
    outcomes = {d.outcome for d in decisions}
    if outcomes & SOCIAL_CARE_OUTCOMES:
        return None
    decided = final.overseen_at or final.decided_at
    for rule in rules:
        if outcomes <= rule.outcomes:
            return rule if _years_after(decided, rule.years) <= now else None
    return None


def _held_reason(contact: Contact) -> str:
    from frontdoor.multiagency.models import ReplyLinkOpening
    from frontdoor.quality.models import SampledCase

    if SampledCase.objects.filter(contact=contact).exists():
        return "it was sampled for quality assurance, and its audit refers to it"

    if ReplyLinkOpening.objects.filter(request__contact=contact).exists():
        # The reply-link log is append-only and points at the request: a records officer decides
        return "a partner's reply-link log points at its information requests"
    return ""


def due(now: datetime.datetime | None = None) -> list[Due]:
    """What the schedule would delete now, rule by rule."""
    now = now or timezone.now()
    rules = schedule()
    found = {r.rule: Due(r) for r in rules}
    candidates = (
        Contact.objects.filter(status=Contact.Status.DECIDED)
        .exclude(referrals__isnull=False)
        .exclude(Q(assessment_handover__isnull=False))
        .prefetch_related("decisions")
        .order_by("received_at")
    )
    for contact in candidates:
        rule = _rule_for(contact, rules, now)
        if rule is None:
            continue
        reason = _held_reason(contact)
        if reason:
            found[rule.rule].held.append((contact.reference, reason))
        else:
            found[rule.rule].references.append(contact.reference)
    return list(found.values())


def _explicit_models() -> list[Any]:
    from django.apps import apps

    return [apps.get_model(label) for label, how in CONTACT_RECORDS.items() if how == "explicit"]


def _delete_contact(contact: Contact, rule: Rule) -> set[Any]:
    from frontdoor.notify.models import OutboxMessage
    from frontdoor.people.models import ContactPerson
    from frontdoor.triage.models import ContactAttachment

    person_ids = set(
        ContactPerson.objects.filter(contact=contact, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    auditor.record_change(
        actor=None,
        actor_description=ACTOR,
        action="retention.delete_contact",
        obj=contact,
        before=None,
        after=None,
        reason=f"Retention rule {rule.rule}: {rule.label}, kept {rule.years} years after the decision",
    )
    for attachment in ContactAttachment.objects.filter(contact=contact):
        attachment.file.delete(save=False)
    for model in _explicit_models():
        model.objects.filter(contact=contact).delete()
    # Emails about the contact hold names in their body
    OutboxMessage.objects.filter(about_id=str(contact.pk)).delete()
    contact.delete()
    return person_ids


def _delete_orphaned_persons(person_ids: set[Any], rule_names: dict[Any, str]) -> int:
    """Persons the deleted contacts leave with no contact, no merge history, and no relative kept."""
    from frontdoor.people.models import MergeRecord, Person, Relationship

    orphans = set(
        Person.objects.filter(
            pk__in=person_ids,
            contact_links__isnull=True,
            merged_records__isnull=True,
            break_glass_openings__isnull=True,  # the access record of someone opening them is kept
        )
        .exclude(pk__in=MergeRecord.objects.values("survivor_id"))
        .exclude(pk__in=MergeRecord.objects.values("merged_id"))
        .exclude(merged_into__isnull=False)
        .values_list("pk", flat=True)
    )
    changed = True
    while changed:  # a relative still kept keeps the person (they are linked elsewhere)
        changed = False
        for rel in Relationship.objects.filter(Q(person_id__in=orphans) | Q(relative_id__in=orphans)):
            for mine, theirs in ((rel.person_id, rel.relative_id), (rel.relative_id, rel.person_id)):
                if mine in orphans and theirs not in orphans:
                    orphans.discard(mine)
                    changed = True
    for person in Person.objects.filter(pk__in=orphans):
        auditor.record_change(
            actor=None,
            actor_description=ACTOR,
            action="retention.delete_person",
            obj=person,
            before=None,
            after=None,
            reason=f"No contacts left after retention rule {rule_names.get(person.pk, '')}",
        )
        person.delete()
    return len(orphans)


@dataclass
class Applied:
    contacts: dict[str, int]
    persons: int


def apply(now: datetime.datetime | None = None) -> Applied:
    """Delete every contact the schedule says is due, with all its rows, and the persons it leaves alone."""
    counts: dict[str, int] = {}
    persons = 0
    for found in due(now):
        counts[found.rule.rule] = 0
        for reference in found.references:
            with transaction.atomic():
                contact = Contact.objects.select_for_update().get(reference=reference)
                person_ids = _delete_contact(contact, found.rule)
                persons += _delete_orphaned_persons(person_ids, {p: found.rule.rule for p in person_ids})
            counts[found.rule.rule] += 1
    return Applied(counts, persons)
