"""The Excel annex: every table of the report on its own sheet (house format, ``nguon.core.xlsx``), and the
figures with the people behind them that the reader may see.

- one sheet per table, named after its caption ("Bảng 1. Tỷ lệ nữ …", at most 31 characters, unique), with
  the table's raw values (``Table.values``; its display rows when it has none): counts as integers, shares
  as numbers with one decimal (33,3 — the header says "%"), dates as dates;
- "Số liệu": every figure — what it counts, its value, the way the report writes it, its unit, how many people
  are behind it — and its key last (what the compare view matches);
- "Danh sách": the people behind each figure whom the reader may see (``readable(ids)`` says which; without it,
  every person of the context); the others are counted in a column, never named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from nguon.core.xlsx import SHEET_NAME_MAX, Column, Sheet, render_xlsx

from ..context import Figure, ReportContext, Table

FIGURES_SHEET = "Số liệu"
PEOPLE_SHEET = "Danh sách"
KINDS = {"int": "integer", "percent": "decimal", "decimal": "decimal", "date": "date", "text": "text"}
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet's name


def render_annex(
    context: ReportContext, *, readable: Callable[[Iterable[int]], set[int]] | None = None
) -> bytes:
    """The annex workbook of ``context`` as bytes (see the module's docstring)."""
    names = Names({FIGURES_SHEET, PEOPLE_SHEET})
    sheets = [table_sheet(table, names.take(table.caption or table.key)) for table in context.tables()]
    sheets.append(figures_sheet(context.figures))
    ids = context.person_ids()
    visible = set(ids) if readable is None else set(readable(sorted(ids))) & ids
    sheets.append(people_sheet(context.figures, visible))
    return render_xlsx(sheets)


class Names:
    """Unique sheet names of at most 31 characters (Excel's limit, and it ignores case)."""

    def __init__(self, reserved: set[str]) -> None:
        self.used = {n.casefold() for n in reserved}

    def take(self, wanted: str) -> str:
        base = FORBIDDEN.sub(" ", " ".join(wanted.split())).strip(" '") or "Bảng"
        name = base[:SHEET_NAME_MAX].rstrip()
        n = 1
        while name.casefold() in self.used:
            n += 1
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        self.used.add(name.casefold())
        return name


def _width(header: str, cells: Iterable[str], width_cm: float) -> int:
    if width_cm:
        return max(int(width_cm * 4.5), 6)
    longest = max([len(header), *(len(c) for c in cells)], default=10)
    return min(max(longest + 2, 8), 60)


def table_sheet(table: Table, name: str) -> Sheet:
    rows: Sequence[Sequence[Any]] = table.values or table.rows
    columns = [
        Column(
            header=column.header,
            width=_width(column.header, (r[i] for r in table.rows if i < len(r)), column.width),
            kind=KINDS.get(column.kind, "text"),  # type: ignore[arg-type]
        )
        for i, column in enumerate(table.columns)
    ]
    return Sheet(title=name, columns=columns, rows=[tuple(_cell(v) for v in row) for row in rows])


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float) or hasattr(value, "year"):
        return value
    try:
        return float(value)  # Decimal
    except (TypeError, ValueError):
        return str(value)


def figures_sheet(figures: Sequence[Figure]) -> Sheet:
    columns = [
        Column("Nội dung", 60),
        Column("Giá trị", 12, "decimal"),
        Column("Cách viết trong báo cáo", 28),
        Column("Đơn vị", 12),
        Column("Số người", 10, "integer"),
        Column("Mã số liệu", 40),
    ]
    rows = [
        (
            f.label,
            None if f.value is None else f.value if isinstance(f.value, int) else float(f.value),
            f.text,
            f.unit,
            len(f.people) + f.hidden if (f.people or f.hidden) else None,
            f.key,
        )
        for f in figures
    ]
    return Sheet(title=FIGURES_SHEET, columns=columns, rows=rows)


def people_sheet(figures: Sequence[Figure], visible: set[int]) -> Sheet:
    columns = [
        Column("STT", 6, "integer"),
        Column("Số liệu", 50),
        Column("Họ và tên", 30),
        Column("Số người không nêu tên", 14, "integer"),
    ]
    return Sheet(title=PEOPLE_SHEET, columns=columns, rows=list(_people_rows(figures, visible)))


def _people_rows(figures: Sequence[Figure], visible: set[int]) -> Iterator[tuple[Any, ...]]:
    n = 0
    for figure in figures:
        named = [p for p in figure.people if p.id in visible]
        others = len(figure.people) - len(named) + figure.hidden
        for person in named:
            n += 1
            yield (n, figure.label, person.name, None)
        if others:
            yield (None, figure.label, "", others)
