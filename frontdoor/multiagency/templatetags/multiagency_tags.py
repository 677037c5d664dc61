from django import template

from frontdoor.multiagency import presenters, queries

register = template.Library()


@register.inclusion_tag("multiagency/_panel.html", takes_context=True)
def multiagency_panel(context, contact):  # type: ignore[no-untyped-def]
    """The multi-agency part of the contact page: requests, strategy discussions, Family Help."""
    user = context["request"].user
    return {
        "panel": presenters.panel(contact, queries.work_on_contact(user, contact), user),
        "request": context["request"],
    }
