"""The screener's records: council definition versions, each contact's screening and request, drafts.

The engine (``engine/``) is pure Python; these models keep what it needs between requests and what a contact
must keep to be explained later (rule 4 of the house: the version and the answers it was screened with).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.intake.models import Contact


class RequestKind(models.TextChoices):
    CSC = "csc", "Request for service (children's social care)"
    EARLY_HELP = "early_help", "Request for early help"


class DefinitionVersion(models.Model):
    """One uploaded version of a council's screener definition (the YAML text, as uploaded).

    Only a definition with no problems is ever stored, and the check runs again before one goes live.
    At most one version is live; earlier versions are kept, because contacts point at the one they used.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.CharField(max_length=200)
    version = models.CharField(max_length=100)
    title = models.CharField(max_length=300, blank=True)
    yaml_text = models.TextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    is_live = models.BooleanField(default=False)
    made_live_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="screener_one_council_version"),
            models.UniqueConstraint(
                fields=["is_live"], condition=Q(is_live=True), name="screener_one_live_definition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.version}"


class Screening(models.Model):
    """The screener answers a contact came with, the route they led to and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="screening")
    definition = models.ForeignKey(DefinitionVersion, on_delete=models.PROTECT, related_name="screenings")
    definition_version = models.CharField(max_length=100)
    answers = models.JSONField()
    route = models.CharField(max_length=30)
    reasons = models.JSONField(default=list)
    path = models.JSONField(default=list)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    level_name = models.CharField(max_length=100, blank=True)
    escalated = models.BooleanField(default=False)
    screened_on = models.DateField()

    def __str__(self) -> str:
        return f"Screening for {self.contact}"


class ServiceRequest(models.Model):
    """The request for service or for early help sent with a contact: everything the form asked, as JSON,
    and the answers a worker looks for first as columns."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="service_request")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    data = models.JSONField()
    children_count = models.PositiveSmallIntegerField()
    safe_tonight = models.CharField(max_length=20, blank=True)
    family_consents = models.BooleanField(null=True, blank=True)
    parents_know = models.CharField(max_length=20, blank=True)
    parents_agree = models.CharField(max_length=20, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    submitted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.contact}"


class RequestDraft(models.Model):
    """A request saved to finish later. The emailed link carries a random token; only its hash is kept,
    it works once, and the draft is useless after ``expires_at``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    definition = models.ForeignKey(DefinitionVersion, on_delete=models.PROTECT, related_name="drafts")
    answers = models.JSONField()
    data = models.JSONField()
    referrer_email = models.EmailField()
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField()
    saved_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)
    submitted = models.BooleanField(default=False)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Draft {self.get_kind_display()} ({self.pk})"


class EmergencyRouteCount(models.Model):
    """The emergency route (call 999) stores nothing about the child: only how many times a day it is shown."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.count}"
