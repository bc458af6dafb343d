"""The error report: the user's own workbook back, with an error column and the bad cells in red.

An error names its cell by (sheet, Excel row, the column's header as written in the file); the header is
found again in the sheet's first rows, one-row or two-row (a merged "Ngày sinh" over "Nam" | "Nữ"), and the
cell at that row and column is marked. The red and the header's font are the house's (``nguon.core.xlsx``).
Any file gives a report, never a server error: a file that cannot be read again (damaged, or not a
spreadsheet) gets a workbook of just its list of errors.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core.exporters import LANGUAGE, Rendered
from nguon.core.xlsx import DATE_FORMAT, XLSX, error_header, mark_error

from .headers import normalize_header
from .parse import HEADER_SCAN
from .reading import read_workbook

logger = logging.getLogger(__name__)
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # what Excel refuses in a sheet title


class ReportedError(Protocol):
    """What the report needs of an error (``nguon.imports.results.RowError`` is one)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def text(self) -> str: ...


class ErrorWorkbookExporter:
    """The user's file with its errors marked, named after it ("Danh sách-lỗi.xlsx")."""

    identifier: ClassVar[str] = "import-errors"
    verbose_name: ClassVar[str] = "Tệp đánh dấu lỗi"

    def __init__(self, data: bytes, filename: str, errors: Sequence[ReportedError]) -> None:
        self.data = data
        self.filename = filename
        self.errors = errors

    def render(self) -> Rendered:
        with translation.override(LANGUAGE):
            data = error_workbook(self.data, self.filename, self.errors)
            return Rendered(error_workbook_name(self.filename), XLSX, data)


def error_workbook_name(filename: str) -> str:
    """The report's file name: the user's own with "-lỗi" ("Danh sách.xls" → "Danh sách-lỗi.xlsx")."""
    stem = filename.rsplit(".", 1)[0] or "nguon"
    with translation.override(LANGUAGE):
        return _("%(name)s-errors.xlsx") % {"name": stem}


def error_workbook(data: bytes, filename: str, errors: Sequence[ReportedError]) -> bytes:
    """For .xlsx, a copy of the file itself (formatting kept); for other formats, its cells in a new .xlsx;
    for a file that cannot be read, a workbook listing the errors."""
    from openpyxl import Workbook

    try:
        book, names = _copy(data, filename)
        _mark(book, names, errors)
    except Exception:  # a damaged file still gets its report
        logger.info("error report of %s: the file could not be read again", filename, exc_info=True)
        book, names = Workbook(), {}
        book.remove(book.active)
        general: Sequence[ReportedError] = errors
    else:
        general = [e for e in errors if not e.row or e.sheet not in names.values()]
    if general or not book.worksheets:  # a workbook needs a sheet, even for a file with none
        summary = book.create_sheet(_("Errors"), 0)
        for e in general:
            summary.append([_clean(e.text())])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _copy(data: bytes, filename: str) -> tuple[Any, dict[str, str]]:
    """The workbook to mark, and the name in the file of each of its sheets (by the sheet's title)."""
    from openpyxl import Workbook, load_workbook

    if filename.lower().endswith((".xlsx", ".xlsm")):
        book = load_workbook(io.BytesIO(data))
        return book, {sheet.title: sheet.title for sheet in book.worksheets}
    book = Workbook()
    book.remove(book.active)
    names: dict[str, str] = {}
    for raw in read_workbook(data, filename).sheets:
        # Excel's limit and characters; the errors keep the sheet's name in the file
        sheet = book.create_sheet(_TITLE_FORBIDDEN.sub("_", raw.name)[:31] or "Sheet")
        names[sheet.title] = raw.name
        for row in raw.iter_rows():
            sheet.append([_clean(value) for value in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, dt.date | dt.datetime):
                    cell.number_format = DATE_FORMAT
    return book, names


def _mark(book: Any, names: dict[str, str], errors: Sequence[ReportedError]) -> None:
    by_sheet: dict[str, dict[int, list[ReportedError]]] = defaultdict(lambda: defaultdict(list))
    for e in errors:
        if e.row:
            by_sheet[e.sheet][e.row].append(e)
    for sheet in book.worksheets:
        rows = by_sheet.get(names.get(sheet.title, sheet.title))
        if not rows:
            continue
        column = sheet.max_column + 1
        error_header(sheet.cell(row=1, column=column, value=_("Errors")))
        found: dict[str, int | None] = {}
        for row_number, row_errors in rows.items():
            text = "; ".join(f"{e.column}: {e.message}" if e.column else e.message for e in row_errors)
            mark_error(sheet.cell(row=row_number, column=column, value=_clean(text)))
            for e in row_errors:
                if not e.column:
                    continue
                if e.column not in found:
                    found[e.column] = column_of(sheet, e.column)
                target = found[e.column]
                if target:
                    mark_error(sheet.cell(row=row_number, column=target))


def column_of(sheet: Any, header: str) -> int | None:
    """The column (from 1) whose header, in the sheet's first rows, is ``header``: one cell, a cell over the
    one below it ("Ngày sinh" over "Nam"), or the sub-header of a merged top header ("Ngày sinh Nữ": the "Nữ"
    under a "Ngày sinh" that spans it)."""
    wanted = normalize_header(header)
    rows = [list(r) for r in sheet.iter_rows(min_row=1, max_row=HEADER_SCAN, values_only=True)]
    for row in rows:
        for c, value in enumerate(row):
            if value is not None and normalize_header(str(value)) == wanted:
                return c + 1
    for r, row in enumerate(rows[:-1]):
        top = ""
        for c, value in enumerate(row):
            top = str(value) if value is not None else top  # a merged header spans the empty cells after it
            under = rows[r + 1][c] if c < len(rows[r + 1]) else None
            if under is not None and top and normalize_header(f"{top} {under}") == wanted:
                return c + 1
    return None


def _clean(value: Any) -> Any:
    """A value openpyxl can write: text without the control characters a cell may not hold."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
