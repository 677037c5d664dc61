"""A Contact: one concern about one or more children, however it reached the front door."""

import uuid

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Team
from frontdoor.core.codes import Channel, ReferralSource, choices


class Agency(models.Model):
    """An organisation that refers children to the front door (a school, a GP practice, a police unit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    referral_source = models.CharField(max_length=3, choices=choices(ReferralSource))

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Referrer(models.Model):
    """Someone who has referred before, so that the next contact from them is logged in seconds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrers"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    referral_source = models.CharField(max_length=3, choices=choices(ReferralSource))
    last_contact_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """One concern about one or more children. Its states, the events that move it and who may fire them
    are the table in frontdoor/triage/lifecycle.py; only `lifecycle.change()` moves a contact."""

    class Status(models.TextChoices):
        OPEN = "open", "New"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_OVERSIGHT = "awaiting_oversight", "Awaiting management oversight"
        DECIDED = "decided", "Decided"

    class Urgency(models.IntegerChoices):
        # The RAG rating: the order is the queue's sort order
        RED = 1, "Red – risk of significant harm now"
        AMBER = 2, "Amber – worrying, needs a decision today"
        GREEN = 3, "Green – lower risk"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="contacts")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.AMBER)
    channel = models.CharField(max_length=10, choices=choices(Channel))
    received_at = models.DateTimeField()
    decision_due_at = models.DateTimeField()
    concern = models.TextField()
    referrer = models.ForeignKey(
        Referrer, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    referrer_name = models.CharField(max_length=200)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referral_source = models.CharField(max_length=3, choices=choices(ReferralSource))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    # Recognises a repeated submit of the same form (double-click, back and resubmit)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    # Bumped on every change, so that a stale form cannot overwrite a newer version
    version = models.PositiveIntegerField(default=1)
    # Why the received time was corrected (an overnight police notification logged in the morning)
    received_at_reason = models.TextField(blank=True)
    # Where the children live, as the referrer gave it
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    # A police notification (domestic abuse): what the police told us
    class DashRisk(models.TextChoices):
        STANDARD = "standard", "Standard"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class ChildrenPresent(models.TextChoices):
        PRESENT = "present", "Present"
        WITNESSED = "witnessed", "Present and witnessed it"
        NOT_PRESENT = "not_present", "Not present"
        NOT_KNOWN = "not_known", "Not known"

    class Consent(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        NOT_SOUGHT = "not_sought", "Not sought (a safeguarding reason)"

    police_occurrence_number = models.CharField(max_length=50, blank=True)
    dash_risk = models.CharField(max_length=10, choices=DashRisk.choices, blank=True)
    children_present = models.CharField(max_length=12, choices=ChildrenPresent.choices, blank=True)
    operation_encompass = models.BooleanField(null=True, blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices, blank=True)
    parents_know = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["received_at"]
        indexes = [
            models.Index(fields=["team", "status", "received_at"]),
            models.Index(fields=["team", "status", "urgency", "decision_due_at"]),
            # The queue: a team's contacts awaiting a decision in the queue's order, so its first page is read
            # from the index instead of sorting every waiting contact (10,000 in a large council)
            models.Index(
                fields=["team", "urgency", "decision_due_at", "received_at"],
                condition=models.Q(status__in=["open", "in_progress"]),
                name="intake_contact_queue_idx",
            ),
        ]
        constraints = [
            # Someone holds every contact in progress or awaiting oversight (triage.lifecycle keeps it so)
            models.CheckConstraint(
                condition=~models.Q(status__in=["in_progress", "awaiting_oversight"])
                | models.Q(allocated_to__isnull=False),
                name="contact_in_progress_is_allocated",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_awaiting_decision(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)


class ContactChild(models.Model):
    """A child the contact is about, as the referrer described them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="children")
    given_name = models.CharField(max_length=100, blank=True)  # an unborn child may have no name yet
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)  # an unborn child

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # The staff queue names children the same way in SQL (frontdoor/triage/queries.py, _CHILD_NAME)
        if self.is_unborn and not self.given_name:
            return f"Unborn baby {self.family_name}".strip()
        return f"{self.given_name} {self.family_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class ContactAdult(models.Model):
    """An adult involved: a parent or carer, someone in the household, the person alleged to cause harm."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="adults")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CallbackRequest(models.Model):
    """No social worker was free when the referrer called: one will call them back."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="callbacks")
    phone = models.CharField(max_length=40)
    notes = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"Call back {self.phone} about {self.contact}"
