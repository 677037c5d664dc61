"""Database errors a worker waits out rather than dies of: the connection dropped, the server restarted,
SQLite said "database is locked". Plain functions, safe to import from anywhere (no models)."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def is_transient(error: BaseException) -> bool:
    return isinstance(error, TRANSIENT_ERRORS)


def retry_delay(attempt: int) -> float:
    """1 s, 2 s, 4 s, … capped at WORKER_MAX_BACKOFF_SECONDS (a minute unless set)."""
    cap = float(getattr(settings, "WORKER_MAX_BACKOFF_SECONDS", 60))
    return float(min(2 ** max(attempt - 1, 0), cap))


def reset_connections() -> None:
    """Close this thread's database connections, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # it was broken anyway
            connection.close()
