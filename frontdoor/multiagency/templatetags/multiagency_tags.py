from django import template

from frontdoor.multiagency import figures, presenters, queries, services

register = template.Library()


@register.inclusion_tag("multiagency/_panel.html", takes_context=True)
def multiagency_panel(context, contact):  # type: ignore[no-untyped-def]
    """The multi-agency part of the contact page: requests, strategy discussions, Family Help."""
    user = context["request"].user
    return {
        "panel": presenters.panel(contact, queries.work_on_contact(user, contact), user),
        "request": context["request"],
    }


@register.inclusion_tag("multiagency/_oversight.html", takes_context=True)
def multiagency_oversight(context, contact):  # type: ignore[no-untyped-def]
    """At oversight: requests still unanswered and the worker's reason for deciding anyway."""
    user = context["request"].user
    work = queries.work_on_contact(user, contact)
    rows = [row for row in presenters.request_rows(work.requests) if row.request.is_open]
    return {"rows": rows, "reason": services.current_reason(contact) if rows else None}


@register.inclusion_tag("multiagency/_dashboard.html", takes_context=True)
def multiagency_figures(context, team, dashboard):  # type: ignore[no-untyped-def]
    """Multi-agency figures on the performance dashboard, for the team (or every team) the page shows."""
    user = context["request"].user
    if not user.has_perm("reporting.view_team_performance", team):
        return {"figures": None}
    return {"figures": figures.figures_for(team=team, start=dashboard.start, end=dashboard.end)}
