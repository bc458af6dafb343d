"""The error report: the user's own workbook back, with an error column and the bad cells highlighted."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _

from .headers import normalize_header
from .reading import read_workbook
from .services import RowError

RED = "FFC7CE"


def error_workbook(data: bytes, filename: str, errors: Sequence[RowError]) -> bytes:
    """For .xlsx, a copy of the file itself (formatting kept); for other formats, its cells in a new .xlsx."""
    by_sheet: dict[str, dict[int, list[RowError]]] = defaultdict(lambda: defaultdict(list))
    for e in errors:
        by_sheet[e.sheet][e.row or 0].append(e)
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", start_color=RED, end_color=RED)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        book = load_workbook(io.BytesIO(data))
    else:
        book = Workbook()
        book.remove(book.active)
        for raw in read_workbook(data, filename).sheets:
            sheet = book.create_sheet(raw.name[:31])
            for row in raw.iter_rows():
                sheet.append(list(row))
    general = [e for e in errors if not e.sheet or not e.row]
    for sheet in book.worksheets:
        rows = by_sheet.get(sheet.title)
        if not rows:
            continue
        column = sheet.max_column + 1
        sheet.cell(row=1, column=column, value=_("Errors")).font = Font(bold=True, color="9C0006")
        for row_number, row_errors in rows.items():
            if not row_number:
                continue
            sheet.cell(
                row=row_number,
                column=column,
                value="; ".join(f"{e.column}: {e.message}" if e.column else e.message for e in row_errors),
            ).fill = fill
            for e in row_errors:
                if not e.column:
                    continue
                for cell in sheet[row_number]:
                    if cell.value is not None and normalize_header(str(cell.value)) == normalize_header(
                        e.column
                    ):
                        break
                else:
                    target = _column_of(sheet, e.column)
                    if target:
                        sheet.cell(row=row_number, column=target).fill = fill
    if general:
        summary = book.create_sheet(_("Errors"), 0)
        for e in general:
            summary.append([e.text()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column_of(sheet: object, header: str) -> int | None:
    """The column whose header (in the first 15 rows, possibly a merged two-row header) is ``header``."""
    wanted = normalize_header(header)
    rows = list(sheet.iter_rows(min_row=1, max_row=15, values_only=True))  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            if normalize_header(str(value)) == wanted:
                return c
            below = rows[r + 1][c - 1] if r + 1 < len(rows) and c - 1 < len(rows[r + 1]) else None
            if below is not None and normalize_header(f"{value} {below}") == wanted:
                return c
    # the sub-header of a merged top header: "Ngày sinh Nữ" → the "Nữ" column under "Ngày sinh"
    for r in range(len(rows) - 1):
        top = ""
        for c, value in enumerate(rows[r], start=1):
            top = str(value) if value is not None else top
            below = rows[r + 1][c - 1] if c - 1 < len(rows[r + 1]) else None
            if below is not None and top and normalize_header(f"{top} {below}") == wanted:
                return c
    return None
