from django import template
from django.utils.safestring import SafeString

from frontdoor.core.navigation import staff_menu_items

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_navigation(context, unread: int = 0) -> SafeString:  # type: ignore[no-untyped-def]
    """The staff menu's links for the signed-in user (frontdoor/core/navigation.py)."""
    return staff_menu_items(context["request"].user, unread)
