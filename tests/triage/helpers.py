"""Builders for workspace tests."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.triage import services


def notes(**overrides):
    now = timezone.now()
    values = {
        "started_at": now - timedelta(minutes=20),
        "ended_at": now - timedelta(minutes=5),
        "participants": "Rita Referrer (teacher), the social worker",
        "worries": "Bruise on the cheek; frightened to go home.",
        "working_well": "Good attendance; a trusted teacher.",
        "needs_to_happen": "Speak to mum today.",
        "safety_scale": 3,
    }
    values.update(overrides)
    return services.ConversationNotes(**values)


def decide(contact, user, outcome=Outcome.CHILD_AND_FAMILY_ASSESSMENT, link=True, **overrides):
    """Record a decision. ``link`` (the default) first links anyone added to the contact since it was made
    (children and adults must be linked to a person before a decision)."""
    if link:
        from tests.conftest import link_people

        link_people(contact)
    contact.refresh_from_db()
    values = {
        "contact": contact,
        "user": user,
        "outcome": outcome,
        "rationale": "Weighed the worries against what is working well.",
        "version": contact.version,
        "level_of_need": 4 if outcome.is_social_care_referral else 2,
        "primary_need": "N1" if outcome.is_social_care_referral else "",
    }
    values.update(overrides)
    return services.record_decision(**values)


def oversee(decision, manager, agree=True, comment=""):
    decision.contact.refresh_from_db()
    return services.record_oversight(
        decision=decision, user=manager, agree=agree, comment=comment, version=decision.contact.version
    )


def actions(contact) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(contact.pk)).order_by("at").values_list("action", flat=True)
    )


def born(years_ago: int = 6) -> date:
    return timezone.localdate() - timedelta(days=365 * years_ago)


def at(y, m, d, hh=10, mm=0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo("Europe/London"))
