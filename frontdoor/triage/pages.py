"""What every page about one contact shares: the skeleton (sign-in, the team-scoped and access-logged read,
the permission from the lifecycle table) and how a service's refusal reaches the user. Used by the triage
and intake views alike."""

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission

from . import lifecycle, queries
from .lifecycle import Event


def _contact_url(record) -> str:  # type: ignore[no-untyped-def]
    return reverse("triage:contact", args=[record.pk])


def contact_page(event: Event | None = None, permission: Permission | None = None) -> Callable:  # type: ignore[type-arg]
    """The skeleton of every page about one contact: sign-in, the team-scoped and access-logged read, the
    permission (the event's, from the lifecycle table, or the one given), and a page for an event the contact
    cannot take now sends the user back to the contact with the reason. Whatever a service refuses outside a
    form comes back as a message on the contact page; nothing is lost and never a 500."""

    def decorate(view):  # type: ignore[no-untyped-def]
        @login_required
        @wraps(view)
        def page(request, contact_id: uuid.UUID, *args, **kwargs):  # type: ignore[no-untyped-def]
            record = queries.contact_for(request.user, contact_id, path=request.path)
            needed = permission or (lifecycle.permission_for(event) if event else None)
            if needed and not request.user.has_perm(needed, record):
                raise PermissionDenied
            if event and request.method == "GET" and lifecycle.transition_for(record.status, event) is None:
                messages.error(request, str(lifecycle.refusal(record.status, event)))
                return redirect(_contact_url(record))
            try:
                return view(request, record, *args, **kwargs)
            except Refused as refused:
                messages.error(request, str(refused))
                return redirect(_contact_url(record))

        return page

    return decorate


def attempt(form, action: Callable[[], object]) -> bool:  # type: ignore[no-untyped-def]
    """Run a service for a valid form; a refusal goes on the form's error summary and the answers stay."""
    try:
        action()
    except Refused as refused:
        form.add_error(None, str(refused))
        return False
    return True
