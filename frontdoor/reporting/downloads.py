"""Tables as CSV and XLSX files (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from .figures.tables import Table, format_cell, to_csv

__all__ = ["table_csv", "tables_xlsx", "rows_xlsx"]


def table_csv(table: Table) -> bytes:
    # A byte order mark so that Excel opens the UTF-8 (en dashes, accents) correctly
    return ("\ufeff" + to_csv(table)).encode("utf-8")


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet per table: headers in the first row, then the rows (dates as ISO text, numbers as numbers)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title))
        sheet.append(list(table.headers))
        for row in table.rows:
            sheet.append([cell if isinstance(cell, int | float) else format_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_xlsx(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """Named sheets of already formatted rows (Annex A): text stays text, so dd/mm/yyyy stays as written."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title))
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
