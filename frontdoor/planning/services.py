"""Writes for planning: importing call figures, the rota, and loading localities."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.directory.postcodes import normalise

from . import calls_csv
from .models import CallImport, CallInterval, Locality, LocalityPostcode, RotaSlot

MAX_BYTES = 5 * 1024 * 1024


class BadCallFile(Refused):
    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(
            f"The file has {len(errors)} problem{'s' if len(errors) != 1 else ''}. Nothing was imported."
        )
        self.errors = errors


@dataclass(frozen=True)
class Imported:
    record: CallImport
    missing: list[datetime]


def import_call_figures(*, user, filename: str, content: bytes) -> Imported:  # type: ignore[no-untyped-def]
    """Import every row, or none: a file with any bad row is refused with each problem and its line."""
    if not user.has_perm(Permission.IMPORT_CALL_FIGURES):
        raise PermissionDenied
    if len(content) > MAX_BYTES:
        raise Refused("The file must be smaller than 5 MB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("The file must be a CSV file saved as UTF-8") from None
    parsed = calls_csv.parse(text)
    if not parsed.ok:
        raise BadCallFile(parsed.errors)
    now = timezone.now()
    with transaction.atomic():
        record = CallImport.objects.create(
            filename=filename[:200],
            imported_by=user,
            imported_at=now,
            intervals=len(parsed.intervals),
            missing=[m.isoformat() for m in parsed.missing],
        )
        starts = {timezone.make_aware(i.starts): i for i in parsed.intervals}
        existing = set(
            CallInterval.objects.filter(starts_at__in=list(starts)).values_list("starts_at", flat=True)
        )
        CallInterval.objects.filter(starts_at__in=existing).delete()
        CallInterval.objects.bulk_create(
            CallInterval(
                starts_at=moment,
                offered=i.offered,
                answered=i.answered,
                abandoned=i.abandoned,
                average_wait_seconds=i.average_wait_seconds,
                average_handling_seconds=i.average_handling_seconds,
                source=record,
            )
            for moment, i in starts.items()
        )
        record.replaced = len(existing)
        record.save(update_fields=["replaced"])
        auditor.record_change(
            actor=user,
            action="call_figures.imported",
            obj=record,
            before=None,
            after={
                "intervals": record.intervals,
                "replaced": record.replaced,
                "missing": len(parsed.missing),
            },
        )
    return Imported(record, parsed.missing)


def set_rota(*, user, weekday: int, handlers: dict[time, int]) -> None:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.IMPORT_CALL_FIGURES):
        raise PermissionDenied
    if not 0 <= weekday <= 6:
        raise Refused("Select a day")
    if any(n < 0 for n in handlers.values()):
        raise Refused("The number of call handlers cannot be negative")
    with transaction.atomic():
        RotaSlot.objects.filter(weekday=weekday).delete()
        RotaSlot.objects.bulk_create(
            RotaSlot(weekday=weekday, starts=t, handlers=n) for t, n in handlers.items()
        )
        auditor.record_change(
            actor=user,
            action="phone_rota.set",
            obj=user,
            before=None,
            after={"weekday": weekday, "handlers": {t.strftime("%H:%M"): n for t, n in handlers.items()}},
        )


def load_localities(text: str) -> tuple[int, list[tuple[int, str]]]:
    """Load the council's localities from CSV: postcode_prefix,locality_code,locality_name. A prefix is a
    full postcode, a sector ('NS1 2') or a district ('NS1'). Returns (prefixes loaded, problems by line);
    loads nothing if there is any problem."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    needed = {"postcode_prefix", "locality_code", "locality_name"}
    if not reader.fieldnames or not needed <= {f.strip() for f in reader.fieldnames}:
        return 0, [(1, "The header row must have postcode_prefix, locality_code and locality_name")]
    rows, problems = [], []
    for line, row in enumerate(reader, start=2):
        prefix = " ".join((row.get("postcode_prefix") or "").upper().split())
        code = (row.get("locality_code") or "").strip().lower()
        name = (row.get("locality_name") or "").strip()
        full = normalise(prefix)
        if full:
            prefix = full
        if not prefix or len(prefix) > 8 or not code or not name:
            problems.append(
                (line, "needs a postcode prefix (up to 8 characters), a locality code and a name")
            )
            continue
        rows.append((prefix, code, name))
    if problems:
        return 0, problems
    with transaction.atomic():
        for prefix, code, name in rows:
            locality, _ = Locality.objects.update_or_create(code=code, defaults={"name": name})
            LocalityPostcode.objects.update_or_create(prefix=prefix, defaults={"locality": locality})
    return len(rows), []
