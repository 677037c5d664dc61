"""The staff menu (frontdoor/core/navigation.py): each role sees the links its work needs, and every link it sees
opens for it."""

import re

import pytest
from django.urls import reverse

from frontdoor.accounts.models import Role
from tests.conftest import signed_in

MENU = re.compile(r'<ul class="govuk-service-navigation__list" id="staff-navigation">(.*?)</ul>', re.S)
LINK = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>([^<]+)')

FRONT_DOOR = ["Queue", "Log a contact", "Call backs", "Notifications"]
# In the menu's order, as each role's work needs them (an analyst has no person search, a returns officer only the
# named exports, an administrator no queue)
EXPECTED = {
    Role.CONTACT_OFFICER: [*FRONT_DOOR, "Search"],
    Role.SOCIAL_WORKER: [*FRONT_DOOR, "Possible duplicates", "Search", "Handovers"],
    Role.TEAM_MANAGER: [
        *FRONT_DOOR, "Caseloads", "Possible duplicates", "Search", "Oversight", "Records opened by others",
        "Overdue requests", "Handovers", "Partner agencies", "Quality", "Phone line", "Failed emails",
        "Service directory", "Performance",
    ],
    Role.ANALYST: ["Phone line", "Performance"],
    Role.RETURNS_OFFICER: ["Statutory returns"],
    Role.ADMINISTRATOR: [
        "Records opened by others", "Partner agencies", "Failed emails", "Service directory", "Audit trail",
        "Access log", "Partner systems", "Screener", "Staff accounts",
    ],
}  # fmt: skip


def menu_of(page: str) -> list[tuple[str, str]]:
    match = MENU.search(page)
    assert match, "no staff menu on the page"
    return [(label.strip(), href) for href, label in LINK.findall(match.group(1))]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_links_and_every_link_it_sees_opens(client, chat, make_user, role):
    user = make_user(f"menu.{role}", role, chat)
    signed_in(client, user)
    links = menu_of(client.get(reverse("accounts:account")).content.decode())
    assert [label for label, _ in links] == [*EXPECTED[role], "Your account"]
    for label, href in links:
        assert client.get(href).status_code == 200, f"{label} ({href}) refused {role}"
    assert "Sign out" in client.get(reverse("accounts:account")).content.decode()


def test_the_menu_counts_unread_notifications_on_every_staff_page(
    client, chat, team_manager, social_worker, make_contact
):
    from frontdoor.triage import services

    services.allocate_contact(
        contact=make_contact(chat), user=team_manager, to_user=social_worker, reason="", version=1
    )
    signed_in(client, social_worker)
    for page in (reverse("triage:queue"), reverse("accounts:account"), reverse("people:search")):
        body = client.get(page).content.decode()
        assert (
            'id="notifications-link">Notifications <strong class="govuk-tag govuk-tag--red fd-count">1<span class="govuk-visually-hidden"> unread</span>'
            in body
        ), page
