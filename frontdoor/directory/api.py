"""The Open Referral UK 3.0 API: read-only, open (no key), CORS for every origin, described in OpenAPI by
django-ninja (docs/adr/0022). Parameters are typed and checked by the framework; errors are JSON, never a 500.
Responses are the HSDS 3.0 JSON the export and the importer share (oruk_json), returned as they are built."""

from __future__ import annotations

import math
import uuid
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import re_path, reverse
from ninja import NinjaAPI, Path, Query, Schema
from pydantic import ConfigDict, Field, StringConstraints

from frontdoor.core.apis import UUID_PATTERN, ErrorOut, error, install_error_handlers, read_only_urls

from . import oruk_json, params, queries
from .models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

DAY_PATTERN = r"^(?i:MO|TU|WE|TH|FR|SA|SU|MON|TUE|WED|THU|FRI|SAT|SUN|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
# One id, or several separated by commas (the parameter may also be repeated)
UUIDS_PATTERN = rf"^{UUID_PATTERN}(,{UUID_PATTERN})*$"
Ids = list[Annotated[str, StringConstraints(pattern=UUIDS_PATTERN)]]
# Control characters are refused before any view runs (core.middleware)
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Id = Annotated[str, Path(pattern=f"^{UUID_PATTERN}$", description="A UUID")]
POSTCODE_PATTERN = r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$"

api = NinjaAPI(
    title="Northshire family services directory: Open Referral UK",
    version=oruk_json.ORUK_VERSION,
    description=(
        "Open Referral UK 3.0 (HSDS 3.0 UK profile). Read-only and open: no key, CORS for every origin. "
        "Lists are pages with total_items, total_pages, page_number, size, first_page, last_page, empty "
        "and contents. Errors are JSON: error (a sentence), status, and fields (a message per parameter)."
    ),
    urls_namespace="openreferral",
    docs_url=None,
)
install_error_handlers(
    api,
    pattern_messages={
        "day": "Day must be a day of the week, like MO or Monday",
        "start_time": "Start time must be a time like 09:30",
        "end_time": "End time must be a time like 09:30",
        "taxonomy_term_id": "taxonomy_term_id must be a taxonomy term id (a UUID)",
        "taxonomy_id": "taxonomy_id must be a taxonomy id (a UUID)",
        "parent_id": "parent_id must be a taxonomy term id (a UUID)",
        "postcode": "Enter a real postcode, like NS1 2AB",
    },
)
ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}


class Open(Schema):
    model_config = ConfigDict(extra="allow")


class ServiceOut(Open):
    id: uuid.UUID
    name: str
    status: str
    organization_id: uuid.UUID
    description: str
    minimum_age: int | None = None
    maximum_age: int | None = None
    distance: int | None = Field(None, description="Metres from the postcode, when one was given")


class LocationOut(Open):
    id: uuid.UUID
    name: str
    latitude: float | None = None
    longitude: float | None = None


class ServiceAtLocationOut(Open):
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    location: LocationOut
    distance: int | None = None


class ServiceAtLocationDetailOut(ServiceAtLocationOut):
    service: ServiceOut


class TaxonomyOut(Open):
    id: uuid.UUID
    name: str


class TaxonomyTermOut(Open):
    id: uuid.UUID
    name: str
    parent_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None


class PageOut(Open):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(PageOut):
    contents: list[ServiceOut]


class ServiceAtLocationPage(PageOut):
    contents: list[ServiceAtLocationOut]


class TaxonomyPage(PageOut):
    contents: list[TaxonomyOut]


class TaxonomyTermPage(PageOut):
    contents: list[TaxonomyTermOut]


class MetadataOut(Schema):
    version: str
    profile: str
    openapi_url: str
    endpoints: dict[str, str]


class Paging(Schema):
    page: int = Field(1, ge=1, le=10**6, description="Which page, from 1")
    per_page: int = Field(params.DEFAULT_PER_PAGE, ge=1, le=params.MAX_PER_PAGE, description="Items a page")


class ServiceQuery(Paging):
    search: str | None = Field(
        None, max_length=queries.MAX_QUERY_LENGTH, pattern=PLAIN_TEXT, description="Words to look for"
    )
    text: str | None = Field(
        None, max_length=queries.MAX_QUERY_LENGTH, pattern=PLAIN_TEXT, description="Same as search"
    )
    taxonomy_term_id: Ids = Field(
        [], description="Taxonomy term ids (sub-categories count for their category)"
    )
    taxonomy_id: Ids = Field([], description="Taxonomy ids: any of their terms")
    minimum_age: int | None = Field(None, ge=0, le=130, description="Services for someone this age or older")
    maximum_age: int | None = Field(None, ge=0, le=130, description="… and this age or younger")
    day: str | None = Field(None, pattern=DAY_PATTERN, description="Open on this day: MO, Monday, …")
    start_time: str | None = Field(None, pattern=TIME_PATTERN, description="Open after this time, HH:MM")
    end_time: str | None = Field(None, pattern=TIME_PATTERN, description="Open before this time, HH:MM")
    postcode: str | None = Field(None, pattern=POSTCODE_PATTERN, description="Nearest first from here")
    proximity: int | None = Field(
        None, ge=1, le=int(queries.MAX_RADIUS_METRES), description="Metres from the postcode (needs postcode)"
    )


class TermQuery(Paging):
    taxonomy_id: Ids = Field([], description="Only terms of these taxonomies")
    parent_id: Ids = Field([], description="Only the terms under these terms")
    top_only: bool = Field(False, description="Only the top-level terms")


def _out_of_range(page: int, total_items: int, per_page: int) -> JsonResponse | None:
    total_pages = max(1, math.ceil(total_items / per_page))
    if page > total_pages:
        return error(
            404,
            f"There is no page {page}: there {'is 1 page' if total_pages == 1 else f'are {total_pages} pages'}",
            total_items=total_items,
            total_pages=total_pages,
        )
    return None


def _page(contents: list[Any], total: int, query: Paging) -> JsonResponse:
    return JsonResponse(
        oruk_json.page_json(contents, total_items=total, page_number=query.page, size=query.per_page)
    )


def _window(rows: list[Any], query: Paging) -> list[Any]:
    return rows[(query.page - 1) * query.per_page : query.page * query.per_page]


def _uuids(values: list[str]) -> list[uuid.UUID]:
    return [uuid.UUID(part) for value in values[:20] for part in value.split(",") if part]


@api.get(
    "/",
    response={200: MetadataOut, 400: ErrorOut},
    url_name="metadata",
    summary="What this API is and where its parts are",
)
def metadata(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "version": oruk_json.ORUK_VERSION,
            "profile": oruk_json.ORUK_PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi-json")),
            "endpoints": {
                name: request.build_absolute_uri(reverse(f"openreferral:{name}"))
                for name in ("services", "service_at_locations", "taxonomies", "taxonomy_terms", "export")
            },
        }
    )


def filters_from(query: ServiceQuery, problems: params.Problems) -> queries.Filters:
    """The checks a schema cannot say: a postcode we know, proximity with a postcode, ages in order."""
    filters = queries.Filters(
        text=(query.search or query.text or "").strip(),
        term_ids=_uuids(query.taxonomy_term_id),
        minimum_age=query.minimum_age,
        maximum_age=query.maximum_age,
        day=params.day(query.day, "day", problems),
        start_time=params.time(query.start_time, "start_time", problems),
        end_time=params.time(query.end_time, "end_time", problems),
    )
    taxonomy_ids = _uuids(query.taxonomy_id)
    if taxonomy_ids:
        filters.term_ids = [
            *filters.term_ids,
            *TaxonomyTerm.objects.filter(taxonomy_id__in=taxonomy_ids).values_list("id", flat=True),
        ]
        if not filters.term_ids:
            filters.term_ids = [uuid.UUID(int=0)]  # a taxonomy with no terms matches nothing
    postcode = (query.postcode or "").strip()
    if query.proximity is not None and not postcode:
        problems.add("proximity", "proximity needs a postcode")
    if postcode:
        located = queries.locate(postcode)
        if isinstance(located, queries.PostcodeNotFound):
            problems.add("postcode", located.message)
            problems.suggestions = located.suggestions
        else:
            filters.origin = located
            if query.proximity is not None:
                filters.radius_metres = float(query.proximity)
    if (
        filters.minimum_age is not None
        and filters.maximum_age is not None
        and filters.minimum_age > filters.maximum_age
    ):
        problems.add("maximum_age", "maximum_age must be the same as or more than minimum_age")
    return filters


def _bad_request(problems: params.Problems) -> JsonResponse:
    extra = {"suggestions": problems.suggestions} if problems.suggestions else {}
    return error(
        400, "Check the query: " + "; ".join(problems.messages.values()), fields=problems.messages, **extra
    )


@api.get("/services", response={200: ServicePage, **ERRORS}, url_name="services", summary="Search services")
def services(request: HttpRequest, query: Query[ServiceQuery]) -> HttpResponse:
    problems = params.Problems()
    filters = filters_from(query, problems)
    if problems:
        return _bad_request(problems)
    hits = queries.search(filters)
    if (response := _out_of_range(query.page, len(hits), query.per_page)) is not None:
        return response
    contents = [
        oruk_json.service_json(service, distance=hit.distance)
        for service, hit in queries.services_for_hits(_window(hits, query))
    ]
    return _page(contents, len(hits), query)


def _uuid_or_404(value: str, what: str) -> uuid.UUID | JsonResponse:
    try:
        return uuid.UUID(value)
    except ValueError:
        return error(404, f"No {what} has the id {value[:60]!r}: ids are UUIDs")


@api.get("/services/{service_id}", response={200: ServiceOut, **ERRORS}, url_name="service")
def service(request: HttpRequest, service_id: Id) -> HttpResponse:
    parsed = _uuid_or_404(service_id, "service")
    if isinstance(parsed, JsonResponse):
        return parsed
    found = queries.service_detail(parsed)
    if found is None:
        return error(404, f"No service has the id {service_id}")
    return JsonResponse(oruk_json.service_json(found))


def _sal_queryset() -> Any:
    return (
        ServiceAtLocation.objects.filter(service__status=Service.Status.ACTIVE, location__is_active=True)
        .select_related("location")
        .prefetch_related(
            "schedules", "phones", *[f"location__{name}" for name in oruk_json.LOCATION_PREFETCH]
        )
    )


@api.get(
    "/service_at_locations",
    response={200: ServiceAtLocationPage, **ERRORS},
    url_name="service_at_locations",
    summary="Search services at their places, nearest first when a postcode is given",
)
def service_at_locations(request: HttpRequest, query: Query[ServiceQuery]) -> HttpResponse:
    problems = params.Problems()
    filters = filters_from(query, problems)
    if problems:
        return _bad_request(problems)
    sal_ids: list[Any]
    distances: dict[Any, float] = {}
    if filters.origin is not None:
        from . import geo

        origin = filters.origin
        box = geo.bounding_box(origin.latitude, origin.longitude, filters.radius_metres)
        rows = ServiceAtLocation.objects.filter(
            service__in=queries.filtered_services(filters),
            location__is_active=True,
            location__latitude__gte=box.min_latitude,
            location__latitude__lte=box.max_latitude,
            location__longitude__gte=box.min_longitude,
            location__longitude__lte=box.max_longitude,
        ).values_list("id", "location__latitude", "location__longitude")
        for sal_id, latitude, longitude in rows:
            distance = geo.haversine_metres(origin.latitude, origin.longitude, latitude, longitude)
            if distance <= filters.radius_metres:
                distances[sal_id] = distance
        sal_ids = sorted(distances, key=lambda i: (distances[i], str(i)))
    else:
        sal_ids = list(
            ServiceAtLocation.objects.filter(
                service__in=queries.filtered_services(filters), location__is_active=True
            )
            .order_by("service__name", "location__name", "id")
            .values_list("id", flat=True)
        )
    if (response := _out_of_range(query.page, len(sal_ids), query.per_page)) is not None:
        return response
    chosen = _window(sal_ids, query)
    by_id = {sal.id: sal for sal in _sal_queryset().filter(id__in=chosen)}
    contents = []
    for sal_id in chosen:
        data = oruk_json.service_at_location_json(by_id[sal_id])
        if sal_id in distances:
            data["distance"] = round(distances[sal_id])
        contents.append(data)
    return _page(contents, len(sal_ids), query)


@api.get(
    "/service_at_locations/{sal_id}",
    response={200: ServiceAtLocationDetailOut, **ERRORS},
    url_name="service_at_location",
)
def service_at_location(request: HttpRequest, sal_id: Id) -> HttpResponse:
    parsed = _uuid_or_404(sal_id, "service at location")
    if isinstance(parsed, JsonResponse):
        return parsed
    found = _sal_queryset().filter(id=parsed).first()
    if found is None:
        return error(404, f"No service at location has the id {sal_id}")
    data = oruk_json.service_at_location_json(found)
    data["service"] = oruk_json.service_json(queries.service_detail(found.service_id))  # type: ignore[arg-type]
    return JsonResponse(data)


@api.get("/taxonomies", response={200: TaxonomyPage, **ERRORS}, url_name="taxonomies")
def taxonomies(request: HttpRequest, query: Query[Paging]) -> HttpResponse:
    rows = list(Taxonomy.objects.order_by("name", "id"))
    if (response := _out_of_range(query.page, len(rows), query.per_page)) is not None:
        return response
    return _page([oruk_json.taxonomy_json(t) for t in _window(rows, query)], len(rows), query)


@api.get("/taxonomies/{taxonomy_id}", response={200: TaxonomyOut, **ERRORS}, url_name="taxonomy")
def taxonomy(request: HttpRequest, taxonomy_id: Id) -> HttpResponse:
    parsed = _uuid_or_404(taxonomy_id, "taxonomy")
    if isinstance(parsed, JsonResponse):
        return parsed
    found = Taxonomy.objects.filter(id=parsed).first()
    if found is None:
        return error(404, f"No taxonomy has the id {taxonomy_id}")
    return JsonResponse(oruk_json.taxonomy_json(found))


@api.get("/taxonomy_terms", response={200: TaxonomyTermPage, **ERRORS}, url_name="taxonomy_terms")
def taxonomy_terms(request: HttpRequest, query: Query[TermQuery]) -> HttpResponse:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "parent_id", "position", "name"
    )
    if taxonomy_ids := _uuids(query.taxonomy_id):
        terms = terms.filter(taxonomy_id__in=taxonomy_ids)
    if parent_ids := _uuids(query.parent_id):
        terms = terms.filter(parent_id__in=parent_ids)
    if query.top_only:
        terms = terms.filter(parent__isnull=True)
    rows = list(terms)
    if (response := _out_of_range(query.page, len(rows), query.per_page)) is not None:
        return response
    return _page([oruk_json.taxonomy_term_json(t) for t in _window(rows, query)], len(rows), query)


@api.get("/taxonomy_terms/{term_id}", response={200: TaxonomyTermOut, **ERRORS}, url_name="taxonomy_term")
def taxonomy_term(request: HttpRequest, term_id: Id) -> HttpResponse:
    parsed = _uuid_or_404(term_id, "taxonomy term")
    if isinstance(parsed, JsonResponse):
        return parsed
    found = TaxonomyTerm.objects.select_related("taxonomy").filter(id=parsed).first()
    if found is None:
        return error(404, f"No taxonomy term has the id {term_id}")
    return JsonResponse(oruk_json.taxonomy_term_json(found))


def export_chunks(batch: int = 200) -> Any:
    """The whole directory (active services) as one ORUK page, streamed in batches."""
    import json

    ids = list(
        Service.objects.filter(status=Service.Status.ACTIVE)
        .order_by("name", "id")
        .values_list("id", flat=True)
    )
    yield (
        f'{{"total_items": {len(ids)}, "total_pages": 1, "page_number": 1, "size": {len(ids)}, '
        f'"first_page": true, "last_page": true, "empty": {"true" if not ids else "false"}, "contents": ['
    )
    for start in range(0, len(ids), batch):
        chunk = oruk_json.with_details(Service.objects.filter(id__in=ids[start : start + batch])).order_by(
            "name", "id"
        )
        parts = [json.dumps(oruk_json.service_json(s)) for s in chunk]
        yield ("," if start else "") + ",".join(parts)
    yield "]}"


@api.get(
    "/export.json",
    response={200: ServicePage, 400: ErrorOut},
    url_name="export",
    summary="The whole directory at once",
)
def export(request: HttpRequest) -> HttpResponse:
    response = StreamingHttpResponse(export_chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="northshire-directory-oruk.json"'
    return response


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error(404, "There is no such endpoint: see / for the endpoints")


urls = read_only_urls(api.urls, cors=True, extra=[re_path(r"^(?P<rest>.*)$", not_found)])
