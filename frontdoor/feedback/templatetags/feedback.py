from django import template

from frontdoor.feedback import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def advice_callbacks(context):  # type: ignore[no-untyped-def]
    """The team's booked advice consultations, for the call-back list."""
    return queries.advice_callbacks_for(context["request"].user)
