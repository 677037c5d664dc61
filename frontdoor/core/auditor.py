"""The Auditor: the one place that writes the audit trail and the access log."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from .models import AccessEvent, AuditEvent


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The record's concrete field values, JSON-ready, for an audit entry's before/after."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _json_value(getattr(instance, name)) for name in names}


def _object_identity(obj: models.Model) -> tuple[str, str, str]:
    return obj._meta.label, str(obj.pk), str(getattr(obj, "reference", "") or "")


def record_change(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
    actor_description: str = "",
) -> AuditEvent:
    object_type, object_id, reference = _object_identity(obj)
    signed_in = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=signed_in,
        actor_description=actor_description or ("" if signed_in else "anonymous"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_reference=reference,
        reason=reason,
        before=before,
        after=after,
    )


def record_access(
    *, actor: Any, object_type: str, object_id: str, path: str, granted: bool, reference: str = ""
) -> AccessEvent:
    return AccessEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        object_reference=reference,
        path=path[:500],
        granted=granted,
    )
