"""Reading and writing spreadsheets (XLSX via openpyxl, CSV) as rows of named cells."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from grassroots.archives import ArchiveTooLarge, check_unzipped_size
from grassroots.text import fold


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, no header, missing columns)."""


@dataclass
class Row:
    number: int  # as the user sees it in the spreadsheet: the header is row 1
    values: dict[str, str]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(
    name: str, content: bytes, columns: dict[str, tuple[str, ...]], optional: frozenset[str] = frozenset()
) -> list[Row]:
    """Rows of an .xlsx or .csv file (or of the first table of a .docx) keyed by our column names.

    `columns` maps each column's key to the header labels accepted for it (compared folded, so "Họ và tên",
    "ho va ten" and "HỌ VÀ TÊN" are the same). Blank rows are skipped.
    """
    lower = name.lower()
    if lower.endswith((".xlsx", ".docx")):
        try:
            check_unzipped_size(content)
        except ArchiveTooLarge as exc:
            raise TableError(str(exc)) from exc
    if lower.endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:
            raise TableError(_("The file is not a readable XLSX workbook.")) from exc
        raw_rows: Iterable = sheet.iter_rows(values_only=True)
    elif lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableError(_("The CSV file must be saved as UTF-8.")) from exc
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        raw_rows = csv.reader(io.StringIO(text), dialect)
    elif lower.endswith(".docx"):
        raw_rows = _docx_table_rows(content)
    else:
        raise TableError(_("Upload an .xlsx or .csv file."))

    iterator = iter(raw_rows)
    header = next(iterator, None)
    if not header:
        raise TableError(_("The file is empty."))
    wanted = {fold(label): key for key, labels in columns.items() for label in labels}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = wanted.get(fold(_cell_text(cell)))
        if key and key not in positions:
            positions[key] = index
    missing = [columns[key][0] for key in columns if key not in positions and key not in optional]
    if missing:
        raise TableError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})

    rows = []
    for number, raw in enumerate(iterator, start=2):
        cells = [_cell_text(c) for c in raw]
        if not any(cells):
            continue
        values = {key: "" for key in columns}
        values.update({key: cells[i] if i < len(cells) else "" for key, i in positions.items()})
        rows.append(Row(number, values))
    return rows


def _docx_table_rows(content: bytes) -> list[list[str]]:
    """The rows of the first table in a Word document (programmes and plans are tables in DOCX files)."""
    import docx

    try:
        tables = docx.Document(io.BytesIO(content)).tables
    except Exception as exc:
        raise TableError(_("The file is not a readable Word (DOCX) document.")) from exc
    if not tables:
        raise TableError(_("The Word document has no table."))
    return [[cell.text.strip() for cell in row.cells] for row in tables[0].rows]


# A cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd|…, -2+3, @SUM(…)) or whose leading tab or
# carriage return hides one. Exports carry residents' and officials' text, so such a cell is written as text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that begins like a formula, with an apostrophe before it (OWASP's advice for CSV injection);
    numbers, dates and other text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(
    title: str, header: list[str], rows: Iterable[list], *, stacked_chart: tuple[str, int, int] | None = None
) -> bytes:
    """One sheet with a bold header. `stacked_chart` = (title, first, last column, 1-based) adds a stacked bar
    chart of those columns, one bar per row labelled by the first column."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([neutralise(label) for label in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    for index, label in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(label) + 4)
    if stacked_chart and sheet.max_row > 1:
        chart_title, first, last = stacked_chart
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = chart_title
        chart.height, chart.width = max(8, 0.45 * sheet.max_row), 22
        data = Reference(sheet, min_col=first, max_col=last, min_row=1, max_row=sheet.max_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=sheet.max_row))
        sheet.add_chart(chart, f"{sheet.cell(1, len(header) + 2).column_letter}2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
