"""The request being served, for the Auditor: where an event came from (IP address, hashed session key)
without every service passing the request down. Set by ``AuditContextMiddleware``."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any

from django.utils.crypto import salted_hmac


@dataclass
class RequestContext:
    request: Any
    refusal_logged: bool = False

    @property
    def ip_address(self) -> str | None:
        return self.request.META.get("REMOTE_ADDR") or None

    @property
    def session_hash(self) -> str:
        # Read when the event is written: signing in gives the session a new key
        session = getattr(self.request, "session", None)
        key = getattr(session, "session_key", None)
        return salted_hmac("frontdoor.audit.session", key, algorithm="sha256").hexdigest() if key else ""


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "frontdoor_request", default=None
)


def current() -> RequestContext | None:
    return _current.get()


def begin(request: Any) -> contextvars.Token[RequestContext | None]:
    return _current.set(RequestContext(request))


def end(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)
