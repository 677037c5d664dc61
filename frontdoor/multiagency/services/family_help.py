"""Family Help with a lead practitioner, the family network, the family group decision-making offer, and the
handover of a referral to the team that assesses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision

from .. import timescales
from ..models import AssessmentHandover, FamilyGroupConferenceOffer, FamilyNetworkMember, LeadPractitioner


@dataclass(frozen=True)
class LeadPractitionerDetails:
    name: str
    organisation: str
    level: str
    handover_on: date
    email: str = ""
    phone: str = ""


def _latest_decision(contact: Contact) -> Decision | None:
    return Decision.objects.filter(contact=contact).order_by("-decided_at").first()


def allocate_lead_practitioner(
    *, contact: Contact, user, details: LeadPractitionerDetails
) -> LeadPractitioner:  # type: ignore[no-untyped-def]
    """A contact decided for Family Help gets a named lead practitioner; a new one replaces the last."""
    if not user.has_perm(Permission.ARRANGE_FAMILY_HELP, contact):
        raise PermissionDenied
    decision = _latest_decision(contact)
    if decision is None or decision.outcome != Outcome.EARLY_HELP:
        raise Refused(
            "A lead practitioner is for a contact decided for early help (Family Help). Record that decision first."
        )
    if not details.name.strip() or not details.organisation.strip():
        raise Refused("Enter the lead practitioner's name and their team or agency")
    if details.level not in timescales.family_help_levels():
        raise Refused("Select the family's level of need")
    if details.handover_on < timezone.localtime(decision.decided_at).date():
        raise Refused("The handover date cannot be before the decision")
    with transaction.atomic():
        now = timezone.now()
        previous = list(LeadPractitioner.objects.filter(contact=contact, ended_at__isnull=True))
        LeadPractitioner.objects.filter(pk__in=[p.pk for p in previous]).update(ended_at=now)
        lead = LeadPractitioner.objects.create(
            contact=contact,
            name=details.name.strip(),
            organisation=details.organisation.strip(),
            email=details.email.strip(),
            phone=details.phone.strip(),
            level=details.level,
            handover_on=details.handover_on,
            allocated_by=user,
            allocated_at=now,
        )
        auditor.record_change(
            actor=user,
            action="family_help.lead_practitioner_allocated",
            obj=contact,
            before={"lead_practitioner": str(previous[0]) if previous else None},
            after={**auditor.snapshot(lead, ["id", "name", "organisation", "level", "handover_on"])},
        )
    return lead


@dataclass(frozen=True)
class NetworkMemberDetails:
    name: str
    relationship: str
    contact_details: str = ""


def add_family_network_member(
    *, contact: Contact, user, details: NetworkMemberDetails
) -> FamilyNetworkMember:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.ARRANGE_FAMILY_HELP, contact):
        raise PermissionDenied
    if not details.name.strip() or not details.relationship.strip():
        raise Refused("Enter the person's name and their relationship to the family")
    with transaction.atomic():
        member = FamilyNetworkMember.objects.create(
            contact=contact,
            name=details.name.strip(),
            relationship=details.relationship.strip(),
            contact_details=details.contact_details.strip(),
            added_by=user,
            added_at=timezone.now(),
        )
        auditor.record_change(
            actor=user,
            action="family_network.member_added",
            obj=contact,
            before=None,
            after=auditor.snapshot(member, ["id", "name", "relationship"]),
        )
    return member


@dataclass(frozen=True)
class FamilyGroupOffer:
    offered_on: date
    response: str
    notes: str = ""


def record_family_group_offer(
    *, contact: Contact, user, offer: FamilyGroupOffer
) -> FamilyGroupConferenceOffer:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.ARRANGE_FAMILY_HELP, contact):
        raise PermissionDenied
    if offer.offered_on > timezone.localdate():
        raise Refused("The date of the offer cannot be in the future")
    if offer.response not in FamilyGroupConferenceOffer.Response.values:
        raise Refused("Select the family's answer")
    with transaction.atomic():
        record = FamilyGroupConferenceOffer.objects.create(
            contact=contact,
            offered_on=offer.offered_on,
            response=offer.response,
            notes=offer.notes.strip(),
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        auditor.record_change(
            actor=user,
            action="family_group_offer.recorded",
            obj=contact,
            before=None,
            after=auditor.snapshot(record, ["id", "offered_on", "response"]),
        )
    return record


def hand_over_for_assessment(*, contact: Contact, user, receiving_team: Team) -> AssessmentHandover:  # type: ignore[no-untyped-def]
    """A referral to assessment goes to the team that will assess; the assessment is due 45 working days
    from the referral (the contact's receipt)."""
    if not user.has_perm(Permission.DECIDE_CONTACT, contact):
        raise PermissionDenied
    decision = _latest_decision(contact)
    if decision is None or decision.outcome not in (
        Outcome.CHILD_AND_FAMILY_ASSESSMENT,
        Outcome.STRATEGY_DISCUSSION,
    ):
        raise Refused("Only a contact decided for assessment can be handed over for assessment")
    if receiving_team.kind != Team.Kind.SOCIAL_CARE:
        raise Refused("Select a children's social care team to assess")
    if AssessmentHandover.objects.filter(contact=contact).exists():
        raise Refused("This referral has already been handed over. Nothing was changed.")
    with transaction.atomic():
        now = timezone.now()
        handover = AssessmentHandover.objects.create(
            contact=contact,
            receiving_team=receiving_team,
            referral_at=contact.received_at,
            assessment_due_at=timescales.assessment_due(contact.received_at),
            handed_over_by=user,
            handed_over_at=now,
        )
        auditor.record_change(
            actor=user,
            action="assessment.handed_over",
            obj=contact,
            before=None,
            after=auditor.snapshot(handover, ["id", "receiving_team_id", "assessment_due_at"]),
        )
    return handover


def accept_handover(*, handover: AssessmentHandover, user) -> AssessmentHandover:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.ACCEPT_HANDOVER, handover):
        raise PermissionDenied
    with transaction.atomic():
        accepted = AssessmentHandover.objects.filter(pk=handover.pk, accepted_by__isnull=True).update(
            accepted_by=user, accepted_at=timezone.now()
        )
        if not accepted:
            raise Refused("Someone in your team has already accepted this referral.")
        handover.refresh_from_db()
        auditor.record_change(
            actor=user,
            action="assessment.accepted",
            obj=handover.contact,
            before={"handover_id": str(handover.pk), "accepted_by_id": None},
            after={"handover_id": str(handover.pk), "accepted_by_id": str(user.pk)},
        )
    return handover
