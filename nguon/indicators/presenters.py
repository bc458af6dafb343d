"""What the indicator page shows of a cell, in words: "205/615 người", "33,3%", "≥ 15% (Chỉ thị 35-CT/TW)",
the status in words and colour, and the gap in people first ("cần thêm 2 nữ để đạt 15%"). Shared by the
page, the panel and the Excel of the table, so the three say the same thing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from nguon.core.formats import format_date, format_int, format_number, format_percent

from .choices import Comparator, CountUnit, Numerator, Status
from .evaluation import Cell
from .models import Indicator

STATUS_CLASSES = {
    Status.MET: ("table-success", "text-bg-success"),
    Status.NOT_MET: ("table-danger", "text-bg-danger"),
    Status.NO_TARGET: ("", "text-bg-secondary"),
    Status.NO_DATA: ("text-muted", "text-bg-light border"),
}


def status_label(status: str) -> str:
    """đạt / chưa đạt / chưa có chỉ tiêu / chưa có dữ liệu."""
    labels = {
        Status.MET: pgettext("indicator status", "met"),
        Status.NOT_MET: pgettext("indicator status", "not met"),
        Status.NO_TARGET: pgettext("indicator status", "no target"),
        Status.NO_DATA: pgettext("indicator status", "no data"),
    }
    return labels.get(status, status)  # type: ignore[call-overload,no-any-return]


def unit_word(unit: str) -> str:
    """What a figure counts, in words: người, ghế, tổ chức."""
    words = {
        CountUnit.PEOPLE: pgettext("counted", "people"),
        CountUnit.SEATS: pgettext("counted", "seats"),
        CountUnit.ORGANIZATIONS: pgettext("counted", "organizations"),
    }
    return words.get(unit, unit)  # type: ignore[call-overload,no-any-return]


def who_word(indicator: Indicator | None) -> str:
    """Who the numerator counts, as the gap sentence says it: nữ, cán bộ trẻ, người dân tộc thiểu số …"""
    numerator = indicator.numerator if indicator is not None else ""
    words = {
        Numerator.FEMALE: pgettext("numerator", "women"),
        Numerator.YOUNG: pgettext("numerator", "young cadres"),
        Numerator.YOUNG_FEMALE: pgettext("numerator", "young women"),
        Numerator.ETHNIC_MINORITY: pgettext("numerator", "people of ethnic minorities"),
        Numerator.EDUCATION: pgettext("numerator", "people with the education level"),
        Numerator.THEORY: pgettext("numerator", "people with the political theory level"),
    }
    return words.get(numerator, pgettext("numerator", "people who qualify"))  # type: ignore[call-overload,no-any-return]


def count_text(cell: Cell) -> str:
    """ "205/615 người", "12/40 ghế", "0/5 tổ chức"."""
    return f"{format_int(cell.numerator)}/{format_int(cell.denominator)} {unit_word(cell.count_unit)}"


def target_text(cell: Cell) -> str:
    """ "≥ 15%", "" without a target."""
    if cell.target is None:
        return ""
    sign = "≤" if cell.target.comparator == Comparator.AT_MOST else "≥"
    return f"{sign} {format_number(cell.target.value)}%"


def document_text(cell: Cell) -> str:
    """The target's document and deadline: "Chỉ thị 35-CT/TW, hạn 31/12/2025"."""
    if cell.target is None:
        return ""
    if cell.target.deadline:
        return _("%(document)s, due %(date)s") % {
            "document": cell.target.document,
            "date": format_date(cell.target.deadline),
        }
    return cell.target.document


def gap_text(cell: Cell, indicator: Indicator | None) -> str:
    """The gap in people first: "cần thêm 2 nữ để đạt 15%" (seats: "2 ghế do nữ giữ"; organizations: "2 tổ
    chức có nữ"); "" when met, without a target, or without data."""
    if not cell.gap or cell.target is None:
        return ""
    values = {
        "n": format_int(cell.gap),
        "who": who_word(indicator),
        "value": format_number(cell.target.value),
    }
    if cell.count_unit == CountUnit.SEATS:
        return _("%(n)s more seats held by %(who)s needed to reach %(value)s%%") % values
    if cell.count_unit == CountUnit.ORGANIZATIONS:
        return _("%(n)s more organizations with %(who)s needed to reach %(value)s%%") % values
    return _("%(n)s more %(who)s needed to reach %(value)s%%") % values


@dataclass(frozen=True)
class Row:
    """One unit × indicator as the page says it."""

    cell: Cell
    value: str
    count: str
    target: str
    document: str
    status: str
    status_class: str
    badge_class: str
    gap: str

    @property
    def has_data(self) -> bool:
        return self.cell.denominator > 0


def section_rows(cells: Iterable[Cell], *, indicators: Sequence[Indicator]) -> list[Row]:
    by_code = {i.code: i for i in indicators}
    rows = []
    for c in cells:
        row_class, badge = STATUS_CLASSES.get(c.status, ("", "text-bg-light"))  # type: ignore[call-overload]
        rows.append(
            Row(
                cell=c,
                value=format_percent(c.value) if c.value is not None else "",
                count=count_text(c),
                target=target_text(c),
                document=document_text(c),
                status=status_label(c.status),
                status_class=row_class,
                badge_class=badge,
                gap=gap_text(c, by_code.get(c.indicator)),
            )
        )
    return rows


@dataclass(frozen=True)
class Section:
    """One indicator of the table: its name, what it counts, the area's own figure and its units."""

    code: str
    name: str
    description: str
    unit: str
    total: Row
    rows: list[Row]
    note: str


def _sort_key(sort: str) -> object:
    if sort == "value":
        return lambda r: (not r.has_data, r.cell.value if r.cell.value is not None else 0, r.cell.unit.name)
    if sort == "name":
        return lambda r: r.cell.unit.name
    # the gap first: the largest shortfall on top, then those without target, then those without data
    return lambda r: (not r.has_data, -(r.cell.gap or 0), r.cell.value if r.cell.value is not None else 0)


def table_sections(
    cells: Sequence[Cell], *, indicators: Sequence[Indicator], sort: str = "gap"
) -> tuple[list[Section], list[str]]:
    """The cells of a table (the area first, then its units, per indicator) as one section per indicator with
    data; the names of the indicators with no data anywhere in the area come back apart (one line, not a
    column of dashes)."""
    by_code: dict[str, list[Cell]] = {}
    for c in cells:
        by_code.setdefault(c.indicator, []).append(c)
    sections: list[Section] = []
    empty: list[str] = []
    for indicator in indicators:
        found = by_code.get(indicator.code)
        if not found:
            continue
        rows = section_rows(found, indicators=[indicator])
        total, units = rows[0], rows[1:]
        if not total.has_data and not any(r.has_data for r in units):
            empty.append(indicator.name)
            continue
        units.sort(key=_sort_key(sort))  # type: ignore[arg-type]
        sections.append(
            Section(
                code=indicator.code,
                name=indicator.name,
                description=indicator.description,
                unit=unit_word(indicator.unit),
                total=total,
                rows=units,
                note=total.cell.note,
            )
        )
    return sections, empty
