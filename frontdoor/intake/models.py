"""A Contact: one concern about one or more children, however it reached the front door."""

import uuid

from django.db import models

from frontdoor.accounts.models import Team
from frontdoor.core.codes import Channel, ReferralSource, choices


class Contact(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Awaiting decision"
        DECIDED = "decided", "Decided"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="contacts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    channel = models.CharField(max_length=10, choices=choices(Channel))
    received_at = models.DateTimeField()
    decision_due_at = models.DateTimeField()
    concern = models.TextField()
    referrer_name = models.CharField(max_length=200)
    referrer_email = models.EmailField(blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referral_source = models.CharField(max_length=3, choices=choices(ReferralSource))
    # Recognises a repeated submit of the same form (double-click, back and resubmit)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    # Bumped on every change, so that a stale form cannot overwrite a newer version
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["received_at"]
        indexes = [models.Index(fields=["team", "status", "received_at"])]

    def __str__(self) -> str:
        return self.reference


class ContactChild(models.Model):
    """A child the contact is about, as the referrer described them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="children")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
