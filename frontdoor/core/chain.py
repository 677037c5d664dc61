"""The tamper-evident chain over the audit trail and the access log (docs/adr/0020).

Each event's digest is an HMAC of its own fields and of the digest of the event before it. Changing an event
breaks its digest; removing one leaves a gap in the sequence; inserting one (back-dated or not) needs a digest
that only the app's key can make. Appending is serialised under a lock (a PostgreSQL advisory lock; on SQLite
the write lock that BEGIN IMMEDIATE takes), so concurrent writers still make one unbroken chain.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes

from .models import ChainedEvent

Event = TypeVar("Event", bound=ChainedEvent)


def _key() -> bytes:
    # A key of its own, so the SECRET_KEY can be rotated without breaking the chain; the SECRET_KEY otherwise
    return force_bytes(getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def json_ready(value: Any) -> Any:
    """The value as the JSON column gives it back, so the digest made before saving matches the one read."""
    return None if value is None else json.loads(json.dumps(value))


def digest(sequence: int, previous_digest: str, values: list[Any]) -> str:
    fields = [sequence, previous_digest] + [_canonical(value) for value in values]
    message = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def digest_of(event: ChainedEvent) -> str:
    return digest(event.sequence, event.previous_digest, [getattr(event, n) for n in event.CHAINED_FIELDS])


def _lock(model: type[ChainedEvent], using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        # Held to the end of the transaction: the next writer reads this event as its predecessor
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(model._meta.db_table.encode())])
    # SQLite: the transaction began IMMEDIATE (settings.with_sqlite_options), so it already holds the one
    # write lock and no other writer can append between the read below and the insert.


def append(model: type[Event], **fields: Any) -> Event:
    """Add one event at the end of the model's chain. ``at`` is taken under the lock, so it never goes back."""
    using = router.db_for_write(model)
    with transaction.atomic(using=using):
        _lock(model, using)
        last = model.objects.using(using).order_by("-sequence").values_list("sequence", "digest").first()
        event = model(
            sequence=(last[0] + 1) if last else 1,
            previous_digest=last[1] if last else "",
            at=timezone.now(),
            **fields,
        )
        event.digest = digest_of(event)
        event.save(force_insert=True, using=using)
    return event


@dataclass(frozen=True)
class BrokenLink:
    table: str
    sequence: int
    event_id: str
    at: datetime.datetime | None
    problem: str

    def __str__(self) -> str:
        when = f" ({self.at:%Y-%m-%d %H:%M:%S})" if self.at else ""
        return f"{self.table}: event {self.sequence} {self.event_id}{when}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    table: str
    checked: int
    last_sequence: int
    last_digest: str
    broken: BrokenLink | None


def _events(model: type[ChainedEvent]) -> Iterator[ChainedEvent]:
    return model.objects.order_by("sequence").iterator(chunk_size=2000)


def verify(model: type[ChainedEvent]) -> ChainReport:
    """Walk the chain from the first event; stop at the first broken link."""
    table = model._meta.db_table
    expected_sequence, previous, checked = 1, "", 0
    for event in _events(model):
        problem = ""
        if event.sequence > expected_sequence:
            missing = event.sequence - expected_sequence
            problem = (
                f"{missing} event{'s' if missing > 1 else ''} before it "
                f"({expected_sequence}{'' if missing == 1 else f'–{event.sequence - 1}'}) removed"
            )
        elif event.previous_digest != previous:
            problem = "does not follow the event before it (inserted, or the one before it was changed)"
        elif not hmac.compare_digest(event.digest, digest_of(event)):
            problem = "its digest does not match its contents (changed, or not written by the app)"
        if problem:
            broken = BrokenLink(table, event.sequence, str(event.pk), event.at, problem)
            return ChainReport(table, checked, event.sequence, event.digest, broken)
        checked += 1
        expected_sequence, previous = event.sequence + 1, event.digest
    return ChainReport(table, checked, expected_sequence - 1, previous, None)
