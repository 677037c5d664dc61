"""A NUL byte (or any other control character) in a path, query parameter or form field is a clear 400 page,
never a 500 – for every URL in the URL configuration, signed in or not."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import Role
from tests.conftest import signed_in

from .urlconf import all_routes

ROUTES = all_routes()
UNDERSTOOD = "Sorry, we could not understand that request"
# The parameter names the site's forms and filters read, plus a made-up one
PARAMETERS = [
    "q",
    "search",
    "text",
    "reference",
    "page",
    "format",
    "team",
    "given_name",
    "status",
    "anything",
]


@pytest.fixture(params=[None, Role.CONTACT_OFFICER, Role.TEAM_MANAGER, Role.ANALYST, Role.ADMINISTRATOR])
def client_as(request, client, make_user, chat):
    if request.param is not None:
        signed_in(client, make_user(f"user.{request.param}", request.param, chat))
    return client


def test_every_url_is_found():
    names = {route.name for route in ROUTES}
    assert {"core:audit", "openreferral:services", "triage:log_contact", "directory:staff_services"} <= names
    assert len(ROUTES) > 50


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_nul_in_any_query_parameter_is_a_400_page(client_as, route):
    for name in PARAMETERS:
        response = client_as.get(route.path, {name: "a\x00b"})
        assert response.status_code == 400, (route.path, name)
        assert UNDERSTOOD in response.content.decode()


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_control_characters_in_a_form_field_are_a_400(client_as, route):
    for bad in ["a\x00b", "\x1b[31m", "\x7f"]:
        response = client_as.post(route.path, {"given_name": bad, "concern": bad})
        assert response.status_code == 400, (route.path, repr(bad))


@pytest.mark.parametrize("route", [r for r in ROUTES if "sample" in r.path], ids=str)
def test_nul_in_the_path_is_a_400(client_as, route):
    response = client_as.get(route.path.replace("sample", "sa%00mple"))
    assert response.status_code == 400


def test_tab_and_new_lines_in_a_textarea_are_ordinary_text(client):
    response = client.post("/concern/", {"concern": "line one\r\n\tline two"})
    assert response.status_code != 400


# The eight 500s of the probe, each as the person who can open the page
@pytest.mark.parametrize(
    ("role", "url"),
    [
        (None, "/openreferral/services?search=a%00b"),
        (None, "/openreferral/services?text=a%00b"),
        (None, "/openreferral/service_at_locations?search=a%00b"),
        (None, "/openreferral/service_at_locations?text=a%00b"),
        (Role.ADMINISTRATOR, "/staff/audit/?reference=a%00b"),
        (Role.ADMINISTRATOR, "/staff/access-log/?reference=a%00b"),
        (Role.CONTACT_OFFICER, "/staff/contacts/new/?q=a%00b"),
        (Role.CONTACT_OFFICER, "/staff/directory/?q=a%00b"),
    ],
)
def test_the_probes_nul_bytes_get_the_400_page(client, make_user, chat, role, url):
    if role:
        signed_in(client, make_user("someone", role, chat))
    response = client.get(url)
    assert response.status_code == 400
    assert UNDERSTOOD in response.content.decode()
    assert "Go back and try again" in response.content.decode()
