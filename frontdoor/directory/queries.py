"""Reads of the directory: search with filters and postcode proximity, postcodes, and suggestions for a need.

The directory is public information, so these reads take no user. Proximity: candidates come from a bounding
box on the indexed latitude/longitude columns (the same SQL on SQLite and PostgreSQL), then the exact haversine
distance is measured in Python and anything beyond the radius is dropped.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from . import geo, oruk_json, postcodes, schedules
from .models import Location, Postcode, Schedule, Service, ServiceAtLocation, TaxonomyTerm

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
DEFAULT_RADIUS_METRES = 10 * geo.METRES_PER_MILE
MAX_RADIUS_METRES = 200_000
REVIEW_EVERY_DAYS = 365


# Postcodes


@dataclass(frozen=True)
class Origin:
    postcode: str
    latitude: float
    longitude: float


@dataclass
class PostcodeNotFound:
    """Why a postcode could not be placed, in words for the person, and what they may have meant."""

    message: str
    suggestions: list[str] = field(default_factory=list)


def locate(raw: str) -> Origin | PostcodeNotFound:
    """A full postcode ('ns1 2ab'), or an outward code ('NS1', the centre of its postcodes)."""
    raw = (raw or "").strip()
    if len(raw) > postcodes.MAX_INPUT_LENGTH:
        return PostcodeNotFound("Postcode must be 8 characters or fewer, like NS1 2AB")
    normalised = postcodes.normalise(raw)
    if normalised:
        row = Postcode.objects.filter(postcode=normalised).values_list("latitude", "longitude").first()
        if row:
            return Origin(normalised, row[0], row[1])
    elif postcodes.is_outward_code(raw):
        outward = raw.replace(" ", "").upper()
        centre = Postcode.objects.filter(outward=outward).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
        if centre["lat"] is not None:
            return Origin(outward, centre["lat"], centre["lon"])
    suggestions = postcode_suggestions(raw, normalised)
    if normalised:
        return PostcodeNotFound(
            f"We could not find the postcode {normalised}. Check it and try again", suggestions
        )
    return PostcodeNotFound("Enter a real postcode, like NS1 2AB", suggestions)


def postcode_suggestions(raw: str, normalised: str | None = None, limit: int = 3) -> list[str]:
    """Known postcodes one or two mistyped characters away, then others in the same sector."""
    found = list(
        Postcode.objects.filter(postcode__in=postcodes.variants(raw)).values_list("postcode", flat=True)
    )
    order = postcodes.variants(raw)
    found.sort(key=order.index)
    if normalised and len(found) < limit:
        same_sector = (
            Postcode.objects.filter(postcode__startswith=postcodes.sector(normalised))
            .exclude(postcode__in=found)
            .order_by("postcode")
            .values_list("postcode", flat=True)
        )
        nearby = list(same_sector[:20])
        # The closest alphabetically to what was typed ('NS1 2AZ' -> 'NS1 2AY' before 'NS1 2AA')
        nearby.sort(key=lambda p: (abs(_letters_value(p) - _letters_value(normalised)), p))
        found.extend(nearby)
    return found[:limit]


def _letters_value(postcode: str) -> int:
    inward = postcode.split(" ")[1]
    return (ord(inward[1]) - 65) * 26 + (ord(inward[2]) - 65)


# Search


@dataclass
class Filters:
    text: str = ""
    term_ids: Sequence[uuid.UUID] = ()
    minimum_age: int | None = None
    maximum_age: int | None = None
    day: str | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    origin: Origin | None = None
    radius_metres: float = DEFAULT_RADIUS_METRES
    free_only: bool = False
    family_hubs_only: bool = False
    # Public search and suggestions: after the nearby results, services with no place to visit
    include_remote: bool = False


@dataclass(frozen=True)
class Hit:
    service_id: uuid.UUID
    distance: float | None = None  # metres
    location_id: uuid.UUID | None = None


def with_descendants(term_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The terms and every term beneath them (choosing 'Family support' finds 'Parenting support')."""
    children: dict[Any, list[uuid.UUID]] = {}
    for term_id, parent_id in TaxonomyTerm.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(term_id)
    found: set[uuid.UUID] = set()
    stack = list(term_ids)
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def term_ids_for_codes(codes: Iterable[str]) -> list[uuid.UUID]:
    return list(TaxonomyTerm.objects.filter(code__in=list(codes)).values_list("id", flat=True))


def _words(text: str) -> list[str]:
    return [word for word in text.split() if word][:MAX_QUERY_WORDS]


def filtered_services(filters: Filters) -> QuerySet[Service]:
    """Active services matching every filter except proximity."""
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    for word in _words(filters.text[:MAX_QUERY_LENGTH]):
        services = services.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
        )
    if filters.term_ids:
        terms = with_descendants(filters.term_ids)
        services = services.filter(
            id__in=Service.taxonomy_terms.through.objects.filter(taxonomy_term_id__in=terms).values(
                "service_id"
            )
        )
    # Ages: the child's age range overlaps the service's (an open end means no limit)
    if filters.minimum_age is not None:
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.minimum_age))
    if filters.maximum_age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.maximum_age))
    if filters.day or filters.start_time or filters.end_time:
        # The same rule as schedules.open_on, in SQL
        openings = Schedule.objects.filter(service__isnull=False)
        if filters.day:
            openings = openings.filter(Q(freq="DAILY") | Q(byday__contains=filters.day))
        if filters.start_time:
            openings = openings.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=filters.start_time))
        if filters.end_time:
            openings = openings.filter(Q(opens_at__isnull=True) | Q(opens_at__lt=filters.end_time))
        services = services.filter(id__in=openings.values("service_id"))
    if filters.free_only:
        services = services.filter(is_free=True)
    if filters.family_hubs_only:
        services = services.filter(
            id__in=ServiceAtLocation.objects.filter(
                location__is_family_hub=True, location__is_active=True
            ).values("service_id")
        )
    return services


def _placed(services: QuerySet[Service]) -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(
        service__in=services, location__is_active=True, location__latitude__isnull=False
    )


def search(filters: Filters) -> list[Hit]:
    """Every match, nearest first when there is an origin, otherwise by name."""
    services = filtered_services(filters)
    if filters.origin is None:
        return [
            Hit(service_id) for service_id in services.order_by("name", "id").values_list("id", flat=True)
        ]
    origin = filters.origin
    radius = min(filters.radius_metres, MAX_RADIUS_METRES)
    box = geo.bounding_box(origin.latitude, origin.longitude, radius)
    rows = (
        _placed(services)
        .filter(
            location__latitude__gte=box.min_latitude,
            location__latitude__lte=box.max_latitude,
            location__longitude__gte=box.min_longitude,
            location__longitude__lte=box.max_longitude,
        )
        .values_list("service_id", "location_id", "location__latitude", "location__longitude")
    )
    best: dict[uuid.UUID, tuple[float, uuid.UUID]] = {}
    for service_id, location_id, latitude, longitude in rows:
        distance = geo.haversine_metres(origin.latitude, origin.longitude, latitude, longitude)
        if distance <= radius and (service_id not in best or distance < best[service_id][0]):
            best[service_id] = (distance, location_id)
    hits = [Hit(sid, d, lid) for sid, (d, lid) in best.items()]
    hits.sort(key=lambda hit: (hit.distance, str(hit.service_id)))
    if filters.include_remote:
        remote = services.exclude(id__in=_placed(Service.objects.all()).values("service_id"))
        hits.extend(Hit(sid) for sid in remote.order_by("name", "id").values_list("id", flat=True))
    return hits


def services_for_hits(hits: Sequence[Hit], *, details: bool = True) -> list[tuple[Service, Hit]]:
    """The services behind a page of hits, in the hits' order, with everything a page or the API shows."""
    queryset = Service.objects.filter(id__in=[hit.service_id for hit in hits])
    queryset = oruk_json.with_details(queryset) if details else queryset.select_related("organization")
    by_id = {service.id: service for service in queryset}
    return [(by_id[hit.service_id], hit) for hit in hits if hit.service_id in by_id]


def service_detail(service_id: uuid.UUID, *, include_retired: bool = False) -> Service | None:
    services = (
        Service.objects.all() if include_retired else Service.objects.filter(status=Service.Status.ACTIVE)
    )
    return oruk_json.with_details(services.filter(id=service_id)).first()


def top_level_categories() -> QuerySet[TaxonomyTerm]:
    from .taxonomy import TAXONOMY_ID

    return TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID, parent__isnull=True)


# Suggestions for the front door (screener ADVICE/UNIVERSAL routes, signpost decisions)


@dataclass(frozen=True)
class SuggestedService:
    id: uuid.UUID
    name: str
    organisation: str
    summary: str
    categories: list[str]
    ages: str
    cost: str
    distance_metres: float | None
    distance: str  # "1.2 miles", or "" when there is no postcode or the service is online/phone
    where: str  # the nearest place, or "Online or by phone"
    phone: str
    email: str
    website: str
    path: str  # the public service page

    def as_text(self) -> str:
        """For an email: name, how to reach them, and the public page (prefix the site's address)."""
        lines = [self.name + (f" ({self.organisation})" if self.organisation else "")]
        if self.phone:
            lines.append(f"Phone: {self.phone}")
        if self.email:
            lines.append(f"Email: {self.email}")
        if self.website:
            lines.append(f"Website: {self.website}")
        if self.where:
            lines.append(f"Where: {self.where}" + (f" ({self.distance} away)" if self.distance else ""))
        return "\n".join(lines)


def describe_ages(minimum: int | None, maximum: int | None) -> str:
    if minimum is None and maximum is None:
        return "All ages"
    if minimum in (None, 0):
        return f"Up to {maximum} years" if maximum is not None else "All ages"
    if maximum is None:
        return f"{minimum} years and over"
    return f"{minimum} to {maximum} years"


def describe_cost(service: Service) -> str:
    if service.is_free:
        return "Free"
    options = [c for c in service.cost_options.all() if c.amount]
    if options:
        first = options[0]
        unit = f" {first.amount_description}" if first.amount_description else ""
        return f"£{first.amount:,.2f}{unit}".replace(".00", "")
    return service.fees_description or "There may be a cost"


def _address_line(location: Location) -> str:
    addresses = list(location.addresses.all())
    parts = [location.name]
    if addresses:
        address = addresses[0]
        parts.extend(p for p in (address.address_1, address.city, address.postal_code) if p)
    return ", ".join(p for p in parts if p)


def suggestion(service: Service, hit: Hit) -> SuggestedService:
    phones = [p.number for p in service.phones.all()]
    sals = [sal for sal in service.service_at_locations.all() if sal.location.is_active]
    nearest = next((sal.location for sal in sals if sal.location_id == hit.location_id), None)
    if nearest is None and sals:
        nearest = sals[0].location
    return SuggestedService(
        id=service.id,
        name=service.name,
        organisation=service.organization.name,
        summary=service.description.split("\n")[0][:300],
        categories=[a.taxonomy_term.name for a in service.attributes.all()],
        ages=describe_ages(service.minimum_age, service.maximum_age),
        cost=describe_cost(service),
        distance_metres=hit.distance,
        distance=geo.describe_distance(hit.distance) if hit.distance is not None else "",
        where=_address_line(nearest) if nearest else "Online or by phone",
        phone=phones[0] if phones else "",
        email=service.email,
        website=service.url,
        path=reverse("directory:service", args=[service.id]),
    )


def services_for_need(
    category_slugs: Sequence[str],
    child_age: int | None = None,
    postcode: str | None = None,
    limit: int = 5,
    *,
    radius_miles: float = 10,
) -> list[SuggestedService]:
    """Services that fit a need (family hubs category or sub-category codes, e.g. "family-support",
    "parenting-support") and the child's age, nearest the family's postcode first.

    An unknown or missing postcode still gives suggestions, by name, without distances. If nothing fits within
    the radius, the radius is widened once (to three times). Online and phone services follow the nearby ones.
    """
    term_ids = term_ids_for_codes(category_slugs) if category_slugs else []
    if category_slugs and not term_ids:
        return []
    located = locate(postcode) if postcode else None
    origin = located if isinstance(located, Origin) else None
    filters = Filters(
        term_ids=term_ids,
        minimum_age=child_age,
        maximum_age=child_age,
        origin=origin,
        radius_metres=radius_miles * geo.METRES_PER_MILE,
        include_remote=True,
    )
    hits = search(filters)
    if origin is not None and not any(hit.distance is not None for hit in hits):
        filters.radius_metres *= 3
        hits = search(filters)
    return [suggestion(service, hit) for service, hit in services_for_hits(hits[: max(0, limit)])]


def suggested_services_by_ids(service_ids: Iterable[uuid.UUID | str]) -> list[SuggestedService]:
    """The suggestions recorded on a decision, for its page and its outcome email (retired ones included)."""
    ids = [uuid.UUID(str(i)) for i in service_ids]
    services = oruk_json.with_details(Service.objects.filter(id__in=ids))
    by_id = {service.id: service for service in services}
    return [suggestion(by_id[i], Hit(i)) for i in ids if i in by_id]


def suggestions_as_email_text(suggested: Sequence[SuggestedService], site_url: str = "") -> str:
    """A plain-text block for the outcome email; no detail of the concern."""
    blocks = []
    for item in suggested:
        text = item.as_text()
        if site_url:
            text += f"\nMore information: {site_url.rstrip('/')}{item.path}"
        blocks.append(text)
    return "\n\n".join(blocks)


# Staff


def staff_services(
    *, text: str = "", include_retired: bool = False, overdue_only: bool = False
) -> QuerySet[Service]:
    services = Service.objects.select_related("organization")
    if not include_retired:
        services = services.exclude(status__in=[Service.Status.INACTIVE, Service.Status.DEFUNCT])
    for word in _words(text[:MAX_QUERY_LENGTH]):
        services = services.filter(Q(name__icontains=word) | Q(organization__name__icontains=word))
    if overdue_only:
        services = overdue_for_review(services)
    return services.order_by("name", "id")


def review_cutoff(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=REVIEW_EVERY_DAYS)


def overdue_for_review(services: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Active services not reviewed in the last 12 months (or never), oldest first."""
    services = services if services is not None else Service.objects.select_related("organization")
    return (
        services.filter(status=Service.Status.ACTIVE)
        .filter(Q(assured_date__isnull=True) | Q(assured_date__lt=review_cutoff()))
        .order_by("assured_date", "name")
    )


def staff_locations(*, include_retired: bool = False) -> QuerySet[Location]:
    locations = Location.objects.prefetch_related("addresses")
    if not include_retired:
        locations = locations.filter(is_active=True)
    return locations.order_by("-is_family_hub", "name")


def opening_times(service: Service) -> list[str]:
    result = []
    for schedule in service.schedules.all():
        opening = schedules.Opening(
            schedule.freq,
            tuple(schedule.byday.split(",")) if schedule.byday else (),
            schedule.opens_at,
            schedule.closes_at,
        )
        text = schedules.describe(opening)
        if schedule.description:
            text = f"{text} ({schedule.description})" if text else schedule.description
        if text:
            result.append(text)
    return result
