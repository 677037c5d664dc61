"""Administrators manage staff accounts: create, change role and team, close and reopen, reset the second
factor, end sessions. Every action checks its own permission and is audited."""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction

from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission

from . import mfa, passwords
from . import sessions as staff_sessions
from .models import Role, Team, User

AUDITED_FIELDS = ["username", "first_name", "last_name", "email", "role", "team_id", "is_active"]
# Roles that work a team's queue: they need a team; analysts and administrators work across teams
TEAM_ROLES = {Role.CONTACT_OFFICER, Role.SOCIAL_WORKER, Role.EARLY_HELP_WORKER, Role.TEAM_MANAGER}


def _require(actor: User) -> None:
    if not rules.has_perm(Permission.MANAGE_STAFF_ACCOUNTS, actor):
        raise PermissionDenied


@dataclass(frozen=True)
class StaffDetails:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    team: Team | None


def _check(details: StaffDetails, *, user: User | None = None) -> None:
    if details.role in TEAM_ROLES and details.team is None:
        raise Refused(f"Choose a team: a {Role(details.role).label.lower()} works a team's queue.")
    clash = User.objects.filter(email__iexact=details.email)
    if user is not None:
        clash = clash.exclude(pk=user.pk)
    if clash.exists():
        # Single sign-on finds people by email: two accounts with one address would be refused
        raise Refused("Another staff account has this email address.")


def create_staff(*, actor: User, details: StaffDetails) -> User:
    """The new person has no password: they are emailed a link to choose one, then set up their app."""
    _require(actor)
    _check(details)
    with transaction.atomic():
        user = User(
            username=details.username,
            first_name=details.first_name,
            last_name=details.last_name,
            email=details.email,
            role=details.role,
            team=details.team if details.role in TEAM_ROLES else None,
        )
        user.set_unusable_password()
        user.save()
        auditor.record_change(
            actor=actor,
            action="accounts.staff_created",
            obj=user,
            before=None,
            after=auditor.snapshot(user, AUDITED_FIELDS),
        )
        passwords.send_reset_link(user, welcome=True)
    return user


def change_staff(*, actor: User, user: User, details: StaffDetails) -> User:
    _require(actor)
    _check(details, user=user)
    if user.pk == actor.pk and details.role != Role.ADMINISTRATOR:
        raise Refused("You cannot take away your own administrator role. Ask another administrator.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = auditor.snapshot(user, AUDITED_FIELDS)
        user.first_name, user.last_name, user.email = details.first_name, details.last_name, details.email
        user.role = details.role
        user.team = details.team if details.role in TEAM_ROLES else None
        user.save()
        after = auditor.snapshot(user, AUDITED_FIELDS)
        if after != before:
            auditor.record_change(
                actor=actor, action="accounts.staff_changed", obj=user, before=before, after=after
            )
    return user


def set_active(*, actor: User, user: User, active: bool) -> User:
    """Close an account (it can no longer sign in, and its sessions end now) or reopen it."""
    _require(actor)
    if user.pk == actor.pk:
        raise Refused("You cannot close your own account. Ask another administrator.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user  # a double submit changes nothing
        before = auditor.snapshot(user, AUDITED_FIELDS)
        user.is_active = active
        user.save(update_fields=["is_active"])
        auditor.record_change(
            actor=actor,
            action="accounts.staff_reopened" if active else "accounts.staff_closed",
            obj=user,
            before=before,
            after=auditor.snapshot(user, AUDITED_FIELDS),
        )
        if not active:
            staff_sessions.end_all_sessions(actor=actor, user=user)
    return user


def reset_second_factor(*, actor: User, user: User) -> None:
    """A lost phone: the app and recovery codes go, the person's sessions end, they set up again at sign-in."""
    _require(actor)
    with transaction.atomic():
        mfa.reset_second_factor(actor=actor, user=user)
        staff_sessions.end_all_sessions(actor=actor, user=user)
