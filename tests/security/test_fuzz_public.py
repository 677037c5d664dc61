"""Fuzzing what the public can send (Hypothesis): every parameter a public page or the Open Referral API reads,
and every field of every public form, with any text at all, gives a page or a clear refusal, never a 500.

Nothing here is listed by hand that the code can tell us: the URLs are every non-staff URL in the URL
configuration, the query parameters are every name the code reads from request.GET or an API declares, and the form fields are
the inputs each public form page actually renders."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.multiagency.conftest import contact, police  # noqa: F401
from tests.multiagency.test_information_requests import send as send_information_request
from tests.screener.web.conftest import default_version, teams  # noqa: F401
from tests.screener.web.journey import fill_request, screen_to

from .urlconf import all_routes

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = [route for route in all_routes() if not route.path.startswith("/staff/")]
_READS = re.compile(r"""(?:GET|get)\.(?:get|getlist)\(\s*["']([A-Za-z_][\w-]*)["']""")


def _api_parameters() -> set[str]:
    """The query parameters the JSON APIs declare (django-ninja reads them for the view, not from request.GET)."""
    from frontdoor.directory.api import api as open_referral
    from frontdoor.partners.api import api as partner

    names = set()
    for api in (open_referral, partner):
        for operations in api.get_openapi_schema()["paths"].values():
            for operation in operations.values():
                names |= {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    return names


PARAMETERS = sorted(
    {name for file in (ROOT / "frontdoor").rglob("*.py") for name in _READS.findall(file.read_text())}
    | _api_parameters()
)

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "9" * 400,
    "99999999999999999999",
    "NaN",
    "2025-02-30",
    "31/02/2025",
    '=HYPERLINK("http://x")',
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "\u202e\u200b",
    "😀" * 50,
    "a" * 20000,
    "00000000-0000-4000-8000-000000000000",
    "not-a-uuid",
    "true",
    "SW1A 1AA",
]
# Any text, control characters included (they should be a 400), and values chosen to trip parsers
VALUES = st.one_of(st.sampled_from(TRICKY), st.text(max_size=300), st.text(st.characters(codec="utf-8")))
# /healthz answers 503 while no worker is running (none is, in these tests): that is its job, not a crash
SAYS_UNAVAILABLE = {"core:healthz": {503}}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_the_parameters_read_by_the_code_are_found():
    assert {"q", "postcode", "page", "per_page", "search", "text", "taxonomy_id"} <= set(PARAMETERS)
    assert {"openreferral:services", "directory:find_support", "screener:start"} <= {r.name for r in PUBLIC}


@pytest.mark.parametrize("route", PUBLIC, ids=str)
@FUZZ
@given(query=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=4))
def test_no_query_parameters_give_a_500(client, db, route, query):
    response = client.get(route.path, query)
    assert response.status_code < 500 or response.status_code in SAYS_UNAVAILABLE.get(route.name, ()), query


class _Fields(HTMLParser):
    """The names a form sends, and for radios, checkboxes and selects the values it offers."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag in ("input", "textarea") and name and name != "csrfmiddlewaretoken":
            values = self.fields.setdefault(name, [])
            if attributes.get("type") in ("radio", "checkbox", "hidden") and attributes.get("value"):
                values.append(attributes["value"] or "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            self.fields[self._select].append(attributes.get("value") or "")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "select":
            self._select = None


def form_fields(page: str) -> dict[str, list[str]]:
    parser = _Fields()
    parser.feed(page)
    return parser.fields


def posts_for(fields: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """Each field gets one of its own values or anything at all; some fields are left out."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(st.sampled_from(offered), VALUES) if offered else VALUES
            for name, offered in fields.items()
        },
    )


def fuzz_form(client, path: str) -> int:  # type: ignore[no-untyped-def]
    """Post fuzzed values for every field the page at `path` shows; the number of fields found."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    fields = form_fields(page.content.decode())

    @FUZZ
    @given(data=posts_for(fields))
    def posts(data):  # type: ignore[no-untyped-def]
        response = client.post(path, data)
        assert response.status_code < 500, (path, data)

    posts()
    return len(fields)


REQUEST_PAGES = [
    ("screener:item", ["children", 1]),
    ("screener:item", ["household", 1]),
    *[
        ("screener:section", [key])
        for key in ("communication", "concern", "strengths", "safety", "support", "consent", "referrer")
    ],
]


@pytest.mark.parametrize(("name", "args"), REQUEST_PAGES, ids=lambda value: str(value))
def test_every_field_of_every_request_page_never_gives_a_500(client, teams, default_version, name, args):  # noqa: F811
    screen_to(client, "CSC")
    fill_request(client)  # every page has been seen, so each one opens
    assert fuzz_form(client, reverse(name, args=args)) >= 1


def test_the_screener_questions_never_give_a_500(client, teams, default_version):  # noqa: F811
    first = client.get(reverse("screener:begin"))["Location"]
    assert fuzz_form(client, first) >= 1


def test_save_and_send_never_give_a_500(client, teams, default_version):  # noqa: F811
    screen_to(client, "CSC")
    fill_request(client)
    assert fuzz_form(client, reverse("screener:save")) >= 2  # the email and the honeypot
    screen_to(client, "CSC")
    fill_request(client)
    assert fuzz_form(client, reverse("screener:check")) >= 2


@FUZZ
@given(token=VALUES)
def test_any_saved_request_link_never_gives_a_500(client, db, token):
    path = f"/concern/request/return/{token}/"
    for response in (client.get(path), client.post(path)):
        assert response.status_code < 500, token


def test_the_partner_reply_form_never_gives_a_500(client, contact, social_worker, police):  # noqa: F811
    [sent] = send_information_request(contact, social_worker, police)
    assert fuzz_form(client, reverse("multiagency:partner_reply", args=[sent.token])) >= 3
