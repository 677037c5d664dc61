"""What the site's JSON APIs share (docs/adr/0022): django-ninja describes them in OpenAPI; errors are one JSON
shape with a message per parameter, never a 500; the open APIs answer CORS for every origin."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ConfigDict

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class ErrorOut(Schema):
    """Every error: a sentence for a person, the status again, and a message per parameter when a query was
    wrong."""

    model_config = ConfigDict(extra="allow")
    error: str
    status: int
    fields: dict[str, str] | None = None
    suggestions: list[str] | None = None


def error(status: int, message: str, *, fields: dict[str, str] | None = None, **extra: Any) -> JsonResponse:
    body: dict[str, Any] = {"error": message, "status": status}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return JsonResponse(body, status=status)


# Friendlier words for what pydantic found wrong, by its error type
_MESSAGES: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "int_parsing": lambda name, ctx: f"{name} must be a whole number",
    "int_type": lambda name, ctx: f"{name} must be a whole number",
    "int_from_float": lambda name, ctx: f"{name} must be a whole number",
    "greater_than_equal": lambda name, ctx: f"{name} must be {ctx.get('ge')} or more",
    "less_than_equal": lambda name, ctx: f"{name} must be {ctx.get('le')} or less",
    "string_too_long": lambda name, ctx: f"{name} must be {ctx.get('max_length')} characters or fewer",
    "missing": lambda name, ctx: f"Enter {name}",
    "bool_parsing": lambda name, ctx: f"{name} must be true or false",
    "uuid_parsing": lambda name, ctx: f"{name} must be an id (a UUID)",
    "enum": lambda name, ctx: f"{name} must be one of {ctx.get('expected', 'the listed values')}",
}


def field_messages(
    errors: Iterable[dict[str, Any]], overrides: dict[str, str] | None = None
) -> dict[str, str]:
    """One message per parameter from the framework's validation errors; `overrides` words a parameter's
    format rule (a pattern) the way a person would say it."""
    messages: dict[str, str] = {}
    for problem in errors:
        loc = [str(part) for part in problem.get("loc", ()) if not isinstance(part, int)]
        name = loc[-1] if loc else "request"
        if name in messages:
            continue
        kind = str(problem.get("type", ""))
        if overrides and name in overrides and kind not in {"missing"}:
            messages[name] = overrides[name]
        elif kind in _MESSAGES:
            messages[name] = _MESSAGES[kind](name, problem.get("ctx") or {})
        else:
            messages[name] = f"{name}: {problem.get('msg', 'is not valid')}"
    return messages


def install_error_handlers(api: NinjaAPI, *, pattern_messages: dict[str, str] | None = None) -> None:
    """Validation errors are a 400 naming each parameter; 404s and other HTTP errors keep the same shape."""

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if exc.errors and all(str(e.get("loc", ("",))[0]) == "path" for e in exc.errors):
            # An id that is not even a UUID names nothing: the same 404 as an id we do not have
            return error(404, "There is nothing with that id: ids are UUIDs")
        fields = field_messages(exc.errors, pattern_messages)
        return error(400, "Check the query: " + "; ".join(fields.values()), fields=fields)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(404, str(exc) or "Not found")

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error(401, str(exc.message) if exc.message else "Send a valid token")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error(exc.status_code, str(exc.message))


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
    response["Access-Control-Max-Age"] = "86400"
    return response


def read_only(view: Callable[..., HttpResponse], *, cors: bool) -> Callable[..., HttpResponse]:
    """GET/HEAD only (a JSON 405 otherwise); OPTIONS answered for a CORS preflight; CORS on everything."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS" and cors:
            return _cors(HttpResponse(status=204))
        if request.method not in {"GET", "HEAD"}:
            response: HttpResponse = error(405, "This API is read-only: use GET")
            response["Allow"] = "GET, HEAD, OPTIONS" if cors else "GET, HEAD"
        elif "" in request.GET:  # "?=x": a value with no parameter name is a malformed query, not ignored
            response = error(
                400, "Check the query: a parameter has no name", fields={"query": "A parameter has no name"}
            )
        else:
            response = view(request, *args, **kwargs)
        return _cors(response) if cors else response

    return wrapped


def read_only_urls(
    urls: tuple[list[URLPattern | URLResolver], str, str], *, cors: bool, extra: list[URLPattern] = ()
) -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URL patterns (as `include()` takes them) with every view made read-only (and CORS-open)."""
    patterns, app_name, namespace = urls
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in [*patterns, *extra]:
        if isinstance(pattern, URLPattern):
            pattern.callback = read_only(pattern.callback, cors=cors)
        wrapped.append(pattern)
    return wrapped, app_name, namespace
