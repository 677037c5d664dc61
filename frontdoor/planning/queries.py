"""Reads for planning pages: the phone line beside contacts, the staffing planner, localities."""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone

from frontdoor.core.codes import Channel, Outcome
from frontdoor.core.permissions import Permission
from frontdoor.directory.models import Service
from frontdoor.directory.postcodes import normalise, outward_code, sector
from frontdoor.intake.models import Contact
from frontdoor.people.models import ContactPerson, FamilyMember
from frontdoor.triage.models import Decision, Referral

from . import erlang
from .models import CallImport, CallInterval, Locality, LocalityPostcode, RotaSlot

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _need(user, permission: Permission) -> None:  # type: ignore[no-untyped-def]
    if not user.has_perm(permission):
        raise PermissionDenied


def line_hours() -> tuple[int, int]:
    """The hours the planner shows (the line's opening hours), settings.FRONTDOOR_PHONE_LINE_HOURS."""
    start, end = getattr(settings, "FRONTDOOR_PHONE_LINE_HOURS", (8, 20))
    return int(start), int(end)


def half_hours() -> list[time]:
    start, end = line_hours()
    return [time(h, m) for h in range(start, end) for m in (0, 30)]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


@dataclass
class Figures:
    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    wait_total: float = 0.0  # answered × average wait, to average over intervals properly
    handling_total: float = 0.0
    phone_contacts: int = 0
    contacts: int = 0

    def add(self, interval: CallInterval) -> None:
        self.offered += interval.offered
        self.answered += interval.answered
        self.abandoned += interval.abandoned
        self.wait_total += interval.answered * interval.average_wait_seconds
        self.handling_total += interval.answered * interval.average_handling_seconds

    @property
    def answered_share(self) -> str:
        return f"{round(100 * self.answered / self.offered)}%" if self.offered else "–"

    @property
    def average_wait(self) -> str:
        return f"{self.wait_total / self.answered:.0f} s" if self.answered else "–"

    @property
    def average_handling(self) -> str:
        return f"{self.handling_total / self.answered / 60:.1f} min" if self.answered else "–"


@dataclass
class PhoneLine:
    weeks: list[tuple[date, Figures]]
    week: date
    by_half_hour: list[tuple[time, Figures]]
    last_import: CallImport | None


def phone_line(user, *, week: date | None = None, weeks: int = 8) -> PhoneLine:  # type: ignore[no-untyped-def]
    """Calls by week, and by half-hour of one week, beside the contacts received (all and by phone)."""
    _need(user, Permission.VIEW_PHONE_LINE)
    this_week = _monday(timezone.localdate())
    week = _monday(week or this_week)
    first = min(week, this_week - timedelta(weeks=weeks - 1))
    start, end = _aware(first), _aware(max(week, this_week) + timedelta(days=7))
    by_week: dict[date, Figures] = defaultdict(Figures)
    by_half: dict[time, Figures] = defaultdict(Figures)
    for interval in CallInterval.objects.filter(starts_at__gte=start, starts_at__lt=end):
        local = timezone.localtime(interval.starts_at)
        by_week[_monday(local.date())].add(interval)
        if _monday(local.date()) == week:
            by_half[local.time()].add(interval)
    for received, channel in Contact.objects.filter(received_at__gte=start, received_at__lt=end).values_list(
        "received_at", "channel"
    ):
        local = timezone.localtime(received)
        slot = time(local.hour, 30 if local.minute >= 30 else 0)
        for figures in [
            by_week[_monday(local.date())],
            *([by_half[slot]] if _monday(local.date()) == week else []),
        ]:
            figures.contacts += 1
            figures.phone_contacts += channel == Channel.PHONE
    week_rows = [
        (w, by_week[w]) for w in sorted(by_week, reverse=True) if w >= this_week - timedelta(weeks=weeks - 1)
    ]
    half_rows = [(slot, by_half[slot]) for slot in sorted(set(half_hours()) | set(by_half))]
    return PhoneLine(week_rows, week, half_rows, CallImport.objects.first())


@dataclass(frozen=True)
class PlannedHalfHour:
    starts: time
    calls: float
    handling_seconds: float
    needed: int
    on_rota: int | None

    @property
    def gap(self) -> int | None:
        return None if self.on_rota is None else self.on_rota - self.needed


def rota_for(weekday: int) -> dict[time, int]:
    return dict(RotaSlot.objects.filter(weekday=weekday).values_list("starts", "handlers"))


def plan_day(
    user, *, weekday: int, target_share: float, target_wait_seconds: float, weeks: int = 8
) -> list[PlannedHalfHour]:  # type: ignore[no-untyped-def]
    """For each half-hour of the day: the calls expected (the average of that half-hour on that weekday
    over the last `weeks` weeks of figures), the handlers Erlang C says are needed, and the rota's."""
    _need(user, Permission.VIEW_PHONE_LINE)
    erlang.check_target(target_share, target_wait_seconds)
    since = _aware(timezone.localdate() - timedelta(weeks=weeks))
    calls: dict[time, list[CallInterval]] = defaultdict(list)
    days: set[date] = set()
    for interval in CallInterval.objects.filter(starts_at__gte=since):
        local = timezone.localtime(interval.starts_at)
        if local.weekday() == weekday:
            calls[local.time()].append(interval)
            days.add(local.date())
    rota = rota_for(weekday)
    planned = []
    for slot in sorted(set(half_hours()) | set(calls)):
        seen = calls.get(slot, [])
        offered = sum(i.offered for i in seen) / len(days) if days else 0.0
        answered = sum(i.answered for i in seen)
        handling = sum(i.answered * i.average_handling_seconds for i in seen) / answered if answered else 0.0
        staffing = erlang.handlers_needed(
            offered,
            handling,
            interval_seconds=1800,
            target_share=target_share,
            target_wait_seconds=target_wait_seconds,
        )
        planned.append(PlannedHalfHour(slot, offered, handling, staffing.handlers, rota.get(slot)))
    return planned


# --- Localities --------------------------------------------------------------------------------------------


def locality_of(postcode: str, prefixes: dict[str, int]) -> int | None:
    """The locality id for a postcode: the full postcode, then its sector, then its district."""
    full = normalise(postcode or "")
    if not full:
        return None
    for key in (full, sector(full), outward_code(full)):
        if key in prefixes:
            return prefixes[key]
    return None


@dataclass
class LocalityFigures:
    locality: Locality | None
    contacts: int = 0
    families: int = 0
    referrals: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    services: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        return self.locality.name if self.locality else "Not in a locality (no or unknown postcode)"

    def top_outcomes(self) -> list[tuple[str, int]]:
        return [(Outcome(o).label, n) for o, n in self.outcomes.most_common()]

    def top_services(self, n: int = 5) -> list[tuple[str, int]]:
        return self.services.most_common(n)


def _uuids(values: Iterable[str]) -> list[uuid.UUID]:
    found = []
    for value in values:
        with contextlib.suppress(ValueError):
            found.append(uuid.UUID(value))
    return found


def localities(user, *, since: date) -> list[LocalityFigures]:  # type: ignore[no-untyped-def]
    """Contacts, families, referrals, agreed outcomes and the services suggested, by locality, since a date.
    A family is a family record linked to the contact's people; a contact with none counts as one family."""
    _need(user, Permission.VIEW_LOCALITIES)
    places = {loc.pk: loc for loc in Locality.objects.all()}
    prefixes = dict(LocalityPostcode.objects.values_list("prefix", "locality_id"))
    rows: dict[int | None, LocalityFigures] = {pk: LocalityFigures(loc) for pk, loc in places.items()}
    contacts = list(Contact.objects.filter(received_at__gte=_aware(since)).values_list("pk", "postcode"))
    where = {pk: locality_of(postcode, prefixes) for pk, postcode in contacts}
    for pk in where.values():
        rows.setdefault(pk, LocalityFigures(places.get(pk) if pk else None)).contacts += 1
    families: dict[int | None, set[str]] = defaultdict(set)
    linked = ContactPerson.objects.filter(contact_id__in=list(where), person__isnull=False).values_list(
        "contact_id", "person_id"
    )
    person_families: dict[object, list[object]] = defaultdict(list)
    for person, family in FamilyMember.objects.filter(person_id__in={p for _, p in linked}).values_list(
        "person_id", "family_id"
    ):
        person_families[person].append(family)
    with_family: set[object] = set()
    for contact_id, person in linked:
        for family in person_families.get(person, []):
            families[where[contact_id]].add(str(family))
            with_family.add(contact_id)
    for contact_id, pk in where.items():
        if contact_id not in with_family:
            families[pk].add(f"contact:{contact_id}")
    for pk, found in families.items():
        rows[pk].families = len(found)
    for contact_id, n in (
        Referral.objects.filter(contact_id__in=list(where)).values_list("contact_id").annotate(n=Count("pk"))
    ):
        rows[where[contact_id]].referrals += n
    service_ids: Counter[str] = Counter()
    per_locality_services: dict[int | None, Counter[str]] = defaultdict(Counter)
    for contact_id, outcome, suggested in Decision.objects.filter(
        contact_id__in=list(where), oversight=Decision.Oversight.AGREED
    ).values_list("contact_id", "outcome", "suggested_services"):
        rows[where[contact_id]].outcomes[outcome] += 1
        for service in suggested or []:
            per_locality_services[where[contact_id]][str(service)] += 1
            service_ids[str(service)] += 1
    names = {
        str(pk): name
        for pk, name in Service.objects.filter(pk__in=_uuids(service_ids)).values_list("pk", "name")
    }
    for pk, counted in per_locality_services.items():
        for service, n in counted.items():
            rows[pk].services[names.get(service, "A service no longer listed")] += n
    ordered = sorted((r for k, r in rows.items() if k is not None), key=lambda r: r.name)
    return ordered + ([rows[None]] if None in rows else [])
