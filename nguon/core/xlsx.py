"""The house XLSX format, in one place: every workbook the project writes looks the same.

- a bold header row on a grey-blue fill, wrapped, bordered, frozen and filtered;
- each column its width; dates as real dates shown dd/mm/yyyy (a year alone, as a birth year often is, stays
  a number shown as the year); counts with a thousands separator and ratios with one decimal, stored as
  numbers so offices can compute with them — Excel and LibreOffice show them with the reader's separators,
  the decimal comma and thousands dot on a Vietnamese system;
- text always written as text (a name beginning with "=" is never taken for a formula);
- status cells on a green or red fill; the cells of an error in red, the error column's header in dark red.

:func:`render_xlsx` writes :class:`Sheet` s of plain rows (exporters yield them, see ``nguon.core.exporters``);
:func:`mark_error` and :func:`error_header` apply the same red to a workbook openpyxl is editing (the user's
own file sent back with its errors marked).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import xlsxwriter
import xlsxwriter.utility

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FONT = "Calibri"  # every Vietnamese letter, on every system that opens the file
FONT_SIZE = 11
HEADER_FILL = "#DDE5EE"
GREEN = "#C6EFCE"
RED = "#FFC7CE"
RED_TEXT = "#9C0006"
DATE_FORMAT = "dd/mm/yyyy"
YEAR_FORMAT = "0"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
SHEET_NAME_MAX = 31  # Excel's limit
LIST_MAX = 255  # Excel's limit on a drop-down list typed into the validation itself
LISTS_SHEET = "Danh mục"  # the hidden sheet of the drop-down lists too long (or with commas) to type in

CellKind = Literal["text", "date", "integer", "decimal", "flag"]


@dataclass(frozen=True)
class Column:
    """A column of a written sheet: its header, width and kind, and for templates a note on the header and
    the values of a drop-down list; ``fills`` colours a cell by the value written in it (a status)."""

    header: str
    width: int = 12
    kind: CellKind = "text"
    note: str = ""
    options: tuple[str, ...] = ()
    fills: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    """A sheet to write: its title, its columns and its rows (one value per column, None for blank).

    ``blank_rows`` (templates) carries the drop-down lists and the filter that far below the header."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = ()
    blank_rows: int = 0


@dataclass(frozen=True)
class Instructions:
    """A first sheet of instructions: a heading and one wrapped paragraph per line."""

    title: str
    heading: str
    lines: Sequence[str]


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": FONT, "font_size": FONT_SIZE}
        self.book = book
        self.header = book.add_format(
            {**base, "bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top", "border": 1}
        )
        self.by_kind = {
            "date": book.add_format({**base, "num_format": DATE_FORMAT}),
            "integer": book.add_format({**base, "num_format": INTEGER_FORMAT}),
            "decimal": book.add_format({**base, "num_format": DECIMAL_FORMAT}),
        }
        self.year = book.add_format({**base, "num_format": YEAR_FORMAT})
        self.heading = book.add_format({**base, "bold": True, "font_size": 13})
        self.paragraph = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self._fills: dict[tuple[str, str], Any] = {}

    def fill(self, colour: str, kind: str) -> Any:
        key = (colour, kind)
        if key not in self._fills:
            spec: dict[str, Any] = {"font_name": FONT, "font_size": FONT_SIZE, "bg_color": colour}
            if kind in ("integer", "decimal"):
                spec["num_format"] = INTEGER_FORMAT if kind == "integer" else DECIMAL_FORMAT
            self._fills[key] = self.book.add_format(spec)
        return self._fills[key]


def render_xlsx(sheets: Iterable[Sheet], *, instructions: Instructions | None = None) -> bytes:
    """The workbook of ``sheets`` (after an instructions sheet, if any) in the house format, as bytes.

    Rows are written as they come and flushed to a temporary file (xlsxwriter's ``constant_memory``): the
    memory of an export does not grow with its rows."""
    with tempfile.TemporaryDirectory(prefix="nguon-xlsx-") as folder:
        path = Path(folder) / "book.xlsx"
        options = {"constant_memory": True, "strings_to_numbers": False, "tmpdir": folder}
        book = xlsxwriter.Workbook(str(path), options)
        formats = _Formats(book)
        lists = _Lists()
        if instructions is not None:
            _write_instructions(book, formats, instructions)
        for sheet in sheets:
            _write_sheet(book, formats, sheet, lists)
        lists.write(book)
        book.close()
        return path.read_bytes()


def _write_instructions(book: xlsxwriter.Workbook, formats: _Formats, instructions: Instructions) -> None:
    sheet = book.add_worksheet(instructions.title[:SHEET_NAME_MAX])
    sheet.set_column(0, 0, 110)
    sheet.write_string(0, 0, instructions.heading, formats.heading)
    for i, line in enumerate(instructions.lines, start=2):
        sheet.write_string(i, 0, line, formats.paragraph)


class _Lists:
    """Drop-down lists Excel cannot take typed in (longer than 255 characters, or an option with a comma,
    which Excel would split in two): written as columns of a hidden sheet and referenced as a range."""

    def __init__(self) -> None:
        self.columns: list[tuple[str, ...]] = []

    def source(self, options: Sequence[str]) -> str | list[str]:
        typed = list(options)
        if len(",".join(typed)) <= LIST_MAX and not any("," in o for o in typed):
            return typed
        key = tuple(typed)
        if key not in self.columns:
            self.columns.append(key)
        c = xlsxwriter.utility.xl_col_to_name(self.columns.index(key))
        return f"='{LISTS_SHEET}'!${c}$1:${c}${len(key)}"

    def write(self, book: xlsxwriter.Workbook) -> None:
        if not self.columns:
            return
        sheet = book.add_worksheet(LISTS_SHEET)
        for r in range(max(len(col) for col in self.columns)):  # row by row: constant_memory writes in order
            for c, col in enumerate(self.columns):
                if r < len(col):
                    sheet.write_string(r, c, col[r])
        sheet.hide()


def _write_sheet(book: xlsxwriter.Workbook, formats: _Formats, spec: Sheet, lists: _Lists) -> None:
    sheet = book.add_worksheet(spec.title[:SHEET_NAME_MAX])
    columns = list(spec.columns)
    for c, col in enumerate(columns):
        sheet.write_string(0, c, col.header, formats.header)
        sheet.set_column(c, c, col.width, formats.by_kind.get(col.kind))
        if col.note:
            sheet.write_comment(0, c, col.note)
        if col.options and spec.blank_rows:
            sheet.data_validation(
                1, c, spec.blank_rows, c, {"validate": "list", "source": lists.source(col.options)}
            )
    n = 0
    for n, row in enumerate(spec.rows, start=1):
        for c, (col, value) in enumerate(zip(columns, row, strict=True)):
            _write_value(sheet, formats, n, c, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n, spec.blank_rows, 1), max(len(columns) - 1, 0))


def _write_value(sheet: Any, formats: _Formats, row: int, c: int, col: Column, value: Any) -> None:
    colour = col.fills.get(value) if isinstance(value, str) else None
    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        day = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        sheet.write_datetime(row, c, day, formats.by_kind["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, c, value)
    elif isinstance(value, int | float | Decimal):
        number_format = formats.year if col.kind == "date" else formats.by_kind.get(col.kind)
        sheet.write_number(row, c, float(value) if isinstance(value, Decimal) else value, number_format)
    else:
        sheet.write_string(row, c, str(value), formats.fill(colour, col.kind) if colour else None)


def mark_error(cell: Any) -> None:
    """Give an openpyxl cell the house's error fill."""
    from openpyxl.styles import PatternFill

    colour = RED.lstrip("#")
    cell.fill = PatternFill("solid", start_color=colour, end_color=colour)


def error_header(cell: Any) -> None:
    """Give an openpyxl cell the house's error-column header: bold, dark red."""
    from openpyxl.styles import Font

    cell.font = Font(bold=True, color=RED_TEXT.lstrip("#"))
