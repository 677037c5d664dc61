"""Formula injection: text that a spreadsheet would run as a formula is made inert before it is written.

Anyone can type into the public request (`agency = =HYPERLINK("http://…","Click")`), and an analyst opens the
download in Excel. A CSV cell that starts with = + - @ (or a tab, carriage return or line feed, which Excel skips
before looking) gets a leading apostrophe, as OWASP advises; an XLSX cell is stored as text (see
`frontdoor.reporting.downloads`). Plain numbers such as -3 or +1.5 are left alone: they cannot be formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
K = TypeVar("K")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value)


def escape_cell(value: object) -> object:
    """The value as it may safely go into a CSV cell: formula-like text gets a leading apostrophe."""
    if is_formula_like(value):
        return "'" + str(value)
    return value


def escape_row(row: Iterable[object]) -> list[object]:
    return [escape_cell(value) for value in row]


def escape_mapping(row: Mapping[K, object]) -> dict[K, object]:
    return {key: escape_cell(value) for key, value in row.items()}
