"""Reads for records management: administrators find any person by reference for a subject access export."""

from typing import Any

from django.core.exceptions import PermissionDenied

from frontdoor.core.permissions import Permission
from frontdoor.people.models import Person


def person_for_export(user: Any, reference: str) -> Person | None:
    if not user.has_perm(Permission.EXPORT_SUBJECT_ACCESS):
        raise PermissionDenied
    return Person.objects.filter(reference__iexact=reference.strip()).first()
