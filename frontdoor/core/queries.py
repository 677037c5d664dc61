"""Reads of the audit trail and access log, for administrators only."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import AccessEvent, AuditEvent


def audit_events_for(user) -> QuerySet[AuditEvent]:  # type: ignore[no-untyped-def]
    if not user.has_perm("core.view_audit"):
        raise PermissionDenied
    return AuditEvent.objects.select_related("actor")


def access_events_for(user) -> QuerySet[AccessEvent]:  # type: ignore[no-untyped-def]
    if not user.has_perm("core.view_audit"):
        raise PermissionDenied
    return AccessEvent.objects.select_related("actor")
