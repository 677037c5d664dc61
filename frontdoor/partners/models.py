"""Partner systems (docs/adr/0022): their API tokens (stored hashed), every call they make, their webhook
subscriptions, and the DfE children's social care pushes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Team
from frontdoor.core.models import AppendOnlyModel


class Scope(models.TextChoices):
    CONTACTS_READ = "contacts:read", "Read the team's contacts"
    DECISIONS_READ = "decisions:read", "Read the decisions on the team's contacts"


class Partner(models.Model):
    """Another organisation's system that reads one team's cases (a health trust's safeguarding system)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="partners")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerToken(models.Model):
    """A bearer token. Only its SHA-256 is kept (the token is random, 256 bits: no salt or slow hash needed);
    the prefix lets staff tell tokens apart."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The staff form's key: a double submit never issues a second token
    submission_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.partner} {self.prefix}…"


class PartnerCall(AppendOnlyModel):
    """One call to the partner API, allowed or refused: who, what, when, and which contacts it showed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(db_index=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    token = models.ForeignKey(PartnerToken, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    contact_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class WebhookEvent(models.TextChoices):
    CONTACT_RECEIVED = "contact.received", "A contact was received"
    CONTACT_DECIDED = "contact.decided", "A decision was recorded on a contact"
    CONTACT_STEPPED_UP = "contact.stepped_up", "A contact was stepped up to children's social care"
    CONTACT_STEPPED_DOWN = "contact.stepped_down", "A contact was stepped down to early help"


class WebhookSubscription(models.Model):
    """Where a partner wants to hear about its team's contacts, and the secret its receiver checks."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="subscriptions")
    url = models.URLField(max_length=500)
    # Kept as it is: signing needs it. Shown once, when the subscription is made.
    secret = models.CharField(max_length=100)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["partner", "url"]

    def __str__(self) -> str:
        return f"{self.partner} → {self.url}"


class CscPush(models.Model):
    """One daily push to the DfE's children's social care API: which records it carried (and their
    fingerprints, so the next push sends only what changed) and how it went."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to send"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected for its fields"
        FAILED = "failed", "Not delivered"
        EMPTY = "empty", "Nothing had changed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # child id -> fingerprint of every record the DfE holds once this push is accepted (the next push's baseline)
    fingerprints = models.JSONField(default=dict)
    # child id -> fingerprint of the records this push carries
    sent = models.JSONField(default=dict)
    # child id -> fingerprint of records the DfE refused: not sent again until they change
    held = models.JSONField(default=dict)
    record_count = models.PositiveIntegerField(default=0)
    # The receiver's field errors when it rejected the push, as it gave them
    field_errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"CSC push {self.created_at:%Y-%m-%d %H:%M} ({self.status})"
