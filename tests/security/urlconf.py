"""Every URL in the URL configuration, with sample values for its parameters: the security tests walk all of
them, so a page added tomorrow is covered without anyone remembering to list it."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SAMPLE_UUID = uuid.UUID("00000000-0000-4000-8000-000000000000")
SAMPLES = {"uuid": str(SAMPLE_UUID), "int": "1", "slug": "sample", "str": "sample", "path": "sample"}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or the pattern when unnamed
    path: str  # a concrete path, parameters filled with sample values

    def __str__(self) -> str:
        return self.name


def _concrete(pattern: str) -> str | None:
    if pattern.startswith("^") or "(?P<" in pattern:
        return None  # a regex catch-all (the ORUK API's 404): covered by its siblings
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], pattern)


def _walk(patterns, prefix: str = "", namespace: str = ""):  # type: ignore[no-untyped-def]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            path = _concrete(prefix + str(entry.pattern))
            if path is not None:
                label = f"{namespace}:{entry.name}" if entry.name else prefix + str(entry.pattern)
                yield Route(label, "/" + path)


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)
    return list(seen.values())
