"""Public "Find support for your family" pages and the staff pages that keep the directory up to date."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import queries, services
from .forms import LocationForm, SearchForm, ServiceForm
from .models import Location, Service

RESULTS_PER_PAGE = 10
STAFF_PER_PAGE = 50


def _query_without(request: HttpRequest, *names: str, **replace: str) -> str:
    params = {k: v for k, v in request.GET.items() if k not in names and v}
    params.update(replace)
    return urlencode(params)


def find_support(request: HttpRequest) -> HttpResponse:
    searched = any(request.GET.get(name) for name in ("postcode", "category", "age", "cost", "day", "q"))
    form = SearchForm(request.GET if searched else None)
    context: dict[str, Any] = {"form": form, "searched": searched}
    if not searched or not form.is_valid():
        return render(request, "directory/find_support.html", context)
    data = form.cleaned_data
    filters = queries.Filters(
        text=data["q"],
        term_ids=queries.term_ids_for_codes([data["category"]]) if data["category"] else [],
        minimum_age=data["age"],
        maximum_age=data["age"],
        day=data["day"] or None,
        free_only=data["cost"] == "free",
        include_remote=True,
    )
    if data["postcode"]:
        located = queries.locate(data["postcode"])
        if isinstance(located, queries.PostcodeNotFound):
            form.add_error("postcode", located.message)
            context["postcode_suggestions"] = [
                {"postcode": s, "query": _query_without(request, "postcode", "page", postcode=s)}
                for s in located.suggestions
            ]
            return render(request, "directory/find_support.html", context)
        filters.origin = located
        context["origin"] = located
    hits = queries.search(filters)
    raw_page = request.GET.get("page", "1")
    total_pages = max(1, math.ceil(len(hits) / RESULTS_PER_PAGE))
    page_number = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 0
    if not 1 <= page_number <= total_pages:
        context.update({"bad_page": raw_page[:10], "first_page_query": _query_without(request, "page")})
        return render(request, "directory/find_support.html", context, status=404)
    page = Paginator(hits, RESULTS_PER_PAGE).page(page_number)
    context.update(
        {
            "page": page,
            "total": len(hits),
            "results": [
                queries.suggestion(service, hit)
                for service, hit in queries.services_for_hits(page.object_list)
            ],
            "extra_query": "&" + _query_without(request, "page"),
            "back_query": _query_without(request),
        }
    )
    return render(request, "directory/find_support.html", context)


def service_page(request: HttpRequest, service_id: Any) -> HttpResponse:
    service = queries.service_detail(service_id)
    if service is None:
        raise Http404("No such service")
    locations = [sal.location for sal in service.service_at_locations.all() if sal.location.is_active]
    back = request.GET.get("back", "")[:600]
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "summary": queries.suggestion(service, queries.Hit(service.id)),
            "locations": locations,
            "opening_times": queries.opening_times(service),
            "back_query": back,
        },
    )


def family_hubs(request: HttpRequest) -> HttpResponse:
    hubs = queries.staff_locations().filter(is_family_hub=True).prefetch_related("phones", "accessibility")
    return render(request, "directory/family_hubs.html", {"hubs": hubs})


# Staff


def manages_directory(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("directory.manage_services"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@manages_directory
def staff_services(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[: queries.MAX_QUERY_LENGTH]
    include_retired = request.GET.get("retired") == "yes"
    listed = queries.staff_services(text=text, include_retired=include_retired)
    page = Paginator(listed, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/staff/services.html",
        {
            "page": page,
            "q": text,
            "include_retired": include_retired,
            "overdue_count": queries.overdue_for_review().count(),
            "extra_query": "&" + _query_without(request, "page"),
        },
    )


@manages_directory
def staff_review(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.overdue_for_review(), STAFF_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/staff/review.html", {"page": page, "cutoff": queries.review_cutoff()})


def _service_details(data: dict[str, Any]) -> services.ServiceDetails:
    return services.ServiceDetails(
        organization=data["organization"],
        name=data["name"],
        description=data["description"],
        term_ids=data["term_ids"],
        minimum_age=data["minimum_age"],
        maximum_age=data["maximum_age"],
        is_free=data["is_free"] == "yes",
        fees_description=data["fees_description"],
        email=data["email"],
        url=data["url"],
        phone=data["phone"],
        location_ids=data["location_ids"],
        days=data["days"],
        opens_at=data["opens_time"],
        closes_at=data["closes_time"],
        assured_date=data["assured_date"],
    )


def _service_initial(service: Service) -> dict[str, Any]:
    phone = service.phones.order_by("id").first()
    schedule = service.schedules.filter(service_at_location__isnull=True).order_by("id").first()
    return {
        "name": service.name,
        "organization": service.organization_id,
        "description": service.description,
        "categories": [str(i) for i in service.attributes.values_list("taxonomy_term_id", flat=True)],
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "is_free": "yes" if service.is_free else "no",
        "fees_description": service.fees_description,
        "email": service.email,
        "url": service.url,
        "phone": phone.number if phone else "",
        "locations": [str(i) for i in service.service_at_locations.values_list("location_id", flat=True)],
        "days": schedule.byday.split(",") if schedule and schedule.byday else [],
        "opens_at": schedule.opens_at.strftime("%H:%M") if schedule and schedule.opens_at else "",
        "closes_at": schedule.closes_at.strftime("%H:%M") if schedule and schedule.closes_at else "",
        "assured_date": service.assured_date,
    }


@manages_directory
def staff_service_form(request: HttpRequest, service_id: Any = None) -> HttpResponse:
    service = get_object_or_404(Service, id=service_id) if service_id else None
    if request.method == "POST":
        form = ServiceForm(request.POST)
        if form.is_valid():
            saved = services.save_service(
                actor=request.user, details=_service_details(form.cleaned_data), service=service
            )
            messages.success(request, f"{saved.name} {'saved' if service else 'added'}")
            return redirect("directory:staff_services")
    else:
        form = ServiceForm(initial=_service_initial(service) if service else {})
    return render(request, "directory/staff/service_form.html", {"form": form, "service": service})


@manages_directory
def staff_service_retire(request: HttpRequest, service_id: Any) -> HttpResponse:
    service = get_object_or_404(Service, id=service_id)
    if request.method == "POST":
        services.set_service_status(actor=request.user, service=service, status=Service.Status.INACTIVE)
        messages.success(request, f"{service.name} retired: it no longer appears in search or the API")
        return redirect("directory:staff_services")
    return render(request, "directory/staff/retire.html", {"service": service})


@require_POST
@manages_directory
def staff_service_reinstate(request: HttpRequest, service_id: Any) -> HttpResponse:
    service = get_object_or_404(Service, id=service_id)
    services.set_service_status(actor=request.user, service=service, status=Service.Status.ACTIVE)
    messages.success(request, f"{service.name} reinstated")
    return redirect("directory:staff_service_edit", service_id=service.id)


@require_POST
@manages_directory
def staff_service_reviewed(request: HttpRequest, service_id: Any) -> HttpResponse:
    service = get_object_or_404(Service, id=service_id)
    services.mark_reviewed(actor=request.user, service=service)
    messages.success(request, f"{service.name} marked as reviewed today")
    return redirect(
        request.POST.get("next") == "review" and "directory:staff_review" or "directory:staff_services"
    )


@manages_directory
def staff_locations(request: HttpRequest) -> HttpResponse:
    include_retired = request.GET.get("retired") == "yes"
    return render(
        request,
        "directory/staff/locations.html",
        {
            "locations": queries.staff_locations(include_retired=include_retired),
            "include_retired": include_retired,
        },
    )


def _location_initial(location: Location) -> dict[str, Any]:
    address = location.addresses.order_by("id").first()
    return {
        "name": location.name,
        "description": location.description,
        "address_1": address.address_1 if address else "",
        "address_2": address.address_2 if address else "",
        "city": address.city if address else "",
        "postcode": address.postal_code if address else "",
        "latitude": location.latitude,
        "longitude": location.longitude,
        "is_family_hub": "yes" if location.is_family_hub else "no",
    }


@manages_directory
def staff_location_form(request: HttpRequest, location_id: Any = None) -> HttpResponse:
    location = get_object_or_404(Location, id=location_id) if location_id else None
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = services.save_location(
                actor=request.user,
                location=location,
                details=services.LocationDetails(
                    name=data["name"],
                    description=data["description"],
                    address_1=data["address_1"],
                    address_2=data["address_2"],
                    city=data["city"],
                    postcode=data["postcode"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    is_family_hub=data["is_family_hub"] == "yes",
                ),
            )
            messages.success(request, f"{saved.name} {'saved' if location else 'added'}")
            return redirect("directory:staff_locations")
    else:
        form = LocationForm(initial=_location_initial(location) if location else {})
    return render(request, "directory/staff/location_form.html", {"form": form, "location": location})


@require_POST
@manages_directory
def staff_location_active(request: HttpRequest, location_id: Any) -> HttpResponse:
    location = get_object_or_404(Location, id=location_id)
    active = request.POST.get("active") == "yes"
    services.set_location_active(actor=request.user, location=location, active=active)
    messages.success(request, f"{location.name} {'reinstated' if active else 'retired'}")
    return redirect("directory:staff_locations")
