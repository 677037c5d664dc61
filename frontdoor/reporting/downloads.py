"""Tables as CSV and XLSX files (openpyxl)."""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile
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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
# Characters XML 1.0 cannot hold (a spreadsheet cell is XML): dropped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell_text(text: str) -> str:
    text = _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<t xml:space="preserve">{text}</t>'
        if text[:1].isspace() or text[-1:].isspace()
        else f"<t>{text}</t>"
    )


def _cell(value: object) -> str:
    """A cell after its reference: text inline (quote-prefixed when it looks like a formula), or a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        style = ' s="1"' if is_formula_like(text) else ""
        return f' t="inlineStr"{style}><is>{_cell_text(text)}</is></c>'
    return f"><v>{value}</v></c>"


def rows_xlsx(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """Named sheets of already formatted rows (Annex A): text stays text (inline strings), so dd/mm/yyyy
    stays as written; formula-like text is quote-prefixed text; numbers are numbers; blanks are empty cells.

    Written as the sheet XML itself (zipfile and strings, nothing else): a large council's Annex A is over a
    million cells, which openpyxl and XlsxWriter write in tens of seconds cell object by cell object, far from
    issue 17's five times the raw SQL floor. tests/reporting/test_exports.py reads the files back with
    openpyxl; see docs/adr/0025-returns-fast-exports.md."""
    buffer = io.BytesIO()
    titles: list[str] = []
    cells: dict[object, str] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number, (title, headers, rows) in enumerate(sheets, start=1):
            titles.append(_sheet_title(title))
            columns = [_column(i) for i in range(max(len(headers), 1))]
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as handle:
                parts: list[str] = [f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>']
                for line, row in enumerate(itertools.chain([headers], rows), start=1):
                    parts.append(f'<row r="{line}">')
                    for index, value in enumerate(row):
                        if value is None or value == "":
                            continue
                        if index >= len(columns):
                            columns.append(_column(index))
                        cell = cells.get(value)  # codes, dates and names repeat: each is escaped once
                        if cell is None:
                            cell = cells[value] = _cell(value)
                        parts.append(f'<c r="{columns[index]}{line}"{cell}')
                    parts.append("</row>")
                    if len(parts) > 20000:
                        handle.write("".join(parts).encode("utf-8"))
                        parts = []
                parts.append("</sheetData></worksheet>")
                handle.write("".join(parts).encode("utf-8"))
        sheet_entries = "".join(
            f'<sheet name="{html.escape(t, quote=True)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, t in enumerate(titles, 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for n in range(1, len(titles) + 1)
            )
            + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>{sheet_entries}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(titles) + 1)
            )
            + f'<Relationship Id="rId{len(titles) + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/styles.xml", _STYLES)
    return buffer.getvalue()
