"""The database session store, healing a dropped connection.

- Saved after the view has run (in SessionMiddleware), where a connection the database dropped would turn a page
  that worked into "the session was deleted before the request completed" (a 400).
- Loaded by the first middleware that asks who the user is (authentication, the second factor, the session's
  lifetime), before the view and so before `HealDroppedConnectionMiddleware` can run it again: a dropped
  connection there was a 500 (18 of 41,008 requests in the fault run).

Each is tried once more on a fresh connection, outside a transaction.

It also remembers the expiry it read, so that an unchanged session is written only when its idle expiry has fallen
more than REFRESH_EXPIRY_EVERY behind (frontdoor.core.middleware.SessionMiddleware), not on every request."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, transaction

from frontdoor.worker.transient import is_transient, reset_connections

# An unchanged session's idle expiry is pushed back at most this often: a session then ends between 29 and 30
# minutes after its last request (SESSION_COOKIE_AGE), never later
REFRESH_EXPIRY_EVERY = timedelta(seconds=60)


class SessionStore(db.SessionStore):
    _stored_expiry: datetime | None = None

    def load(self) -> dict[str, Any]:
        try:
            return super().load()
        except DatabaseError as error:
            if not is_transient(error) or transaction.get_connection().in_atomic_block:
                raise
            reset_connections()
            return super().load()

    def _get_session_from_db(self):  # type: ignore[no-untyped-def]
        stored = super()._get_session_from_db()
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def expiry_is_stale(self) -> bool:
        """Whether saving now would push the stored expiry back by more than REFRESH_EXPIRY_EVERY. Reads the
        session if the request has not (the read a save would make anyway)."""
        if self.is_empty():
            return False
        self._get_session()
        if self._stored_expiry is None:
            return False
        return self.get_expiry_date() - self._stored_expiry > REFRESH_EXPIRY_EVERY

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
