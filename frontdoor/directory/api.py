"""The Open Referral UK 3.0 API: read-only, open (no key), CORS for every origin. Errors are JSON, never a 500."""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from . import oruk_json, params, queries
from .models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    response["Access-Control-Max-Age"] = "86400"
    return response


def error(status: int, message: str, *, fields: dict[str, str] | None = None, **extra: Any) -> JsonResponse:
    body: dict[str, Any] = {"error": message, "status": status}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return JsonResponse(body, status=status)


def endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, OPTIONS answered for CORS preflight, and CORS headers on everything."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            return _cors(HttpResponse(status=204))
        if request.method not in {"GET", "HEAD"}:
            response: HttpResponse = error(405, "This API is read-only: use GET")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return _cors(response)
        return _cors(view(request, *args, **kwargs))

    return wrapped


def _page_params(request: HttpRequest, problems: params.Problems) -> tuple[int, int]:
    page = params.integer(request.GET.get("page"), "page", problems, low=1, high=10**6, what="page")
    per_page = params.integer(
        request.GET.get("per_page"), "per_page", problems, low=1, high=params.MAX_PER_PAGE, what="per_page"
    )
    return page or 1, per_page or params.DEFAULT_PER_PAGE


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


@endpoint
def metadata(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "version": oruk_json.ORUK_VERSION,
            "profile": oruk_json.ORUK_PROFILE,
            "openapi_url": None,
            "endpoints": {
                name: request.build_absolute_uri(reverse(f"openreferral:{name}"))
                for name in ("services", "service_at_locations", "taxonomies", "taxonomy_terms", "export")
            },
        }
    )


def filters_from(request: HttpRequest, problems: params.Problems) -> queries.Filters:
    get = request.GET
    filters = queries.Filters(
        text=params.text(get.get("search") or get.get("text"), "search", problems, what="search"),
        term_ids=params.uuids(get.getlist("taxonomy_term_id"), "taxonomy_term_id", problems),
        minimum_age=params.integer(
            get.get("minimum_age"), "minimum_age", problems, low=0, high=130, what="minimum_age"
        ),
        maximum_age=params.integer(
            get.get("maximum_age"), "maximum_age", problems, low=0, high=130, what="maximum_age"
        ),
        day=params.day(get.get("day"), "day", problems),
        start_time=params.time(get.get("start_time"), "start_time", problems),
        end_time=params.time(get.get("end_time"), "end_time", problems),
    )
    taxonomy_ids = params.uuids(get.getlist("taxonomy_id"), "taxonomy_id", problems)
    if taxonomy_ids:
        filters.term_ids = [
            *filters.term_ids,
            *TaxonomyTerm.objects.filter(taxonomy_id__in=taxonomy_ids).values_list("id", flat=True),
        ]
        if not filters.term_ids:
            filters.term_ids = [uuid.UUID(int=0)]  # a taxonomy with no terms matches nothing
    postcode = params.text(get.get("postcode"), "postcode", problems, what="postcode", max_length=16)
    radius = params.proximity(get.get("proximity"), problems)
    if radius is not None and not postcode:
        problems.add("proximity", "proximity needs a postcode")
    if postcode:
        located = queries.locate(postcode)
        if isinstance(located, queries.PostcodeNotFound):
            problems.add("postcode", located.message)
            problems.suggestions = located.suggestions
        else:
            filters.origin = located
            if radius is not None:
                filters.radius_metres = radius
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


@endpoint
def services(request: HttpRequest) -> HttpResponse:
    problems = params.Problems()
    page, per_page = _page_params(request, problems)
    filters = filters_from(request, problems)
    if problems:
        return _bad_request(problems)
    hits = queries.search(filters)
    if (response := _out_of_range(page, len(hits), per_page)) is not None:
        return response
    chosen = hits[(page - 1) * per_page : page * per_page]
    contents = [
        oruk_json.service_json(service, distance=hit.distance)
        for service, hit in queries.services_for_hits(chosen)
    ]
    return JsonResponse(oruk_json.page_json(contents, total_items=len(hits), page_number=page, size=per_page))


def _uuid_or_404(value: str, what: str) -> uuid.UUID | JsonResponse:
    try:
        return uuid.UUID(value)
    except ValueError:
        return error(404, f"No {what} has the id {value[:60]!r}: ids are UUIDs")


@endpoint
def service(request: HttpRequest, service_id: str) -> HttpResponse:
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


@endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    problems = params.Problems()
    page, per_page = _page_params(request, problems)
    filters = filters_from(request, problems)
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
    if (response := _out_of_range(page, len(sal_ids), per_page)) is not None:
        return response
    chosen = sal_ids[(page - 1) * per_page : page * per_page]
    by_id = {sal.id: sal for sal in _sal_queryset().filter(id__in=chosen)}
    contents = []
    for sal_id in chosen:
        data = oruk_json.service_at_location_json(by_id[sal_id])
        if sal_id in distances:
            data["distance"] = round(distances[sal_id])
        contents.append(data)
    return JsonResponse(
        oruk_json.page_json(contents, total_items=len(sal_ids), page_number=page, size=per_page)
    )


@endpoint
def service_at_location(request: HttpRequest, sal_id: str) -> HttpResponse:
    parsed = _uuid_or_404(sal_id, "service at location")
    if isinstance(parsed, JsonResponse):
        return parsed
    found = _sal_queryset().filter(id=parsed).first()
    if found is None:
        return error(404, f"No service at location has the id {sal_id}")
    data = oruk_json.service_at_location_json(found)
    data["service"] = oruk_json.service_json(queries.service_detail(found.service_id))  # type: ignore[arg-type]
    return JsonResponse(data)


@endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    problems = params.Problems()
    page, per_page = _page_params(request, problems)
    if problems:
        return _bad_request(problems)
    rows = list(Taxonomy.objects.order_by("name", "id"))
    if (response := _out_of_range(page, len(rows), per_page)) is not None:
        return response
    contents = [oruk_json.taxonomy_json(t) for t in rows[(page - 1) * per_page : page * per_page]]
    return JsonResponse(oruk_json.page_json(contents, total_items=len(rows), page_number=page, size=per_page))


@endpoint
def taxonomy(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    parsed = _uuid_or_404(taxonomy_id, "taxonomy")
    if isinstance(parsed, JsonResponse):
        return parsed
    found = Taxonomy.objects.filter(id=parsed).first()
    if found is None:
        return error(404, f"No taxonomy has the id {taxonomy_id}")
    return JsonResponse(oruk_json.taxonomy_json(found))


@endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    problems = params.Problems()
    page, per_page = _page_params(request, problems)
    taxonomy_ids = params.uuids(request.GET.getlist("taxonomy_id"), "taxonomy_id", problems)
    parent_ids = params.uuids(request.GET.getlist("parent_id"), "parent_id", problems)
    if problems:
        return _bad_request(problems)
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "parent_id", "position", "name"
    )
    if taxonomy_ids:
        terms = terms.filter(taxonomy_id__in=taxonomy_ids)
    if parent_ids:
        terms = terms.filter(parent_id__in=parent_ids)
    if request.GET.get("top_only") in {"true", "1"}:
        terms = terms.filter(parent__isnull=True)
    rows = list(terms)
    if (response := _out_of_range(page, len(rows), per_page)) is not None:
        return response
    contents = [oruk_json.taxonomy_term_json(t) for t in rows[(page - 1) * per_page : page * per_page]]
    return JsonResponse(oruk_json.page_json(contents, total_items=len(rows), page_number=page, size=per_page))


@endpoint
def taxonomy_term(request: HttpRequest, term_id: str) -> HttpResponse:
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


@endpoint
def export(request: HttpRequest) -> HttpResponse:
    response = StreamingHttpResponse(export_chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="northshire-directory-oruk.json"'
    return response


@endpoint
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error(404, "There is no such endpoint: see / for the endpoints")
