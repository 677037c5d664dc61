from django import template

from frontdoor.triage import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:  # type: ignore[no-untyped-def]
    request = context.get("request")
    return queries.unread_count(getattr(request, "user", None))
