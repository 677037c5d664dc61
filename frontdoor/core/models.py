"""The audit trail: every write to a child's record, and every time staff open one. Append-only."""

import uuid

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("Audit records cannot be changed.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("Audit records cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise AppendOnlyError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("Audit records cannot be deleted.")


class ChainedEvent(AppendOnlyModel):
    """An event in a tamper-evident chain: each carries a keyed digest of itself and of the event before it,
    so a changed, removed or inserted event breaks the chain at that point (``manage.py verify_audit``). The
    IP address and a hash of the session key say where the event came from (docs/adr/0020)."""

    sequence = models.PositiveBigIntegerField(unique=True)
    previous_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    session_hash = models.CharField(max_length=64, blank=True)

    # The fields the digest covers, in order (the chain fields themselves are added by frontdoor.core.chain)
    CHAINED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self._state.adding and (self.sequence is None or not self.digest):
            raise AppendOnlyError(
                "Write audit and access events through frontdoor.core.auditor (it chains them)."
            )
        super().save(*args, **kwargs)


class AuditEvent(ChainedEvent):
    """One write to a contact, person or decision: who, what, when, why, and the record before and after."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when there is no signed-in actor, e.g. "public online form" or "outbox worker"
    actor_description = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, db_index=True)
    object_reference = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    CHAINED_FIELDS = (
        "id", "at", "actor_id", "actor_description", "action", "object_type", "object_id", "object_reference",
        "reason", "before", "after", "ip_address", "session_hash",
    )  # fmt: skip

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} on {self.object_type} {self.object_reference or self.object_id}"


class AccessEvent(ChainedEvent):
    """Someone opened (or tried to open) a record about a child."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, db_index=True)
    object_reference = models.CharField(max_length=40, blank=True)
    path = models.CharField(max_length=500)
    granted = models.BooleanField()
    # Why someone opened a record outside their team's (break-glass); empty for an ordinary opening
    reason = models.TextField(blank=True)

    CHAINED_FIELDS = (
        "id", "at", "actor_id", "object_type", "object_id", "object_reference", "path", "granted", "reason",
        "ip_address", "session_hash",
    )  # fmt: skip

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{'Opened' if self.granted else 'Refused'} {self.object_type} {self.object_reference or self.object_id}"
