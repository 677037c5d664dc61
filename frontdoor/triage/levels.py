"""Levels of need: four, lowest first, named as the council names them (settings.FRONTDOOR_LEVELS_OF_NEED)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def level_names() -> list[str]:
    names = list(settings.FRONTDOOR_LEVELS_OF_NEED)
    if len(names) != 4:
        raise ImproperlyConfigured("FRONTDOOR_LEVELS_OF_NEED must name exactly four levels, lowest first.")
    return names


def level_choices() -> list[tuple[int, str]]:
    return [(number, f"Level {number}: {name}") for number, name in enumerate(level_names(), start=1)]


def level_name(level: int | None) -> str:
    if not level:
        return "Not recorded"
    return dict(level_choices()).get(level, "Not recorded")
