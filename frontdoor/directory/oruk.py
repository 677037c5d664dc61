"""Check Open Referral UK 3.0 (HSDS 3.0) service records before anything is stored (pure Python, no Django).

Every problem names the field path (`services[3].schedules[0].opens_at`) so a council can fix its feed.
Fields we do not use are ignored, as HSDS asks of consumers; the ones we store are checked for type and length.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import schedules

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
LOCATION_TYPES = ("physical", "postal", "virtual")
MAX_AGE = 130
MAX_ITEMS = 500  # of any one nested list
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Issue:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class _Checker:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, path: str, message: str) -> None:
        self.issues.append(Issue(path, message))

    def object(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, "must be an object")
            return None
        return value

    def uuid(self, obj: dict[str, Any], key: str, path: str, *, required: bool = True) -> str | None:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.add(f"{path}.{key}", "is required")
            return None
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "must be a string holding a UUID")
            return None
        try:
            return str(uuid.UUID(value))
        except ValueError:
            self.add(f"{path}.{key}", f"must be a UUID, not {value[:40]!r}")
            return None

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, max_length: int, required: bool = False
    ) -> str | None:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(f"{path}.{key}", "is required")
            return None
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "must be a string")
            return None
        if len(value) > max_length:
            self.add(f"{path}.{key}", f"must be {max_length:,} characters or fewer (it has {len(value):,})")
            return None
        return value

    def pattern(
        self, obj: dict[str, Any], key: str, path: str, regex: re.Pattern[str], what: str, max_length: int
    ) -> None:
        value = self.text(obj, key, path, max_length=max_length)
        if value is not None and not regex.match(value.strip()):
            self.add(f"{path}.{key}", f"must be {what}")

    def choice(
        self, obj: dict[str, Any], key: str, path: str, options: tuple[str, ...], *, required: bool = False
    ) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(f"{path}.{key}", "is required")
            return
        if value not in options:
            self.add(f"{path}.{key}", f"must be one of {', '.join(options)}")

    def integer(self, obj: dict[str, Any], key: str, path: str, low: int, high: int) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{path}.{key}", "must be a whole number")
            return None
        if not low <= value <= high:
            self.add(f"{path}.{key}", f"must be between {low} and {high}")
            return None
        return value

    def number(self, obj: dict[str, Any], key: str, path: str, low: float, high: float) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"{path}.{key}", "must be a number")
            return None
        if not low <= value <= high:
            self.add(f"{path}.{key}", f"must be between {low:g} and {high:g}")
            return None
        return float(value)

    def date(self, obj: dict[str, Any], key: str, path: str) -> None:
        value = obj.get(key)
        if value is None:
            return
        try:
            datetime.date.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            self.add(f"{path}.{key}", "must be a date like 2025-03-31")

    def datetime(self, obj: dict[str, Any], key: str, path: str) -> None:
        value = obj.get(key)
        if value is None:
            return
        try:
            datetime.datetime.fromisoformat(value if isinstance(value, str) else "")
        except ValueError:
            self.add(f"{path}.{key}", "must be a date and time like 2025-03-31T09:00:00Z")

    def time(self, obj: dict[str, Any], key: str, path: str) -> None:
        value = obj.get(key)
        if value is None:
            return
        if not isinstance(value, str) or schedules.parse_time(value) is None:
            self.add(f"{path}.{key}", "must be a time like 09:30")

    def items(
        self, obj: dict[str, Any], key: str, path: str, check: Callable[[dict[str, Any], str], None]
    ) -> None:
        value = obj.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.add(f"{path}.{key}", "must be a list")
            return
        if len(value) > MAX_ITEMS:
            self.add(f"{path}.{key}", f"must have {MAX_ITEMS} items or fewer")
            return
        seen: set[str] = set()
        for index, item in enumerate(value):
            item_path = f"{path}.{key}[{index}]"
            item_obj = self.object(item, item_path)
            if item_obj is None:
                continue
            check(item_obj, item_path)
            item_id = item_obj.get("id")
            if isinstance(item_id, str):
                if item_id in seen:
                    self.add(f"{item_path}.id", "appears twice in this list")
                seen.add(item_id)

    # The HSDS 3.0 objects

    def organization(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "name", path, max_length=255, required=True)
        self.text(obj, "alternate_name", path, max_length=255)
        self.text(obj, "description", path, max_length=10_000)
        self.pattern(obj, "email", path, _EMAIL, "an email address", 254)
        self.pattern(obj, "website", path, _URL, "a web address starting http:// or https://", 500)
        self.pattern(obj, "uri", path, _URL, "a web address starting http:// or https://", 500)
        self.uuid(obj, "parent_organization_id", path, required=False)

    def phone(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "number", path, max_length=50, required=True)
        self.text(obj, "extension", path, max_length=20)
        self.text(obj, "type", path, max_length=50)
        self.text(obj, "description", path, max_length=500)

    def schedule(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        freq = obj.get("freq")
        if freq is not None and (not isinstance(freq, str) or freq.upper() not in schedules.FREQUENCIES):
            self.add(f"{path}.freq", f"must be one of {', '.join(sorted(schedules.FREQUENCIES))}")
        byday = obj.get("byday")
        if byday is not None and (not isinstance(byday, str) or schedules.parse_byday(byday) is None):
            self.add(f"{path}.byday", "must list days like MO,TU,WE")
        self.integer(obj, "interval", path, 1, 52)
        self.time(obj, "opens_at", path)
        self.time(obj, "closes_at", path)
        self.date(obj, "valid_from", path)
        self.date(obj, "valid_to", path)
        self.date(obj, "dtstart", path)
        self.date(obj, "until", path)
        self.text(obj, "description", path, max_length=2000)
        self.text(obj, "notes", path, max_length=2000)
        opens, closes = obj.get("opens_at"), obj.get("closes_at")
        if isinstance(opens, str) and isinstance(closes, str):
            opens_t, closes_t = schedules.parse_time(opens), schedules.parse_time(closes)
            if opens_t and closes_t and closes_t <= opens_t:
                self.add(f"{path}.closes_at", "must be after opens_at")

    def address(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "address_1", path, max_length=255, required=True)
        for key in ("address_2", "attention", "city", "region", "state_province"):
            self.text(obj, key, path, max_length=255)
        self.text(obj, "postal_code", path, max_length=16)
        self.text(obj, "country", path, max_length=2)
        self.text(obj, "address_type", path, max_length=20)

    def accessibility(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "description", path, max_length=2000)
        self.text(obj, "details", path, max_length=2000)
        self.pattern(obj, "url", path, _URL, "a web address starting http:// or https://", 500)

    def language(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "name", path, max_length=100)
        self.text(obj, "code", path, max_length=20)
        self.text(obj, "note", path, max_length=500)
        if not obj.get("name") and not obj.get("code"):
            self.add(f"{path}.name", "is required when there is no code")

    def taxonomy_term(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "name", path, max_length=255, required=True)
        self.text(obj, "code", path, max_length=100)
        self.text(obj, "description", path, max_length=2000)
        self.uuid(obj, "parent_id", path, required=False)
        self.uuid(obj, "taxonomy_id", path, required=False)
        detail = obj.get("taxonomy_detail")
        if detail is not None:
            detail_obj = self.object(detail, f"{path}.taxonomy_detail")
            if detail_obj is not None:
                self.uuid(detail_obj, "id", f"{path}.taxonomy_detail")
                self.text(detail_obj, "name", f"{path}.taxonomy_detail", max_length=255, required=True)

    def attribute(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path, required=False)
        term = obj.get("taxonomy_term")
        if term is not None:
            term_obj = self.object(term, f"{path}.taxonomy_term")
            if term_obj is not None:
                self.taxonomy_term(term_obj, f"{path}.taxonomy_term")
                if obj.get("taxonomy_term_id") not in (None, term_obj.get("id")):
                    self.add(f"{path}.taxonomy_term_id", "must match taxonomy_term.id")
        else:
            self.uuid(obj, "taxonomy_term_id", path)
        self.text(obj, "value", path, max_length=500)
        self.text(obj, "label", path, max_length=255)

    def location(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.uuid(obj, "organization_id", path, required=False)
        self.text(obj, "name", path, max_length=255)
        self.text(obj, "alternate_name", path, max_length=255)
        self.text(obj, "description", path, max_length=10_000)
        self.text(obj, "transportation", path, max_length=2000)
        self.choice(obj, "location_type", path, LOCATION_TYPES)
        self.pattern(obj, "url", path, _URL, "a web address starting http:// or https://", 500)
        latitude = self.number(obj, "latitude", path, -90, 90)
        longitude = self.number(obj, "longitude", path, -180, 180)
        if (latitude is None) != (longitude is None) and "latitude" in obj and "longitude" in obj:
            self.add(f"{path}.latitude", "must come with a longitude")
        self.items(obj, "addresses", path, self.address)
        self.items(obj, "accessibility", path, self.accessibility)
        self.items(obj, "phones", path, self.phone)
        self.items(obj, "schedules", path, self.schedule)
        self.items(obj, "languages", path, self.language)
        self.items(obj, "attributes", path, self.attribute)

    def service_at_location(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "description", path, max_length=2000)
        location = obj.get("location")
        if location is not None:
            location_obj = self.object(location, f"{path}.location")
            if location_obj is not None:
                self.location(location_obj, f"{path}.location")
                if obj.get("location_id") not in (None, location_obj.get("id")):
                    self.add(f"{path}.location_id", "must match location.id")
        else:
            self.uuid(obj, "location_id", path)
        self.items(obj, "schedules", path, self.schedule)
        self.items(obj, "phones", path, self.phone)

    def contact(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "name", path, max_length=255)
        self.text(obj, "title", path, max_length=255)
        self.text(obj, "department", path, max_length=255)
        self.pattern(obj, "email", path, _EMAIL, "an email address", 254)
        self.items(obj, "phones", path, self.phone)

    def cost_option(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "option", path, max_length=255)
        self.pattern(obj, "currency", path, _CURRENCY, "a three-letter currency code like GBP", 3)
        self.number(obj, "amount", path, 0, 1_000_000)
        self.text(obj, "amount_description", path, max_length=255)
        self.date(obj, "valid_from", path)
        self.date(obj, "valid_to", path)

    def service_area(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "name", path, max_length=255)
        self.text(obj, "description", path, max_length=2000)
        self.text(obj, "extent", path, max_length=100_000)
        self.text(obj, "extent_type", path, max_length=20)
        self.pattern(obj, "uri", path, _URL, "a web address starting http:// or https://", 500)

    def service(self, obj: dict[str, Any], path: str) -> None:
        self.uuid(obj, "id", path)
        self.text(obj, "name", path, max_length=255, required=True)
        self.choice(obj, "status", path, SERVICE_STATUSES, required=True)
        self.text(obj, "alternate_name", path, max_length=255)
        self.text(obj, "description", path, max_length=10_000)
        self.pattern(obj, "url", path, _URL, "a web address starting http:// or https://", 500)
        self.pattern(obj, "email", path, _EMAIL, "an email address", 254)
        self.text(obj, "fees_description", path, max_length=2000)
        self.text(obj, "eligibility_description", path, max_length=2000)
        self.text(obj, "application_process", path, max_length=2000)
        minimum = self.integer(obj, "minimum_age", path, 0, MAX_AGE)
        maximum = self.integer(obj, "maximum_age", path, 0, MAX_AGE)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.add(f"{path}.maximum_age", "must be the same as or more than minimum_age")
        self.date(obj, "assured_date", path)
        self.datetime(obj, "last_modified", path)
        organization = obj.get("organization")
        if organization is not None:
            organization_obj = self.object(organization, f"{path}.organization")
            if organization_obj is not None:
                self.organization(organization_obj, f"{path}.organization")
                if obj.get("organization_id") not in (None, organization_obj.get("id")):
                    self.add(f"{path}.organization_id", "must match organization.id")
        else:
            self.uuid(obj, "organization_id", path)
        self.items(obj, "phones", path, self.phone)
        self.items(obj, "schedules", path, self.schedule)
        self.items(obj, "service_areas", path, self.service_area)
        self.items(obj, "service_at_locations", path, self.service_at_location)
        self.items(obj, "languages", path, self.language)
        self.items(obj, "cost_options", path, self.cost_option)
        self.items(obj, "contacts", path, self.contact)
        self.items(obj, "attributes", path, self.attribute)


def validate_service(data: Any, path: str = "service") -> list[Issue]:
    """Every problem with one service record; an empty list when it can be stored."""
    checker = _Checker()
    obj = checker.object(data, path)
    if obj is not None:
        checker.service(obj, path)
    return checker.issues


def services_in(document: Any) -> tuple[list[Any], str] | Issue:
    """The service records in a document: a page of the `/services` API (`contents`), a list of services,
    `{"services": [...]}`, or one service. Returns the records and the path prefix for messages."""
    if isinstance(document, list):
        return document, "services"
    if isinstance(document, dict):
        if "contents" in document:
            if not isinstance(document["contents"], list):
                return Issue("contents", "must be a list of services")
            return document["contents"], "contents"
        if "services" in document:
            if not isinstance(document["services"], list):
                return Issue("services", "must be a list of services")
            return document["services"], "services"
        if "id" in document and "name" in document:
            return [document], "services"
    return Issue("(document)", "must be a page of services (contents), a list of services, or one service")


def page_count(document: Any) -> int | None:
    """total_pages of an API page, when it says."""
    if isinstance(document, dict):
        value = document.get("total_pages")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None
