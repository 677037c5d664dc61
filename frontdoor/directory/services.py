"""Every write to the directory from staff pages and commands (imports live in importer.py)."""

from __future__ import annotations

import csv
import datetime
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.core import auditor

from . import postcodes
from .models import (
    Address,
    CostOption,
    Location,
    Organization,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
)

SERVICE_AUDIT_FIELDS = [
    "name",
    "organization_id",
    "status",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "is_free",
]
LOCATION_AUDIT_FIELDS = ["name", "latitude", "longitude", "is_family_hub", "is_active"]

# Postcodes

_POSTCODE_COLUMNS = ("postcode", "pcds", "pcd", "pcd2", "pc")
_LATITUDE_COLUMNS = ("latitude", "lat")
_LONGITUDE_COLUMNS = ("longitude", "long", "lng", "lon")
ONSPD_NO_LOCATION = 99.0  # ONSPD gives 99.999999 where a postcode has no grid reference


class PostcodeFileError(Exception):
    pass


@dataclass
class PostcodeLoadReport:
    loaded: int = 0
    skipped: int = 0


def _column(header: Sequence[str], names: Sequence[str]) -> str:
    lowered = {name.strip().lower(): name for name in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    raise PostcodeFileError(
        f"No {names[0]} column: expected one of {', '.join(names)}; found {', '.join(header)}"
    )


def read_postcode_rows(lines: Iterable[str]) -> Iterator[tuple[str, float, float] | None]:
    """(postcode, latitude, longitude) per row, or None for a row that cannot be used."""
    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    postcode_col = _column(header, _POSTCODE_COLUMNS)
    lat_col, lon_col = _column(header, _LATITUDE_COLUMNS), _column(header, _LONGITUDE_COLUMNS)
    terminated_col = next((name for name in header if name.strip().lower() == "doterm"), None)
    for row in reader:
        if terminated_col and (row.get(terminated_col) or "").strip():
            yield None  # a terminated postcode: no longer in use
            continue
        postcode = postcodes.normalise(row.get(postcode_col) or "")
        try:
            latitude, longitude = float(row[lat_col]), float(row[lon_col])
        except (TypeError, ValueError):
            yield None
            continue
        if not postcode or abs(latitude) > ONSPD_NO_LOCATION - 9 or abs(longitude) > 180:
            yield None
            continue
        yield postcode, latitude, longitude


def load_postcodes(path: Path | str, *, batch_size: int = 5000) -> PostcodeLoadReport:
    """Load or refresh postcode centroids from a CSV (ONSPD, or any file with postcode/latitude/longitude)."""
    report = PostcodeLoadReport()
    batch: list[Postcode] = []

    def flush() -> None:
        Postcode.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["outward", "latitude", "longitude"],
        )
        report.loaded += len(batch)
        batch.clear()

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle, transaction.atomic():
            seen: set[str] = set()
            for item in read_postcode_rows(handle):
                if item is None or item[0] in seen:
                    report.skipped += 1
                    continue
                seen.add(item[0])
                batch.append(
                    Postcode(
                        postcode=item[0],
                        outward=postcodes.outward_code(item[0]),
                        latitude=item[1],
                        longitude=item[2],
                    )
                )
                if len(batch) >= batch_size:
                    flush()
            if batch:
                flush()
    except OSError as error:
        raise PostcodeFileError(f"Could not read {path}: {error}") from error
    return report


# Services


@dataclass
class ServiceDetails:
    organization: Organization
    name: str
    description: str
    term_ids: Sequence[uuid.UUID]
    minimum_age: int | None
    maximum_age: int | None
    is_free: bool
    fees_description: str
    email: str
    url: str
    phone: str
    location_ids: Sequence[uuid.UUID]
    days: Sequence[str]
    opens_at: datetime.time | None
    closes_at: datetime.time | None
    assured_date: datetime.date | None


def _first(items: Iterable[Any]) -> Any:
    return next(iter(items), None)


@transaction.atomic
def save_service(*, actor: Any, details: ServiceDetails, service: Service | None = None) -> Service:
    """Add a service, or change one. The main phone and the main opening times are the first of each."""
    created = service is None
    service = service or Service(id=uuid.uuid4())
    before = None if created else auditor.snapshot(service, SERVICE_AUDIT_FIELDS)
    service.organization = details.organization
    service.name = details.name
    service.description = details.description
    service.minimum_age = details.minimum_age
    service.maximum_age = details.maximum_age
    service.fees_description = "" if details.is_free else details.fees_description
    service.is_free = details.is_free
    service.email = details.email
    service.url = details.url
    service.assured_date = details.assured_date
    service.last_modified = timezone.now()
    service.save()
    # Categories
    service.attributes.exclude(taxonomy_term_id__in=details.term_ids).delete()
    existing = set(service.attributes.values_list("taxonomy_term_id", flat=True))
    for term_id in details.term_ids:
        if term_id not in existing:
            service.attributes.create(taxonomy_term_id=term_id)
    # Cost: a free service has no charge; a paid one keeps whatever cost options it has
    if details.is_free:
        service.cost_options.filter(amount__gt=Decimal(0)).delete()
    elif not service.cost_options.exists():
        CostOption.objects.create(
            service=service, option="Fee", amount_description=details.fees_description[:255]
        )
    # Main phone
    phone = _first(service.phones.order_by("id"))
    if details.phone and phone:
        phone.number = details.phone
        phone.save(update_fields=["number"])
    elif details.phone:
        Phone.objects.create(service=service, number=details.phone)
    elif phone:
        phone.delete()
    # Main opening times
    schedule = _first(service.schedules.filter(service_at_location__isnull=True).order_by("id"))
    if details.days:
        schedule = schedule or Schedule(service=service)
        schedule.freq = "WEEKLY"
        schedule.byday = ",".join(details.days)
        schedule.opens_at, schedule.closes_at = details.opens_at, details.closes_at
        schedule.save()
    elif schedule:
        schedule.delete()
    # Where
    service.service_at_locations.exclude(location_id__in=details.location_ids).delete()
    present = set(service.service_at_locations.values_list("location_id", flat=True))
    for location_id in details.location_ids:
        if location_id not in present:
            ServiceAtLocation.objects.create(service=service, location_id=location_id)
    auditor.record_change(
        actor=actor,
        action="directory.service_added" if created else "directory.service_changed",
        obj=service,
        before=before,
        after=auditor.snapshot(service, SERVICE_AUDIT_FIELDS),
    )
    return service


@transaction.atomic
def set_service_status(*, actor: Any, service: Service, status: str, reason: str = "") -> Service:
    """Retire (inactive) or reinstate (active) a service. Retired services stay on record but are not shown."""
    before = auditor.snapshot(service, SERVICE_AUDIT_FIELDS)
    service.status = status
    service.last_modified = timezone.now()
    service.save(update_fields=["status", "last_modified"])
    auditor.record_change(
        actor=actor,
        action="directory.service_retired"
        if status != Service.Status.ACTIVE
        else "directory.service_reinstated",
        obj=service,
        before=before,
        after=auditor.snapshot(service, SERVICE_AUDIT_FIELDS),
        reason=reason,
    )
    return service


@transaction.atomic
def mark_reviewed(*, actor: Any, service: Service, on: datetime.date | None = None) -> Service:
    before = auditor.snapshot(service, SERVICE_AUDIT_FIELDS)
    service.assured_date = on or timezone.localdate()
    service.last_modified = timezone.now()
    service.save(update_fields=["assured_date", "last_modified"])
    auditor.record_change(
        actor=actor,
        action="directory.service_reviewed",
        obj=service,
        before=before,
        after=auditor.snapshot(service, SERVICE_AUDIT_FIELDS),
    )
    return service


# Locations


@dataclass
class LocationDetails:
    name: str
    description: str
    address_1: str
    address_2: str
    city: str
    postcode: str
    latitude: float
    longitude: float
    is_family_hub: bool
    organization: Organization | None = None


@transaction.atomic
def save_location(*, actor: Any, details: LocationDetails, location: Location | None = None) -> Location:
    created = location is None
    location = location or Location(id=uuid.uuid4())
    before = None if created else auditor.snapshot(location, LOCATION_AUDIT_FIELDS)
    location.name = details.name
    location.description = details.description
    location.latitude, location.longitude = details.latitude, details.longitude
    location.is_family_hub = details.is_family_hub
    location.location_type = Location.Type.PHYSICAL
    if details.organization is not None:
        location.organization = details.organization
    location.save()
    address = _first(location.addresses.order_by("id")) or Address(location=location)
    address.address_1, address.address_2 = details.address_1, details.address_2
    address.city, address.postal_code = details.city, details.postcode
    address.save()
    auditor.record_change(
        actor=actor,
        action="directory.location_added" if created else "directory.location_changed",
        obj=location,
        before=before,
        after=auditor.snapshot(location, LOCATION_AUDIT_FIELDS),
    )
    return location


@transaction.atomic
def set_location_active(*, actor: Any, location: Location, active: bool) -> Location:
    before = auditor.snapshot(location, LOCATION_AUDIT_FIELDS)
    location.is_active = active
    location.save(update_fields=["is_active"])
    auditor.record_change(
        actor=actor,
        action="directory.location_reinstated" if active else "directory.location_retired",
        obj=location,
        before=before,
        after=auditor.snapshot(location, LOCATION_AUDIT_FIELDS),
    )
    return location
