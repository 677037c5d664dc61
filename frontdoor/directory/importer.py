"""Import Open Referral UK 3.0 JSON: validate, then upsert each service by id, all of it or none of it.

A service is stored in one transaction with its organisation, locations, phones, schedules, eligibility, costs,
languages, areas, contacts and taxonomy terms. If any part fails, nothing of that service is stored and the
report says why, with the field path; the other services still import.
"""

from __future__ import annotations

import datetime
import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from . import oruk, schedules, taxonomy
from .models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    DirectoryContact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

MAX_PAGES = 1000
FETCH_TIMEOUT_SECONDS = 30
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


@dataclass
class Rejection:
    path: str
    service_id: str
    name: str
    issues: list[oruk.Issue]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


class _Reject(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.issue = oruk.Issue(path, message)


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(obj: dict[str, Any], key: str) -> datetime.date | None:
    value = obj.get(key)
    return datetime.date.fromisoformat(value) if value else None


def _time(obj: dict[str, Any], key: str) -> datetime.time | None:
    value = obj.get(key)
    return schedules.parse_time(value) if value else None


def _upsert_organization(data: dict[str, Any]) -> Organization:
    org, _ = Organization.objects.update_or_create(
        id=data["id"],
        defaults={
            "name": _text(data, "name"),
            "alternate_name": _text(data, "alternate_name"),
            "description": _text(data, "description"),
            "email": _text(data, "email"),
            "website": _text(data, "website"),
            "uri": _text(data, "uri"),
        },
    )
    parent_id = data.get("parent_organization_id")
    if parent_id and parent_id != str(org.id) and Organization.objects.filter(id=parent_id).exists():
        Organization.objects.filter(id=org.id).update(parent_organization_id=parent_id)
    return org


def _term(data: dict[str, Any], path: str) -> TaxonomyTerm:
    term_data = data.get("taxonomy_term")
    if term_data is None:
        term = TaxonomyTerm.objects.filter(id=data["taxonomy_term_id"]).first()
        if term is None:
            raise _Reject(f"{path}.taxonomy_term_id", "is not a taxonomy term we know; include taxonomy_term")
        return term
    taxonomy_id = term_data.get("taxonomy_id")
    detail = term_data.get("taxonomy_detail")
    if isinstance(detail, dict):
        Taxonomy.objects.update_or_create(
            id=detail["id"],
            defaults={"name": _text(detail, "name"), "description": _text(detail, "description")},
        )
        taxonomy_id = detail["id"]
    if taxonomy_id and not Taxonomy.objects.filter(id=taxonomy_id).exists():
        taxonomy_id = None
    parent_id = term_data.get("parent_id")
    if parent_id and not TaxonomyTerm.objects.filter(id=parent_id).exists():
        parent_id = None
    term, _ = TaxonomyTerm.objects.update_or_create(
        id=term_data["id"],
        defaults={
            "name": _text(term_data, "name"),
            "code": _text(term_data, "code"),
            "description": _text(term_data, "description"),
            "parent_id": parent_id,
            "taxonomy_id": taxonomy_id,
        },
    )
    return term


def _schedule(data: dict[str, Any], **owner: Any) -> Schedule:
    return Schedule(
        id=data["id"],
        freq=(data.get("freq") or "WEEKLY").upper(),
        interval=data.get("interval"),
        byday=",".join(schedules.parse_byday(data.get("byday") or "") or ()),
        opens_at=_time(data, "opens_at"),
        closes_at=_time(data, "closes_at"),
        valid_from=_date(data, "valid_from"),
        valid_to=_date(data, "valid_to"),
        dtstart=_date(data, "dtstart"),
        until=_date(data, "until"),
        description=_text(data, "description"),
        notes=_text(data, "notes"),
        **owner,
    )


def _phone(data: dict[str, Any], **owner: Any) -> Phone:
    return Phone(
        id=data["id"],
        number=_text(data, "number"),
        extension=_text(data, "extension"),
        type=_text(data, "type"),
        description=_text(data, "description"),
        **owner,
    )


def _language(data: dict[str, Any], **owner: Any) -> Language:
    return Language(
        id=data["id"], name=_text(data, "name"), code=_text(data, "code"), note=_text(data, "note"), **owner
    )


def _is_family_hub(data: dict[str, Any]) -> bool:
    for attribute in data.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        if attribute.get("taxonomy_term_id") == str(taxonomy.FAMILY_HUB_TERM_ID) or (
            term.get("code") == taxonomy.FAMILY_HUB_CODE
        ):
            return str(attribute.get("value", "true")).lower() not in {"false", "no", "0"}
    return False


def _upsert_location(data: dict[str, Any], organization: Organization) -> Location:
    # A place is shared by many services: its organisation is the one the feed names, else the one it has,
    # else the organisation of the first service found there
    named = data.get("organization_id")
    if named and Organization.objects.filter(id=named).exists():
        owner_id = named
    else:
        owner_id = Location.objects.filter(id=data["id"]).values_list("organization_id", flat=True).first()
        owner_id = owner_id or organization.id
    location, _ = Location.objects.update_or_create(
        id=data["id"],
        defaults={
            "name": _text(data, "name"),
            "alternate_name": _text(data, "alternate_name"),
            "description": _text(data, "description"),
            "transportation": _text(data, "transportation"),
            "url": _text(data, "url"),
            "location_type": data.get("location_type") or Location.Type.PHYSICAL,
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "is_family_hub": _is_family_hub(data),
            "organization_id": owner_id,
        },
    )
    location.addresses.all().delete()
    location.accessibility.all().delete()
    location.phones.all().delete()
    location.schedules.all().delete()
    location.languages.all().delete()
    Address.objects.bulk_create(
        Address(
            id=a["id"],
            location=location,
            attention=_text(a, "attention"),
            address_1=_text(a, "address_1"),
            address_2=_text(a, "address_2"),
            city=_text(a, "city"),
            region=_text(a, "region"),
            state_province=_text(a, "state_province"),
            postal_code=_text(a, "postal_code").upper(),
            country=_text(a, "country") or "GB",
            address_type=_text(a, "address_type") or "physical",
        )
        for a in data.get("addresses") or []
    )
    Accessibility.objects.bulk_create(
        Accessibility(
            id=a["id"],
            location=location,
            description=_text(a, "description"),
            details=_text(a, "details"),
            url=_text(a, "url"),
        )
        for a in data.get("accessibility") or []
    )
    Phone.objects.bulk_create(_phone(p, location=location) for p in data.get("phones") or [])
    Schedule.objects.bulk_create(_schedule(s, location=location) for s in data.get("schedules") or [])
    Language.objects.bulk_create(_language(lang, location=location) for lang in data.get("languages") or [])
    return location


def is_free(cost_options: list[dict[str, Any]], fees_description: str) -> bool:
    """Free unless a cost option has an amount above zero, or fees are described without saying free."""
    if any(Decimal(str(c.get("amount") or 0)) > 0 for c in cost_options):
        return False
    return not fees_description or "free" in fees_description.lower()


def _store_service(data: dict[str, Any], path: str) -> bool:
    """Upsert one valid service and everything under it. Returns True when created."""
    org_data = data.get("organization")
    if isinstance(org_data, dict):
        organization = _upsert_organization(org_data)
    else:
        found = Organization.objects.filter(id=data["organization_id"]).first()
        if found is None:
            raise _Reject(f"{path}.organization_id", "is not an organisation we know; include organization")
        organization = found
    cost_options = data.get("cost_options") or []
    last_modified = data.get("last_modified")
    service, created = Service.objects.update_or_create(
        id=data["id"],
        defaults={
            "organization": organization,
            "name": _text(data, "name"),
            "alternate_name": _text(data, "alternate_name"),
            "description": _text(data, "description"),
            "url": _text(data, "url"),
            "email": _text(data, "email"),
            "status": data["status"],
            "fees_description": _text(data, "fees_description"),
            "eligibility_description": _text(data, "eligibility_description"),
            "application_process": _text(data, "application_process"),
            "minimum_age": data.get("minimum_age"),
            "maximum_age": data.get("maximum_age"),
            "assured_date": _date(data, "assured_date"),
            "last_modified": datetime.datetime.fromisoformat(last_modified)
            if last_modified
            else timezone.now(),
            "is_free": is_free(cost_options, _text(data, "fees_description")),
        },
    )
    # Replace what hangs off the service: the feed is the truth for this service
    for related in (
        service.phones,
        service.schedules,
        service.service_areas,
        service.languages,
        service.cost_options,
        service.contacts,
        service.attributes,
        service.service_at_locations,
    ):
        related.all().delete()
    Phone.objects.bulk_create(_phone(p, service=service) for p in data.get("phones") or [])
    Schedule.objects.bulk_create(_schedule(s, service=service) for s in data.get("schedules") or [])
    ServiceArea.objects.bulk_create(
        ServiceArea(
            id=a["id"],
            service=service,
            name=_text(a, "name"),
            description=_text(a, "description"),
            extent=_text(a, "extent"),
            extent_type=_text(a, "extent_type"),
            uri=_text(a, "uri"),
        )
        for a in data.get("service_areas") or []
    )
    Language.objects.bulk_create(_language(lang, service=service) for lang in data.get("languages") or [])
    CostOption.objects.bulk_create(
        CostOption(
            id=c["id"],
            service=service,
            option=_text(c, "option"),
            currency=_text(c, "currency") or "GBP",
            amount=Decimal(str(c["amount"])) if c.get("amount") is not None else None,
            amount_description=_text(c, "amount_description"),
            valid_from=_date(c, "valid_from"),
            valid_to=_date(c, "valid_to"),
        )
        for c in cost_options
    )
    for c in data.get("contacts") or []:
        contact = DirectoryContact.objects.create(
            id=c["id"],
            service=service,
            name=_text(c, "name"),
            title=_text(c, "title"),
            department=_text(c, "department"),
            email=_text(c, "email"),
        )
        Phone.objects.bulk_create(_phone(p, contact=contact) for p in c.get("phones") or [])
    seen_terms: set[Any] = set()
    for index, a in enumerate(data.get("attributes") or []):
        term = _term(a, f"{path}.attributes[{index}]")
        if term.id in seen_terms:
            continue
        seen_terms.add(term.id)
        Attribute.objects.create(
            id=a.get("id") or taxonomy.uuid.uuid4(),
            service=service,
            taxonomy_term=term,
            value=_text(a, "value"),
            label=_text(a, "label"),
        )
    for index, s in enumerate(data.get("service_at_locations") or []):
        location_data = s.get("location")
        if isinstance(location_data, dict):
            location = _upsert_location(location_data, organization)
        else:
            found_location = Location.objects.filter(id=s["location_id"]).first()
            if found_location is None:
                raise _Reject(
                    f"{path}.service_at_locations[{index}].location_id",
                    "is not a location we know; include location",
                )
            location = found_location
        sal = ServiceAtLocation.objects.create(
            id=s["id"], service=service, location=location, description=_text(s, "description")
        )
        Schedule.objects.bulk_create(
            _schedule(x, service=service, service_at_location=sal) for x in s.get("schedules") or []
        )
        Phone.objects.bulk_create(_phone(p, service_at_location=sal) for p in s.get("phones") or [])
    return created


def import_records(records: list[Any], prefix: str, report: ImportReport | None = None) -> ImportReport:
    report = report or ImportReport()
    for index, record in enumerate(records):
        path = f"{prefix}[{index}]"
        service_id = str(record.get("id", "")) if isinstance(record, dict) else ""
        name = str(record.get("name", "")) if isinstance(record, dict) else ""
        issues = oruk.validate_service(record, path)
        if issues:
            report.rejected.append(Rejection(path, service_id, name, issues))
            continue
        try:
            with transaction.atomic():
                created = _store_service(record, path)
        except _Reject as rejected:
            report.rejected.append(Rejection(path, service_id, name, [rejected.issue]))
            continue
        except DatabaseError as error:
            # Most often an id that another record already uses (a phone shared between two services)
            message = str(error).splitlines()[0][:300]
            report.rejected.append(
                Rejection(path, service_id, name, [oruk.Issue(path, f"could not be stored: {message}")])
            )
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


def import_document(document: Any, report: ImportReport | None = None) -> ImportReport:
    report = report or ImportReport()
    found = oruk.services_in(document)
    if isinstance(found, oruk.Issue):
        report.rejected.append(Rejection(found.path, "", "", [found]))
        return report
    records, prefix = found
    return import_records(records, prefix, report)


class ImportSourceError(Exception):
    """The file or address could not be read as JSON."""


def _fetch_json(url: str) -> Any:
    if urllib.parse.urlparse(url).scheme not in {"http", "https"}:
        raise ImportSourceError(f"{url} is not an http or https address")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise ImportSourceError(f"Could not fetch {url}: {error}") from error
    if len(body) > MAX_DOCUMENT_BYTES:
        raise ImportSourceError(f"{url} is larger than {MAX_DOCUMENT_BYTES // 1024 // 1024} MB")
    try:
        return json.loads(body)
    except ValueError as error:
        raise ImportSourceError(f"{url} is not JSON: {error}") from error


def _with_page(url: str, page: int, per_page: int) -> str:
    parts = urllib.parse.urlparse(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({"page": str(page), "per_page": str(per_page)})
    return urllib.parse.urlunparse(parts._replace(query=urllib.parse.urlencode(query)))


def import_url(
    url: str,
    *,
    per_page: int = 100,
    fetch: Callable[[str], Any] = _fetch_json,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Read every page of an ORUK `/services` API (or one JSON document at the address)."""
    report = ImportReport()
    first = fetch(_with_page(url, 1, per_page))
    pages = oruk.page_count(first)
    if pages is None:
        return import_document(first, report)
    pages = min(pages, MAX_PAGES)
    document = first
    for page in range(1, pages + 1):
        if page > 1:
            document = fetch(_with_page(url, page, per_page))
        found = oruk.services_in(document)
        if isinstance(found, oruk.Issue):
            issue = oruk.Issue(f"page {page}: {found.path}", found.message)
            report.rejected.append(Rejection(f"page {page}", "", "", [issue]))
            continue
        import_records(found[0], f"page {page}: {found[1]}", report)
        if progress:
            progress(page, pages)
    return report


def import_file(path: str) -> ImportReport:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as error:
        raise ImportSourceError(f"Could not read {path}: {error}") from error
    except ValueError as error:
        raise ImportSourceError(f"{path} is not JSON: {error}") from error
    return import_document(document)
