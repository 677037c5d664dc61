from django import template

from frontdoor.triage import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:  # type: ignore[no-untyped-def]
    """The signed-in user's unread notifications: the page's own count if its view made one."""
    if (counted := context.get("unread_notifications")) is not None:
        return int(counted)
    request = context.get("request")
    return queries.unread_count(getattr(request, "user", None))
