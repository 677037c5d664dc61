"""The outbox: messages written in the same transaction as the change that causes them."""

import uuid

from django.db import models


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "Webhook"
        CSC_API = "csc_api", "DfE children's social care API"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # How it travels: each channel has its own backend; claims, leases, retries and keys are the same for all
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL, db_index=True)
    # The webhook subscription or DfE push the message is for (blank for email)
    recipient_id = models.CharField(max_length=64, blank=True, db_index=True)
    # Also the reference given to the provider, so a resend after a crash can be recognised
    idempotency_key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=60, help_text="What the message is, e.g. outcome or acknowledgement.")
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The contact (or other record) the message is about, for staff to see its delivery
    about_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which claim holds the message: a worker saves its result only while its own claim stands
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=120, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try at delivering a message: when, what the other side answered, how long it took. Staff see them
    for webhooks and the DfE push (docs/adr/0022)."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        RETRY = "retry", "Will be tried again"
        FAILED = "failed", "Failed: not tried again"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="delivery_attempts")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    detail = models.TextField(blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["message", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.message_id}: {self.outcome}"
