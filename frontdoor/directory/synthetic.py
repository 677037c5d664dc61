"""A large synthetic directory written straight to the database (for the benchmark and proximity tests).

Far faster than the importer; every name is invented. Services are spread over the fictional Northshire area.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import transaction

from .models import Attribute, Location, Organization, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from .schedules import DAYS

CENTRE = (54.60, -1.90)


@transaction.atomic
def bulk_directory(services: int, *, seed: int = 1, spread_degrees: float = 0.35) -> None:
    rng = random.Random(seed)
    terms = list(TaxonomyTerm.objects.filter(parent__isnull=False).values_list("id", flat=True))
    organisations = [
        Organization(id=uuid.UUID(int=rng.getrandbits(128)), name=f"Synthetic organisation {i}")
        for i in range(max(1, services // 50))
    ]
    Organization.objects.bulk_create(organisations, batch_size=1000)
    locations = [
        Location(
            id=uuid.UUID(int=rng.getrandbits(128)),
            name=f"Synthetic place {i}",
            latitude=CENTRE[0] + rng.uniform(-spread_degrees, spread_degrees),
            longitude=CENTRE[1] + rng.uniform(-spread_degrees * 1.7, spread_degrees * 1.7),
            is_family_hub=i % 200 == 0,
            is_active=rng.random() > 0.01,
        )
        for i in range(max(1, services // 3))
    ]
    Location.objects.bulk_create(locations, batch_size=2000)
    rows: list[Service] = []
    attributes: list[Attribute] = []
    sals: list[ServiceAtLocation] = []
    openings: list[Schedule] = []
    today = datetime.date.today()
    for i in range(services):
        minimum = rng.choice([None, 0, 0, 2, 5, 11])
        maximum = (
            rng.choice([None, 5, 11, 18, 25])
            if minimum is None or minimum < 5
            else rng.choice([None, 18, 25])
        )
        service = Service(
            id=uuid.UUID(int=rng.getrandbits(128)),
            organization=rng.choice(organisations),
            name=f"Synthetic service {i:05d}",
            description=rng.choice(
                ["Play and stories.", "Advice on money.", "Support for parents.", "Youth club."]
            ),
            status=Service.Status.ACTIVE if rng.random() > 0.03 else Service.Status.INACTIVE,
            minimum_age=minimum,
            maximum_age=maximum,
            is_free=rng.random() < 0.8,
            assured_date=today - datetime.timedelta(days=rng.randrange(700)),
        )
        rows.append(service)
        for term in rng.sample(terms, rng.choice([1, 1, 2])):
            attributes.append(
                Attribute(id=uuid.UUID(int=rng.getrandbits(128)), service=service, taxonomy_term_id=term)
            )
        if rng.random() > 0.05:  # a few are online or by phone only
            for location in rng.sample(locations, rng.choice([1, 1, 1, 2, 3])):
                sals.append(
                    ServiceAtLocation(
                        id=uuid.UUID(int=rng.getrandbits(128)), service=service, location=location
                    )
                )
        start = rng.choice([8, 9, 10, 13, 16, 18])
        openings.append(
            Schedule(
                id=uuid.UUID(int=rng.getrandbits(128)),
                service=service,
                freq="WEEKLY",
                byday=",".join(sorted(rng.sample(DAYS, rng.choice([1, 2, 5])), key=DAYS.index)),
                opens_at=datetime.time(start),
                closes_at=datetime.time(start + rng.choice([1, 2, 3])),
            )
        )
    Service.objects.bulk_create(rows, batch_size=2000)
    Attribute.objects.bulk_create(attributes, batch_size=2000)
    ServiceAtLocation.objects.bulk_create(sals, batch_size=2000)
    Schedule.objects.bulk_create(openings, batch_size=2000)


def brute_force(
    origin: tuple[float, float], radius_metres: float, term_ids: set[uuid.UUID] | None = None
) -> list[tuple[uuid.UUID, float]]:
    """The answer by exhaustion: every active service with an active placed location within the radius,
    nearest first (ties by id), optionally with one of the terms. Independent of the search code's SQL."""
    from .geo import haversine_metres

    services = {s.id: s for s in Service.objects.filter(status=Service.Status.ACTIVE)}
    tagged: dict[uuid.UUID, set[uuid.UUID]] = {}
    for service_id, term_id in Attribute.objects.values_list("service_id", "taxonomy_term_id"):
        tagged.setdefault(service_id, set()).add(term_id)
    places = {loc.id: loc for loc in Location.objects.all()}
    best: dict[uuid.UUID, float] = {}
    for service_id, location_id in ServiceAtLocation.objects.values_list("service_id", "location_id"):
        location = places[location_id]
        if service_id not in services or not location.is_active or location.latitude is None:
            continue
        if term_ids is not None and not (tagged.get(service_id, set()) & term_ids):
            continue
        distance = haversine_metres(origin[0], origin[1], location.latitude, location.longitude)  # type: ignore[arg-type]
        if distance <= radius_metres and distance < best.get(service_id, float("inf")):
            best[service_id] = distance
    return sorted(best.items(), key=lambda item: (item[1], str(item[0])))
