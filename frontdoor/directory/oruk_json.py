"""Directory records as Open Referral UK 3.0 JSON (the API, the export, and the shape the importer reads)."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from . import taxonomy
from .models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/profile/3.0"

LOCATION_PREFETCH = ["addresses", "accessibility", "phones", "schedules", "languages"]
SERVICE_PREFETCH: list[Any] = [
    "phones",
    Prefetch("schedules", queryset=Schedule.objects.filter(service_at_location__isnull=True)),
    "service_areas",
    "languages",
    "cost_options",
    "contacts__phones",
    "attributes__taxonomy_term__taxonomy",
    Prefetch(
        "service_at_locations",
        queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
            "schedules", "phones", *[f"location__{name}" for name in LOCATION_PREFETCH]
        ),
    ),
]


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organization").prefetch_related(*SERVICE_PREFETCH)


def _s(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return None
    if hasattr(value, "hex"):  # UUID
        return str(value)
    return value


def _or_none(value: str) -> str | None:
    return value or None


def organization_json(org: Organization) -> dict[str, Any]:
    return {
        "id": str(org.id),
        "name": org.name,
        "alternate_name": _or_none(org.alternate_name),
        "description": org.description,
        "email": _or_none(org.email),
        "website": _or_none(org.website),
        "uri": _or_none(org.uri),
        "parent_organization_id": _s(org.parent_organization_id),
    }


def phone_json(phone: Any) -> dict[str, Any]:
    return {
        "id": str(phone.id),
        "number": phone.number,
        "extension": _or_none(phone.extension),
        "type": _or_none(phone.type),
        "description": _or_none(phone.description),
    }


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": str(schedule.id),
        "freq": schedule.freq or None,
        "interval": schedule.interval,
        "byday": _or_none(schedule.byday),
        "opens_at": _s(schedule.opens_at),
        "closes_at": _s(schedule.closes_at),
        "valid_from": _s(schedule.valid_from),
        "valid_to": _s(schedule.valid_to),
        "dtstart": _s(schedule.dtstart),
        "until": _s(schedule.until),
        "timezone": None,
        "description": _or_none(schedule.description),
        "notes": _or_none(schedule.notes),
    }


def taxonomy_json(tax: Taxonomy) -> dict[str, Any]:
    return {
        "id": str(tax.id),
        "name": tax.name,
        "description": tax.description,
        "uri": _or_none(tax.uri),
        "version": _or_none(tax.version),
    }


def taxonomy_term_json(term: TaxonomyTerm, *, with_taxonomy: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(term.id),
        "code": _or_none(term.code),
        "name": term.name,
        "description": term.description,
        "parent_id": _s(term.parent_id),
        "taxonomy": term.taxonomy.name if term.taxonomy_id and with_taxonomy else None,
        "taxonomy_id": _s(term.taxonomy_id),
        "language": "en",
        "term_uri": _or_none(term.term_uri),
    }
    if with_taxonomy and term.taxonomy_id:
        data["taxonomy_detail"] = taxonomy_json(term.taxonomy)
    return data


def _family_hub_attribute(location: Location) -> dict[str, Any]:
    return {
        "id": str(taxonomy.uuid.uuid5(taxonomy.NAMESPACE, f"family-hub:{location.id}")),
        "link_id": str(location.id),
        "link_type": "location",
        "link_entity": "location",
        "taxonomy_term_id": str(taxonomy.FAMILY_HUB_TERM_ID),
        "taxonomy_term": {
            "id": str(taxonomy.FAMILY_HUB_TERM_ID),
            "code": taxonomy.FAMILY_HUB_CODE,
            "name": "Family hub",
            "taxonomy_id": str(taxonomy.LOCATION_TAXONOMY_ID),
            "taxonomy_detail": {
                "id": str(taxonomy.LOCATION_TAXONOMY_ID),
                "name": taxonomy.LOCATION_TAXONOMY_NAME,
            },
        },
        "value": "true",
        "label": "Family hub",
    }


def location_json(location: Location) -> dict[str, Any]:
    return {
        "id": str(location.id),
        "location_type": location.location_type,
        "organization_id": _s(location.organization_id),
        "name": location.name,
        "alternate_name": _or_none(location.alternate_name),
        "description": location.description,
        "transportation": _or_none(location.transportation),
        "url": _or_none(location.url),
        "latitude": location.latitude,
        "longitude": location.longitude,
        "addresses": [
            {
                "id": str(a.id),
                "attention": _or_none(a.attention),
                "address_1": a.address_1,
                "address_2": _or_none(a.address_2),
                "city": a.city,
                "region": _or_none(a.region),
                "state_province": a.state_province,
                "postal_code": a.postal_code,
                "country": a.country,
                "address_type": a.address_type,
            }
            for a in location.addresses.all()
        ],
        "accessibility": [
            {"id": str(a.id), "description": a.description, "details": a.details, "url": _or_none(a.url)}
            for a in location.accessibility.all()
        ],
        "phones": [phone_json(p) for p in location.phones.all()],
        "schedules": [schedule_json(s) for s in location.schedules.all()],
        "languages": [language_json(lang) for lang in location.languages.all()],
        "attributes": [_family_hub_attribute(location)] if location.is_family_hub else [],
    }


def language_json(language: Any) -> dict[str, Any]:
    return {
        "id": str(language.id),
        "name": language.name,
        "code": _or_none(language.code),
        "note": _or_none(language.note),
    }


def service_at_location_json(sal: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "description": sal.description,
        "schedules": [schedule_json(s) for s in sal.schedules.all()],
        "phones": [phone_json(p) for p in sal.phones.all()],
        "location": location_json(sal.location),
    }


def service_json(service: Service, *, distance: float | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(service.id),
        "organization_id": str(service.organization_id),
        "name": service.name,
        "alternate_name": _or_none(service.alternate_name),
        "description": service.description,
        "url": _or_none(service.url),
        "email": _or_none(service.email),
        "status": service.status,
        "fees_description": _or_none(service.fees_description),
        "eligibility_description": _or_none(service.eligibility_description),
        "application_process": _or_none(service.application_process),
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": _s(service.assured_date),
        "last_modified": _s(service.last_modified),
        "organization": organization_json(service.organization),
        "phones": [phone_json(p) for p in service.phones.all()],
        "schedules": [schedule_json(s) for s in service.schedules.all()],
        "service_areas": [
            {
                "id": str(a.id),
                "name": a.name,
                "description": a.description,
                "extent": _or_none(a.extent),
                "extent_type": _or_none(a.extent_type),
                "uri": _or_none(a.uri),
            }
            for a in service.service_areas.all()
        ],
        "service_at_locations": [
            service_at_location_json(sal)
            for sal in service.service_at_locations.all()
            if sal.location.is_active
        ],
        "languages": [language_json(lang) for lang in service.languages.all()],
        "cost_options": [
            {
                "id": str(c.id),
                "option": _or_none(c.option),
                "currency": c.currency,
                "amount": _s(c.amount),
                "amount_description": _or_none(c.amount_description),
                "valid_from": _s(c.valid_from),
                "valid_to": _s(c.valid_to),
            }
            for c in service.cost_options.all()
        ],
        "contacts": [
            {
                "id": str(c.id),
                "name": c.name,
                "title": _or_none(c.title),
                "department": _or_none(c.department),
                "email": _or_none(c.email),
                "phones": [phone_json(p) for p in c.phones.all()],
            }
            for c in service.contacts.all()
        ],
        "attributes": [
            {
                "id": str(a.id),
                "link_id": str(service.id),
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": str(a.taxonomy_term_id),
                "taxonomy_term": taxonomy_term_json(a.taxonomy_term),
                "value": _or_none(a.value),
                "label": _or_none(a.label),
            }
            for a in service.attributes.all()
        ],
    }
    if distance is not None:
        # Not in HSDS 3.0: metres from the postcode searched, as ORUK v1 feeds gave it
        data["distance"] = round(distance)
    return data


def page_json(contents: list[Any], *, total_items: int, page_number: int, size: int) -> dict[str, Any]:
    """The HSDS 3.0 page: total_items, total_pages, page_number, size, first_page, last_page, empty, contents."""
    total_pages = max(1, math.ceil(total_items / size)) if size else 1
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": size,
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
