"""Writing indicator tables to XLSX: Vietnamese headers, frozen and filtered header row, widths set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO, Any

import xlsxwriter

from .evaluation import Cell
from .serializers import CELL_COLUMNS, cell_dict

STATUS_VI = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "no_target": "Không có chỉ tiêu",
    "no_data": "Chưa có số liệu",
}


def cells_xlsx(cells: Sequence[Cell], out: str | IO[bytes]) -> None:
    """One row per unit × indicator; statuses in Vietnamese and coloured."""
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Chỉ số")
    head = book.add_format(
        {"bold": True, "bg_color": "#DDE5EE", "text_wrap": True, "valign": "top", "border": 1}
    )
    pct = book.add_format({"num_format": "0.0"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    colours = {
        "met": book.add_format({"bg_color": "#C6EFCE"}),
        "not_met": book.add_format({"bg_color": "#FFC7CE"}),
    }
    widths = {"area_name": 26, "indicator_name": 44, "target_document": 30, "note": 30}
    for col, (key, label) in enumerate(CELL_COLUMNS):
        sheet.write(0, col, label, head)
        sheet.set_column(col, col, widths.get(key, 12))
    for row, cell in enumerate(cells, start=1):
        data: dict[str, Any] = cell_dict(cell)
        for col, (key, _) in enumerate(CELL_COLUMNS):
            value = data[key]
            if key == "as_of":
                sheet.write_datetime(row, col, dt.datetime.fromisoformat(value), day)
            elif key in ("value", "target_value") and value is not None:
                sheet.write_number(row, col, value, pct)
            elif key == "status":
                sheet.write(row, col, STATUS_VI.get(value, value), colours.get(value))
            elif value is None:
                sheet.write_blank(row, col, None)
            else:
                sheet.write(row, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(cells), 1), len(CELL_COLUMNS) - 1)
    book.close()
