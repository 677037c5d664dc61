"""Where a person is signed in: an absolute lifetime on top of the idle timeout, a list of their sessions,
and ending one (theirs, or anyone's for an administrator)."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import import_module

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.permissions import Permission

from .models import StaffSession, User

SIGNED_IN_AT_KEY = "frontdoor_signed_in_at"
# A session's last-seen time is written at most this often, not on every request
LAST_SEEN_EVERY = timedelta(seconds=60)


def absolute_lifetime() -> timedelta:
    return timedelta(seconds=settings.FRONTDOOR_SESSION_ABSOLUTE_SECONDS)


def signed_in_at(request) -> datetime:  # type: ignore[no-untyped-def]
    value = request.session.get(SIGNED_IN_AT_KEY)
    if value is None:
        now = timezone.now()
        request.session[SIGNED_IN_AT_KEY] = now.isoformat()
        return now
    return datetime.fromisoformat(value)


def has_outlived(request) -> bool:  # type: ignore[no-untyped-def]
    return timezone.now() - signed_in_at(request) > absolute_lifetime()


def _ip(request) -> str | None:  # type: ignore[no-untyped-def]
    return request.META.get("REMOTE_ADDR") or None


def seen(request) -> StaffSession | None:  # type: ignore[no-untyped-def]
    """Record this request against the person's session (at most once a minute)."""
    key = request.session.session_key
    if not key:
        return None
    now = timezone.now()
    record = StaffSession.objects.filter(session_key=key).first()
    if record is None:
        record, _ = StaffSession.objects.get_or_create(
            session_key=key,
            defaults={
                "user": request.user,
                "signed_in_at": signed_in_at(request),
                "last_seen_at": now,
                "ip_address": _ip(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            },
        )
    elif record.user_id != request.user.pk or record.ended_at is not None:
        return record
    elif now - record.last_seen_at > LAST_SEEN_EVERY:
        StaffSession.objects.filter(pk=record.pk).update(last_seen_at=now, ip_address=_ip(request))
    return record


def active_for(user: User) -> QuerySet[StaffSession]:
    """Sessions that could still be in use: not ended, seen within the idle timeout and the absolute lifetime."""
    now = timezone.now()
    return StaffSession.objects.filter(
        user=user,
        ended_at__isnull=True,
        last_seen_at__gte=now - timedelta(seconds=settings.SESSION_COOKIE_AGE),
        signed_in_at__gte=now - absolute_lifetime(),
    )


def _may_end(actor: User, user: User) -> bool:
    return actor.pk == user.pk or rules.has_perm(Permission.END_STAFF_SESSIONS, actor)


def end_session(*, actor: User, record: StaffSession) -> None:
    if not _may_end(actor, record.user):
        raise PermissionDenied
    _end([record], actor)


def end_all_sessions(*, actor: User, user: User, except_key: str | None = None) -> int:
    if not _may_end(actor, user):
        raise PermissionDenied
    records = list(active_for(user).exclude(session_key=except_key or ""))
    _end(records, actor)
    return len(records)


def _end(records: list[StaffSession], actor: User) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    now = timezone.now()
    with transaction.atomic():
        for record in records:
            store(session_key=record.session_key).delete()
            StaffSession.objects.filter(pk=record.pk).update(ended_at=now, ended_by=actor)
            auditor.record_change(
                actor=actor,
                action="accounts.ended_session",
                obj=record.user,
                before={"session": str(record.pk), "signed_in_at": record.signed_in_at.isoformat()},
                after={"ended_at": now.isoformat()},
            )


def signing_out(request) -> None:  # type: ignore[no-untyped-def]
    """The person signed out here: the session leaves their list now, not when it would have expired."""
    key = request.session.session_key
    if key and request.user.is_authenticated:
        StaffSession.objects.filter(session_key=key, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=request.user
        )
