"""Levels of need, as the council sets them: the scale (settings.FRONTDOOR_FAMILY_HELP_SCALE) and its names.

- "four_levels" (the default): four levels, lowest first, named by settings.FRONTDOOR_LEVELS_OF_NEED.
- "families_first": the Families First Partnership scale, where targeted early help and child in need are one
  Family Help: Universal / Family Help / Family Help with child protection.

A decision stores the level as a number on the classic four-level scale whichever scale is shown, so decision
rules, the dashboard and the returns read one meaning, and a council that changes scale keeps its history:
on the Families First scale Family Help is stored as 3 (a child who needs a service) and child protection as 4.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SCALES = ("four_levels", "families_first")
# Each Families First level and the classic level it is stored as; classic level 2 reads as Family Help too
FAMILIES_FIRST = ((1, "Universal"), (3, "Family Help"), (4, "Family Help with child protection"))
FAMILIES_FIRST_NAMES = {
    1: "Universal",
    2: "Family Help",
    3: "Family Help",
    4: "Family Help with child protection",
}


def scale() -> str:
    chosen = getattr(settings, "FRONTDOOR_FAMILY_HELP_SCALE", "four_levels")
    if chosen not in SCALES:
        raise ImproperlyConfigured("FRONTDOOR_FAMILY_HELP_SCALE must be four_levels or families_first")
    return str(chosen)


def level_names() -> list[str]:
    """The names on the council's scale, lowest first."""
    if scale() == "families_first":
        return [name for _, name in FAMILIES_FIRST]
    names = list(settings.FRONTDOOR_LEVELS_OF_NEED)
    if len(names) != 4:
        raise ImproperlyConfigured("FRONTDOOR_LEVELS_OF_NEED must name exactly four levels, lowest first.")
    return names


def level_choices() -> list[tuple[int, str]]:
    if scale() == "families_first":
        return list(FAMILIES_FIRST)
    return [(number, f"Level {number}: {name}") for number, name in enumerate(level_names(), start=1)]


def level_name(level: int | None) -> str:
    if not level:
        return "Not recorded"
    if scale() == "families_first":
        return FAMILIES_FIRST_NAMES.get(level, "Not recorded")
    return dict(level_choices()).get(level, "Not recorded")
