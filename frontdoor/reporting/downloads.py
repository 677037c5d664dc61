"""Tables as CSV and XLSX files (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from frontdoor.core.spreadsheets import is_formula_like

from .figures.tables import Table, format_cell, to_csv

__all__ = ["table_csv", "tables_xlsx", "rows_xlsx"]


def table_csv(table: Table) -> bytes:
    # A byte order mark so that Excel opens the UTF-8 (en dashes, accents) correctly
    return ("\ufeff" + to_csv(table)).encode("utf-8")


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]


def _text_cells(sheet: WriteOnlyWorksheet, values: Iterable[object]) -> list[object]:
    """openpyxl writes a string that starts with = as a live formula: such text is stored as text instead
    (quote-prefixed, so Excel keeps it text when the cell is edited). Everything else goes in as it is."""
    cells: list[object] = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet per table: headers in the first row, then the rows (dates as ISO text, numbers as numbers)."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title))
        sheet.append(_text_cells(sheet, table.headers))
        for row in table.rows:
            sheet.append(
                _text_cells(
                    sheet, [cell if isinstance(cell, int | float) else format_cell(cell) for cell in row]
                )
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_xlsx(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """Named sheets of already formatted rows (Annex A): text stays text, so dd/mm/yyyy stays as written."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title))
        sheet.append(_text_cells(sheet, headers))
        for row in rows:
            sheet.append(_text_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
