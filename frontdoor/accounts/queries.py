"""Reads of staff accounts, for administrators only."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from frontdoor.core.permissions import Permission

from .models import User


def staff_for(user: User, *, search: str = "") -> QuerySet[User]:
    if not rules.has_perm(Permission.MANAGE_STAFF_ACCOUNTS, user):
        raise PermissionDenied
    staff = User.objects.select_related("team").order_by("-is_active", "last_name", "first_name", "username")
    if search:
        staff = staff.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    return staff


def staff_member_for(user: User, pk: object) -> User:
    """One account, or User.DoesNotExist (a 404)."""
    return staff_for(user).get(pk=pk)
