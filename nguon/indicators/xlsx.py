"""The indicator table as XLSX: one row per unit × indicator, statuses in words and coloured, in the house
format (``nguon.core.xlsx``); served through ``nguon.core.downloads``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any, ClassVar

from nguon.core.exporters import XlsxExporter
from nguon.core.labels import ChoiceLabels, label
from nguon.core.xlsx import GREEN, RED, CellKind, Column, Sheet

from .choices import CountUnit, Status
from .evaluation import Cell
from .serializers import CELL_COLUMNS, cell_dict

STATUS_LABELS = ChoiceLabels(Status, capital=True)  # "met" -> "Đạt", from the choices, in the active language
STATUS_VI = STATUS_LABELS  # the name the table page and the CLI know it by

_KINDS: dict[str, CellKind] = {
    "as_of": "date",
    "numerator": "integer",
    "denominator": "integer",
    "gap": "integer",
    "value": "decimal",
    "target_value": "decimal",
}
_WIDTHS = {"area_name": 26, "indicator_name": 44, "target_document": 30, "note": 30}


class IndicatorTableExporter(XlsxExporter):
    """The cells of an indicator table, one row each, under the serializers' Vietnamese headers."""

    identifier: ClassVar[str] = "indicator-table"
    verbose_name: ClassVar[str] = "Chỉ số"

    def __init__(self, cells: Sequence[Cell], *, stem: str = "chỉ-số") -> None:
        self.cells = cells
        self.stem = stem

    def filename(self) -> str:
        return self.stem

    def columns(self) -> list[Column]:
        fills = {
            STATUS_LABELS[Status.MET]: GREEN,
            STATUS_LABELS[Status.NOT_MET]: RED,
        }
        return [
            Column(
                header,
                width=_WIDTHS.get(key, 12),
                kind=_KINDS.get(key, "text"),
                fills=fills if key == "status" else {},
            )
            for key, header in CELL_COLUMNS
        ]

    def rows(self) -> Iterator[list[Any]]:
        for cell in self.cells:
            data: dict[str, Any] = cell_dict(cell)
            data["as_of"] = cell.at
            data["unit"] = label(CountUnit, cell.count_unit)
            data["status"] = STATUS_LABELS.get(cell.status, cell.status)
            yield [data[key] for key, _header in CELL_COLUMNS]

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet("Chỉ số", self.columns(), self.rows())


def cells_xlsx(cells: Sequence[Cell], out: str | IO[bytes]) -> None:
    """Write the table of ``cells`` to a path or a binary file (the CLI's ``--out``)."""
    data = IndicatorTableExporter(cells).render().data
    if isinstance(out, str):
        with open(out, "wb") as handle:
            handle.write(data)
    else:
        out.write(data)
