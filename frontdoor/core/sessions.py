"""The database session store, healing a dropped connection.

- Saved after the view has run (in SessionMiddleware), where a connection the database dropped would turn a page
  that worked into "the session was deleted before the request completed" (a 400).
- Loaded by the first middleware that asks who the user is (authentication, the second factor, the session's
  lifetime), before the view and so before `HealDroppedConnectionMiddleware` can run it again: a dropped
  connection there was a 500 (24 of 41,008 requests in the fault run).

Each is tried once more on a fresh connection, outside a transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, transaction

from frontdoor.worker.transient import is_transient, reset_connections


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        try:
            return super().load()
        except DatabaseError as error:
            if not is_transient(error) or transaction.get_connection().in_atomic_block:
                raise
            reset_connections()
            return super().load()

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except (UpdateError, DatabaseError) as error:
            cause = error if isinstance(error, DatabaseError) else error.__context__
            if cause is None or not is_transient(cause) or transaction.get_connection().in_atomic_block:
                raise
            reset_connections()
            # must_create: if the first insert did commit, the second meets the key and Django picks a new one
            super().save(must_create=must_create)
