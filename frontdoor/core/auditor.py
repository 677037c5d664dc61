"""The Auditor: the one place that writes the audit trail and the access log."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from . import chain, request_context
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


def _origin() -> dict[str, Any]:
    context = request_context.current()
    if context is None:  # a command or the worker
        return {"ip_address": None, "session_hash": ""}
    return {"ip_address": context.ip_address, "session_hash": context.session_hash}


def record_event(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    reference: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    actor_description: str = "",
) -> AuditEvent:
    """One entry in the audit trail, at the end of its tamper-evident chain."""
    signed_in = actor if getattr(actor, "is_authenticated", False) else None
    return chain.append(
        AuditEvent,
        actor=signed_in,
        actor_description=actor_description or ("" if signed_in else "anonymous"),
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        object_reference=reference[:40],
        reason=reason,
        before=chain.json_ready(before),
        after=chain.json_ready(after),
        **_origin(),
    )


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
    return record_event(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reference=reference,
        before=before,
        after=after,
        reason=reason,
        actor_description=actor_description,
    )


def record_access(
    *,
    actor: Any,
    object_type: str,
    object_id: str,
    path: str,
    granted: bool,
    reference: str = "",
    reason: str = "",
) -> AccessEvent:
    """Someone opened (granted) or was refused a record. ``reason`` is given when they broke the glass."""
    context = request_context.current()
    if context is not None and not granted:
        context.refusal_logged = True
    return chain.append(
        AccessEvent,
        actor=actor,
        object_type=object_type,
        object_id=object_id[:64],
        object_reference=reference[:40],
        path=path[:500],
        granted=granted,
        reason=reason,
        **_origin(),
    )
