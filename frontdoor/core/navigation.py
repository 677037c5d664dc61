"""The staff menu as data: each link, the permission that shows it, in the order the menu shows them. Rendered by
`{% staff_navigation %}` on every staff page, so one table says who sees what (the template had 20 `perms` lookups
and as many `{% url %}` tags, which cost more than the queue's own rows: issue 17)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from frontdoor.core.permissions import Permission


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url_name: str
    permission: str | None  # None: everyone signed in to the staff side
    element_id: str = ""


STAFF_MENU: tuple[Link, ...] = (
    Link("Queue", "triage:queue", Permission.VIEW_QUEUE),
    Link("Log a contact", "triage:log_contact", Permission.VIEW_QUEUE),
    Link("Call backs", "triage:callbacks", Permission.VIEW_QUEUE),
    Link("Notifications", "triage:notifications", Permission.VIEW_QUEUE, element_id="notifications-link"),
    Link("Caseloads", "triage:caseloads", Permission.VIEW_CASELOADS),
    Link("Possible duplicates", "people:duplicates", Permission.MERGE_PERSONS),
    Link("Search", "people:search", Permission.VIEW_PERSON),
    Link("Oversight", "triage:oversight_list", Permission.VIEW_OVERSIGHT),
    Link("Records opened by others", "people:break_glass_list", Permission.VIEW_BREAK_GLASS),
    Link("Overdue requests", "multiagency:overdue", Permission.VIEW_OVERDUE_REQUESTS),
    Link("Handovers", "multiagency:handovers", Permission.VIEW_HANDOVERS),
    Link("Partner agencies", "multiagency:agencies", Permission.MANAGE_PARTNER_AGENCIES),
    Link("Quality", "quality:quality", Permission.AUDIT_CASES),
    Link("Phone line", "planning:phone_line", Permission.VIEW_PHONE_LINE),
    Link("Failed emails", "notify:failed", Permission.VIEW_FAILED_EMAILS),
    Link("Service directory", "directory:staff_services", Permission.MANAGE_SERVICES),
    Link("Performance", "reporting:performance", Permission.VIEW_PERFORMANCE),
    Link("Statutory returns", "reporting:exports", Permission.EXPORT_NAMED_DATA),
    Link("Audit trail", "core:audit", Permission.VIEW_AUDIT),
    Link("Access log", "core:access_log", Permission.VIEW_AUDIT),
    Link("Partner systems", "partners:partners", Permission.MANAGE_PARTNER_SYSTEMS),
    Link("Screener", "screener_admin:definitions", Permission.MANAGE_DEFINITIONS),
    Link("Staff accounts", "accounts:staff_list", Permission.MANAGE_STAFF_ACCOUNTS),
    Link("Your account", "accounts:account", None),
)

_ITEM = '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{}"{}>{}{}</a></li>'
_UNREAD = ' <strong class="govuk-tag govuk-tag--red fd-count">{}<span class="govuk-visually-hidden"> unread</span></strong>'


@cache
def _href(url_name: str, script_prefix: str) -> str:
    """The menu's URLs take no arguments: reversed once per process (and script prefix), not on every page."""
    return reverse(url_name)


def links_for(user) -> list[Link]:  # type: ignore[no-untyped-def]
    """The menu's links this user may follow, each permission asked once."""
    allowed: dict[str, bool] = {}
    shown = []
    for link in STAFF_MENU:
        permission = link.permission
        if permission is not None and permission not in allowed:
            allowed[permission] = user.has_perm(permission)
        if permission is None or allowed[permission]:
            shown.append(link)
    return shown


def staff_menu_items(user, unread: int = 0) -> SafeString:  # type: ignore[no-untyped-def]
    """The menu's list items as HTML, the unread notifications counted beside their link."""
    prefix = get_script_prefix()
    return mark_safe(  # noqa: S308 - every part below is escaped by format_html
        "".join(
            format_html(
                _ITEM,
                _href(link.url_name, prefix),
                format_html(' id="{}"', link.element_id) if link.element_id else "",
                link.label,
                format_html(_UNREAD, unread) if link.url_name == "triage:notifications" and unread else "",
            )
            for link in links_for(user)
        )
    )
