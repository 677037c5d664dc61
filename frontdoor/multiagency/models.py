"""Multi-agency working on a contact: information requests to partner agencies and their replies, strategy
discussions, Family Help with a lead practitioner, and the handover of a referral to assessment. Every record
hangs off the triage Contact by foreign key; services are the only writers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core.models import AppendOnlyModel
from frontdoor.intake.models import Contact


class PartnerAgency(models.Model):
    """A partner the front door asks for information (the council keeps this list)."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH_VISITING = "health_visiting", "Health visiting"
        GP = "gp", "GP"
        SCHOOL = "school", "School or education"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent of the parents (or the young person)"
    DUTY_TO_SHARE = "duty_to_share", "Duty to share (Children's Wellbeing and Schools Act 2026, section 4)"
    SAFEGUARDING = "safeguarding", "Safeguarding without consent (risk of significant harm)"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (Children Act 1989)"


class InformationRequest(models.Model):
    """A question to one partner agency about a contact, with its own due time and a single-use reply link."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        OVERDUE = "overdue", "Overdue"
        REPLIED = "replied", "Replied"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Reply(models.TextChoices):
        SHARED = "shared", "Information shared"
        NOT_SHARED = "not_shared", "Not shared: sharing would be more detrimental to the child"

    OPEN = (Status.SENT, Status.OVERDUE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="information_requests")
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="requests")
    agency_name = models.CharField(max_length=200)  # as it was when asked
    agency_kind = models.CharField(max_length=30, choices=PartnerAgency.Kind.choices)
    sent_to_name = models.CharField(max_length=200, blank=True)
    sent_to_email = models.EmailField()
    question = models.TextField()
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    due_at = models.DateTimeField()
    timescale = models.CharField(max_length=40)  # "4 hours", "1 working day": what the due time came from
    # The link: only a hash of the token is stored (a chase or a fresh link replaces it)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    link_expires_at = models.DateTimeField()
    link_revoked_at = models.DateTimeField(null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    reply = models.CharField(max_length=20, choices=Reply.choices, blank=True)
    reply_text = models.TextField(blank=True)
    not_shared_reason = models.TextField(blank=True)
    replied_by_name = models.CharField(max_length=200, blank=True)
    replied_by_role = models.CharField(max_length=200, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["sent_at", "agency_name"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"Request to {self.agency_name} about {self.contact}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OVERDUE or (
            self.status == self.Status.SENT and self.due_at <= timezone.now()
        )

    @property
    def replied_in_time(self) -> bool:
        return bool(self.replied_at and self.replied_at <= self.due_at)


class ReplyLinkOpening(AppendOnlyModel):
    """Every time anyone opens or uses a reply link, good or bad (the partner has no account to log)."""

    class Result(models.TextChoices):
        OPENED = "opened", "Opened"
        REPLIED = "replied", "Reply sent"
        UNKNOWN = "unknown", "Unknown or tampered link"
        USED = "used", "Link already used"
        EXPIRED = "expired", "Link expired"
        REVOKED = "revoked", "Link revoked"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(db_index=True)
    request = models.ForeignKey(
        InformationRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="openings"
    )
    result = models.CharField(max_length=20, choices=Result.choices)
    method = models.CharField(max_length=10)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_result_display()} at {self.at:%Y-%m-%d %H:%M}"


class StrategyDiscussion(models.Model):
    """A strategy discussion (Working Together 2023) with the multi-agency child protection team."""

    class HowHeld(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"

    class Result(models.TextChoices):
        SINGLE_AGENCY_S47 = "s47_single", "Section 47 enquiry, single agency (social care)"
        JOINT_S47 = "s47_joint", "Section 47 enquiry, joint with the police"
        NO_S47 = "no_s47", "No section 47 enquiry"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="strategy_discussions")
    needed_since = models.DateTimeField()  # when the decision to hold one was made: the timer starts here
    due_by = models.DateTimeField()
    scheduled_for = models.DateTimeField()
    how_held = models.CharField(max_length=20, choices=HowHeld.choices)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    convened_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    information_shared = models.TextField(blank=True)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    instead = models.TextField(blank=True)  # with no section 47: what happens instead
    missing_members_reason = models.TextField(blank=True)
    conference_due_by = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["scheduled_for"]

    def __str__(self) -> str:
        return f"Strategy discussion for {self.contact}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def held_in_time(self) -> bool:
        return bool(self.held_at and self.held_at <= self.due_by)


class MemberAgency(models.TextChoices):
    """The multi-agency child protection team must have at least police, health, education and social work."""

    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    SOCIAL_WORK = "social_work", "Social work"
    OTHER = "other", "Other"


REQUIRED_MEMBERS = (
    MemberAgency.POLICE,
    MemberAgency.HEALTH,
    MemberAgency.EDUCATION,
    MemberAgency.SOCIAL_WORK,
)


class StrategyMember(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=20, choices=MemberAgency.choices)
    organisation = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(null=True)  # None until the discussion is recorded

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class StrategyAction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=1000)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.action


class LeadPractitioner(models.Model):
    """The named person who leads Family Help for the family, in a Family Help team or a partner agency."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="lead_practitioners")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    level = models.CharField(max_length=100)  # the level of need on the council's Family Help scale
    handover_on = models.DateField()
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)  # replaced by another lead practitioner

    class Meta:
        ordering = ["-allocated_at"]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class FamilyNetworkMember(models.Model):
    """Someone the family names as support; carried with the referral."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="family_network")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=200)
    contact_details = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class FamilyGroupConferenceOffer(models.Model):
    """An offer of a family group decision-making meeting (Children's Wellbeing and Schools Act 2026, s1)."""

    class Response(models.TextChoices):
        WAITING = "waiting", "Waiting for the family's answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="family_group_offers")
    offered_on = models.DateField()
    response = models.CharField(max_length=20, choices=Response.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-offered_on"]

    def __str__(self) -> str:
        return f"Family group decision-making offered {self.offered_on}"


class AssessmentHandover(models.Model):
    """A referral to assessment, passed to the team that will assess and accepted by it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="assessment_handover")
    receiving_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    referral_at = models.DateTimeField()
    assessment_due_at = models.DateTimeField()
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_over_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Handover of {self.contact} to {self.receiving_team}"


class DecidingWithOpenRequests(models.Model):
    """The worker's reason for deciding while information requests are still unanswered (seen at oversight)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="decided_with_open_requests")
    reason = models.TextField()
    agencies = models.CharField(max_length=1000)  # the agencies still to answer, as they were then
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Deciding before {self.agencies} answer"
