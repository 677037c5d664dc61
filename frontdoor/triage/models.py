import uuid

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Team
from frontdoor.core.codes import Outcome, PrimaryNeed, ReferralSource, choices
from frontdoor.intake.models import Contact, ContactChild

from .attachments import attachment_storage


class Decision(models.Model):
    """What the front door decided about a contact, and why; final once a team manager agrees."""

    class Oversight(models.TextChoices):
        PENDING = "pending", "Awaiting management oversight"
        AGREED = "agreed", "Agreed by a manager"
        RETURNED = "returned", "Returned by a manager"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=choices(Outcome))
    rationale = models.TextField()
    # 1–4, named by settings.FRONTDOOR_LEVELS_OF_NEED
    level_of_need = models.PositiveSmallIntegerField(null=True, blank=True)
    primary_need = models.CharField(max_length=3, choices=choices(PrimaryNeed), blank=True)
    next_step = models.TextField(blank=True)
    next_step_by = models.CharField(max_length=200, blank=True)
    # Ids of the directory services the worker suggested to the family; they go in the outcome email
    suggested_services = models.JSONField(default=list, blank=True)
    # Consistency rules (triage.decision_rules) a team manager decided past, and why
    rules_overridden = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    oversight = models.CharField(max_length=10, choices=Oversight.choices, default=Oversight.PENDING)
    overseen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overseen_at = models.DateTimeField(null=True, blank=True)
    oversight_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [
            models.Index(fields=["oversight", "decided_at"]),
            # A contact's final decision (the latest agreed one) is looked up per contact: without this SQLite
            # scans every agreed decision for each contact (the dashboard took 5-10 s at 2,000 contacts)
            models.Index(fields=["contact", "oversight", "decided_at"], name="triage_decision_final_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_label} ({self.contact})"

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def level_of_need_label(self) -> str:
        from .levels import level_name

        return level_name(self.level_of_need)


class Conversation(models.Model):
    """A social worker talking the concern through with the referrer (and anyone else who took part)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="conversations")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    participants = models.TextField()
    worries = models.TextField(blank=True)
    working_well = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    # Signs of Safety scale: 0 = the child will be harmed, 10 = safe enough to close
    safety_scale = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    submission_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"Conversation about {self.contact} at {self.started_at:%Y-%m-%d %H:%M}"


class AgencyCheck(models.Model):
    """Information gathered from another agency, and the lawful basis for asking."""

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "Consent from the parent or carer"
        SAFEGUARDING = "safeguarding", "Safeguarding of children and individuals at risk (DPA 2018)"
        STATUTORY = "statutory", "Statutory duty (Children Act 1989, sections 17 and 47)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="agency_checks")
    agency = models.CharField(max_length=200)
    asked = models.TextField()
    response = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    parents_told = models.BooleanField()
    reason_parents_not_told = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    # Asking without the parents' knowledge needs a team manager's authorisation, with reasons
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorisation_note = models.TextField(blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"Information from {self.agency} about {self.contact}"

    @property
    def needs_authorisation(self) -> bool:
        return not self.parents_told and self.authorised_by_id is None


class Transfer(models.Model):
    """A contact passed between the social care and early help front doors, with the reason."""

    class Direction(models.TextChoices):
        STEP_UP = "step_up", "Step up to children's social care"
        STEP_DOWN = "step_down", "Step down to early help"
        SIDEWAYS = "sideways", "Passed to another team"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="transfers")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    reason = models.TextField()
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    transferred_at = models.DateTimeField()

    class Meta:
        ordering = ["transferred_at"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.contact}"


class Referral(models.Model):
    """A referral to children's social care: one per child per agreed social-care-referral decision.
    Shaped for the CIN census (CINreferralDate, ReferralSource, PrimaryNeedCode, ReferralNFA)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(ContactChild, on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="referrals")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    referral_date = models.DateField(db_index=True)
    source = models.CharField(max_length=3, choices=choices(ReferralSource))
    primary_need = models.CharField(max_length=3, choices=choices(PrimaryNeed))
    # Set later if the referral ends with no further action (CIN ReferralNFA)
    nfa = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-referral_date"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "child"], name="one_referral_per_child_per_decision")
        ]

    def __str__(self) -> str:
        return f"Referral of {self.child} on {self.referral_date}"


class StaffNotification(models.Model):
    """Something a member of staff needs to know, in their inbox until they read it."""

    class Kind(models.TextChoices):
        ALLOCATED = "allocated", "Allocated to you"
        DECISION_RETURNED = "decision_returned", "Decision returned to you"
        TRANSFER_RECEIVED = "transfer_received", "Contact passed to your team"
        RED_UNCLAIMED = "red_unclaimed", "Red contact not claimed"
        URGENCY_RAISED = "urgency_raised", "Contact rated Red"
        AGENCY_REPLY = "agency_reply", "Agency replied"
        EMAIL_FAILED = "email_failed", "Email not delivered"
        BREAK_GLASS = "break_glass", "Your team's record opened by another team"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="staff_notifications"
    )
    # Never the concern's detail: the reference and what happened
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # The same alert to the same person once only (for example a Red contact unclaimed)
    dedupe_key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.text


class CaseloadLimit(models.Model):
    """A team's soft limit on open contacts per worker: over it, a manager is warned, never stopped."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="caseload_limit")
    open_contacts = models.PositiveSmallIntegerField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.team}: {self.open_contacts}"


class ContactAttachment(models.Model):
    """A file on a contact: PDF or image, checked by content, stored under a random name (triage.attachments)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=attachment_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
