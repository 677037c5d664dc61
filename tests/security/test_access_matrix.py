"""Who may open what: every URL in the URL configuration, as anonymous and as every role, gives the status the
table in access_matrix.yaml says. A URL nobody has classified fails, and says where to add it; so does a role
added to the Role choices that the table does not cover."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.reporting.models import ExportJob
from tests.conftest import signed_in

from .urlconf import SAMPLE_UUID, Route, all_routes

TABLE_FILE = Path(__file__).with_name("access_matrix.yaml")
ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role.values]
# Roles that work in a team are given the team the sample data belongs to; the others have none
TEAMLESS = {Role.ANALYST, Role.RETURNS_OFFICER, Role.ADMINISTRATOR}
ROUTES = all_routes()


def load_table() -> dict[str, dict[str, int]]:
    return yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8")) or {}


TABLE = load_table()


def expected(entry: dict[str, int], role: str) -> int | None:
    """A role's own status, else "staff" (for any signed-in role), else "everyone"."""
    if role in entry:
        return entry[role]
    if role != ANONYMOUS and "staff" in entry:
        return entry["staff"]
    return entry.get("everyone")


def how_to_add(route: Route) -> str:
    return (
        f"{route.name} ({route.path}) is not in {TABLE_FILE.relative_to(TABLE_FILE.parents[2])}. Add a line saying what a "
        f"GET of it returns for each role, e.g.\n  {route.name}: {{anonymous: 302, staff: 403, team_manager: 200}}"
        "\n(keys: anonymous, staff, everyone, or a role: " + ", ".join(Role.values) + ")"
    )


def unclassified(routes: list[Route], table: dict[str, dict[str, int]]) -> list[str]:
    return [how_to_add(route) for route in routes if route.name not in table]


def test_a_url_nobody_has_classified_fails_saying_where_to_add_it():
    (message,) = unclassified([*ROUTES, Route("reports:new_page", "/staff/new-page/")], TABLE)
    assert message.startswith(
        "reports:new_page (/staff/new-page/) is not in tests/security/access_matrix.yaml"
    )
    assert "reports:new_page: {anonymous: 302, staff: 403, team_manager: 200}" in message


def test_every_url_is_classified_and_every_entry_is_a_url():
    names = {route.name for route in ROUTES}
    missing = unclassified(ROUTES, TABLE)
    assert not missing, "\n\n".join(missing)
    stale = sorted(set(TABLE) - names)
    assert not stale, f"{TABLE_FILE.name} names URLs that no longer exist: {stale}"
    for name, entry in TABLE.items():
        unknown = set(entry) - {*ROLES, "staff", "everyone"}
        assert not unknown, f"{name}: {unknown} are not roles"
        for role in ROLES:
            assert expected(entry, role) is not None, f"{name} says nothing for {role} in {TABLE_FILE.name}"


@pytest.fixture
def users(make_user, chat, make_contact):
    made = {
        role: make_user(f"matrix.{role}", role, None if role in TEAMLESS else chat) for role in Role.values
    }
    # Records behind the sample id, so that pages about a record are opened, not only refused or not found:
    # a contact in the signed-in team's queue, and an export the returns officer asked for
    make_contact(chat, id=SAMPLE_UUID)
    ExportJob.objects.create(
        id=SAMPLE_UUID,
        kind=ExportJob.Kind.ANNEX_A,
        params={"as_of": "2025-06-30"},
        requested_by=made[Role.RETURNS_OFFICER],
        requested_at=timezone.now(),
    )
    return made


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in TABLE], ids=str)
def test_each_role_gets_the_status_the_table_says(client, users, route):
    entry = TABLE[route.name]
    wrong = []
    for role in ROLES:
        client.logout()
        if role != ANONYMOUS:
            signed_in(client, users[role])
        response = client.get(route.path)
        want = expected(entry, role)
        if response.status_code != want:
            wrong.append(f"{role}: {response.status_code}, the table says {want}")
        elif role == ANONYMOUS and want == 302 and route.path.startswith("/staff/"):
            assert response["Location"].startswith("/staff/sign-in/"), route.path
    assert not wrong, f"{route.name} ({route.path}):\n  " + "\n  ".join(wrong)
