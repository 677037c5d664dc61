"""Reads for multi-agency working, always scoped to the user's team (through the contact's permissions)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core.codes import Outcome
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision

from .models import (
    AssessmentHandover,
    FamilyGroupConferenceOffer,
    FamilyNetworkMember,
    InformationRequest,
    LeadPractitioner,
    PartnerAgency,
    StrategyDiscussion,
)


@dataclass
class ContactWork:
    requests: list[InformationRequest] = field(default_factory=list)
    discussions: list[StrategyDiscussion] = field(default_factory=list)
    lead_practitioners: list[LeadPractitioner] = field(default_factory=list)
    family_network: list[FamilyNetworkMember] = field(default_factory=list)
    family_group_offers: list[FamilyGroupConferenceOffer] = field(default_factory=list)
    handover: AssessmentHandover | None = None
    strategy_decided_at: datetime | None = None


def work_on_contact(user, contact: Contact) -> ContactWork:  # type: ignore[no-untyped-def]
    """Everything multi-agency about a contact the user may see (the contact page already logged the look)."""
    if not user.has_perm(Permission.VIEW_CONTACT, contact):
        return ContactWork()
    return ContactWork(
        requests=list(
            contact.information_requests.select_related("sent_by", "withdrawn_by").order_by("sent_at")
        ),  # type: ignore[attr-defined]
        discussions=list(
            contact.strategy_discussions.select_related("convened_by", "recorded_by").prefetch_related(  # type: ignore[attr-defined]
                "members", "actions"
            )
        ),
        lead_practitioners=list(contact.lead_practitioners.select_related("allocated_by")),  # type: ignore[attr-defined]
        family_network=list(contact.family_network.all()),  # type: ignore[attr-defined]
        family_group_offers=list(contact.family_group_offers.select_related("recorded_by")),  # type: ignore[attr-defined]
        handover=AssessmentHandover.objects.select_related("receiving_team", "accepted_by")
        .filter(contact=contact)
        .first(),
        strategy_decided_at=Decision.objects.filter(contact=contact, outcome=Outcome.STRATEGY_DISCUSSION)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first(),
    )


def open_requests(contact: Contact) -> list[InformationRequest]:
    return list(InformationRequest.objects.filter(contact=contact, status__in=InformationRequest.OPEN))


def request_for(user, contact: Contact, request_id: uuid.UUID) -> InformationRequest:  # type: ignore[no-untyped-def]
    request = (
        InformationRequest.objects.select_related("contact", "agency")
        .filter(pk=request_id, contact=contact)
        .first()
    )
    if request is None or not user.has_perm(Permission.VIEW_CONTACT, request.contact):
        raise Http404
    return request


def discussion_for(user, contact: Contact, discussion_id: uuid.UUID) -> StrategyDiscussion:  # type: ignore[no-untyped-def]
    discussion = (
        StrategyDiscussion.objects.select_related("contact")
        .prefetch_related(Prefetch("members"))
        .filter(pk=discussion_id, contact=contact)
        .first()
    )
    if discussion is None or not user.has_perm(Permission.VIEW_CONTACT, discussion.contact):
        raise Http404
    return discussion


def overdue_requests_for(user) -> QuerySet[InformationRequest]:  # type: ignore[no-untyped-def]
    """A team manager's own team's requests past their due time and still unanswered, longest overdue first."""
    if not user.has_perm(Permission.VIEW_OVERDUE_REQUESTS) or not user.team_id:
        return InformationRequest.objects.none()
    return (
        InformationRequest.objects.select_related("contact", "sent_by")
        .filter(contact__team_id=user.team_id, status__in=InformationRequest.OPEN, due_at__lte=timezone.now())
        .order_by("due_at")
    )


def active_agencies() -> QuerySet[PartnerAgency]:
    return PartnerAgency.objects.filter(active=True).order_by("name")


def agencies_by_ids(ids: list[str]) -> list[PartnerAgency]:
    return list(PartnerAgency.objects.filter(pk__in=ids).order_by("name"))


def all_agencies(user) -> QuerySet[PartnerAgency]:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.MANAGE_PARTNER_AGENCIES):
        return PartnerAgency.objects.none()
    return PartnerAgency.objects.order_by("name")


def assessing_teams() -> QuerySet[Team]:
    return Team.objects.filter(kind=Team.Kind.SOCIAL_CARE).order_by("name")


def handovers_waiting_for(user) -> QuerySet[AssessmentHandover]:  # type: ignore[no-untyped-def]
    if not user.team_id:
        return AssessmentHandover.objects.none()
    return (
        AssessmentHandover.objects.select_related("contact", "handed_over_by")
        .prefetch_related("contact__family_network", "contact__lead_practitioners")
        .filter(receiving_team_id=user.team_id, accepted_by__isnull=True)
        .order_by("assessment_due_at")
    )


def handover_for(user, handover_id: uuid.UUID) -> AssessmentHandover:  # type: ignore[no-untyped-def]
    handover = AssessmentHandover.objects.select_related("contact").filter(pk=handover_id).first()
    if handover is None or not user.has_perm(Permission.ACCEPT_HANDOVER, handover):
        raise Http404
    return handover


@dataclass(frozen=True)
class ChildForPartner:
    name: str
    date_of_birth: object
    nhs_number: str  # the consistent child identifier, when the child is linked to a person record


def children_for_partner(request: InformationRequest) -> list[ChildForPartner]:
    """Only what the partner needs to find the child in their records: name, date of birth and NHS number."""
    from frontdoor.people.models import ContactPerson

    nhs = dict(
        ContactPerson.objects.filter(contact_id=request.contact_id, contact_child__isnull=False)
        .exclude(person__isnull=True)
        .values_list("contact_child_id", "person__nhs_number")
    )
    return [
        ChildForPartner(child.full_name.strip(), child.date_of_birth, nhs.get(child.pk) or "")
        for child in request.contact.children.all()  # type: ignore[attr-defined]
    ]
