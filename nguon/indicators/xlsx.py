"""The indicator table as XLSX: one row per unit × indicator, said as the page says it (the indicator's name,
"người"/"ghế"/"tổ chức", the status in words and coloured, the gap in people), no internal codes; and the
people (or organizations) behind one cell. In the house format (``nguon.core.xlsx``); served through
``nguon.core.downloads``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any, ClassVar

from django.utils.translation import gettext as _

from nguon.areas.choices import AreaLevel
from nguon.core.exporters import XlsxExporter
from nguon.core.labels import ChoiceLabels, label
from nguon.core.xlsx import GREEN, RED, Column, Sheet

from .choices import CountUnit, Status
from .evaluation import Cell, CellDetail
from .models import Indicator
from .presenters import (
    document_text,
    gap_text,
    status_label,
    target_text,
    unit_word,
)

STATUS_LABELS = ChoiceLabels(Status, capital=True)  # "met" -> "Đạt", from the choices, in the active language
STATUS_VI = STATUS_LABELS  # the name the CLI knows it by


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class IndicatorTableExporter(XlsxExporter):
    """The cells of an indicator table, one row each, under Vietnamese headers; ``indicators`` (optional)
    words the gap ("cần thêm 2 nữ")."""

    identifier: ClassVar[str] = "indicator-table"
    verbose_name: ClassVar[str] = "Chỉ số"

    def __init__(
        self, cells: Sequence[Cell], *, stem: str = "chỉ-số", indicators: Sequence[Indicator] = ()
    ) -> None:
        self.cells = cells
        self.stem = stem
        self.indicators = {i.code: i for i in indicators}

    def filename(self) -> str:
        return self.stem

    def columns(self) -> list[Column]:
        met, not_met = _capital(status_label(Status.MET)), _capital(status_label(Status.NOT_MET))
        return [
            Column(_("Area"), width=28),
            Column(_("Level"), width=10),
            Column(_("Indicator"), width=44),
            Column(_("Counting unit"), width=12),
            Column(_("As of"), width=12, kind="date"),
            Column(_("Numerator"), width=10, kind="integer"),
            Column(_("Denominator"), width=10, kind="integer"),
            Column(_("Share (%)"), width=10, kind="decimal"),
            Column(_("Target"), width=10),
            Column(_("Document"), width=32),
            Column(_("Assessment"), width=16, fills={met: GREEN, not_met: RED}),
            Column(_("Short by"), width=10, kind="integer"),
            Column(_("What is needed"), width=36),
            Column(_("Note"), width=30),
            Column(_("Official area code"), width=12),
        ]

    def rows(self) -> Iterator[list[Any]]:
        for cell in self.cells:
            yield [
                cell.unit.name,
                label(AreaLevel, cell.unit.level),
                cell.indicator_name,
                unit_word(cell.count_unit),
                cell.at,
                cell.numerator,
                cell.denominator,
                float(cell.value) if cell.value is not None else None,
                target_text(cell),
                document_text(cell),
                _capital(status_label(cell.status)),
                cell.gap,
                gap_text(cell, self.indicators.get(cell.indicator)),
                cell.note,
                cell.unit.code,
            ]

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet("Chỉ số", self.columns(), self.rows())


class CellMembersExporter(XlsxExporter):
    """The people (or organizations) behind one cell, as the panel lists them: named inside the user's
    scope only; the others are one closing line that counts them."""

    identifier: ClassVar[str] = "indicator-cell"
    verbose_name: ClassVar[str] = "Danh sách theo chỉ số"

    def __init__(self, detail: CellDetail, *, stem: str = "danh-sách") -> None:
        self.detail = detail
        self.stem = stem

    def filename(self) -> str:
        return self.stem

    def sheets(self) -> Iterator[Sheet]:
        cell = self.detail.cell
        organizations = cell.count_unit == CountUnit.ORGANIZATIONS
        if organizations:
            columns = [
                Column(_("Organization"), width=40),
                Column(_("Area"), width=28),
                Column(_("Counted"), width=10),
                Column(_("Holders"), width=10, kind="integer"),
                Column(_("Of whom counted"), width=12, kind="integer"),
            ]
        else:
            columns = [
                Column(_("Full name"), width=28),
                Column(_("Counted"), width=10),
                Column(_("Post"), width=36),
                Column(_("Organization"), width=40),
            ]
        yes, no = _("yes"), _("no")

        def rows() -> Iterator[list[Any]]:
            for m in self.detail.members:
                if organizations:
                    yield [m.name, m.place, yes if m.counted else no, m.holders,
                           m.holders_counted]  # fmt: skip
                else:
                    yield [
                        m.name,
                        yes if m.counted else no,
                        "; ".join(p for p, _o in m.posts),
                        "; ".join(dict.fromkeys(o for _p, o in m.posts)),
                    ]
            if self.detail.hidden_people:
                yield [
                    _("and %(n)s people outside your scope (counted, not named)")
                    % {"n": self.detail.hidden_people},
                    *([""] * (len(columns) - 1)),
                ]

        title = f"{cell.indicator_name} — {cell.unit.name}"[:31]
        yield Sheet(_sheet_title(title), columns, rows())


def _sheet_title(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text.strip()[:31] or "Danh sách"


def cells_xlsx(cells: Sequence[Cell], out: str | IO[bytes]) -> None:
    """Write the table of ``cells`` to a path or a binary file (the CLI's ``--out``)."""
    indicators = Indicator.objects.filter(code__in={c.indicator for c in cells})
    data = IndicatorTableExporter(cells, indicators=list(indicators)).render().data
    if isinstance(out, str):
        with open(out, "wb") as handle:
            handle.write(data)
    else:
        out.write(data)
