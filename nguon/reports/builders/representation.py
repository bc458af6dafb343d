"""Builder of the representation report (báo cáo tình hình cơ cấu nữ, cán bộ trẻ): for an area at a date,
the indicators of the catalogue grouped by level and body (party committees, standing committees, People's
Councils, People's Committees, key posts), each a table with one row per unit (the area's children valid at
the date, then the area itself), a bar chart of the units against the target line, a series across the 2025
reorganization with the break marked, then the limitations (units below target and the gap in people) and
the directions.

Reading, in two steps so that a batch can share the first (``gather`` → ``compose``):

- ``gather(area, at, scope)`` — the queries: one ``indicator_table(with_people=False)`` of the area and its
  children (counts in the database), one ``evaluate(units=[area], with_people=True)`` for the people behind
  the area's own figures with one ``people_readable`` for their names, and one ``indicator_series`` per main
  indicator (one indicator per section with data; five queries each, whatever the number of dates);
- ``compose(area, at, gathered, params)`` — pure: the context from those plain values.

People behind figures (``Figure.people`` / ``hidden``): the area's own figures (key
``representation.<indicator>.<area code>``) carry everyone counted in the denominator (the share is over
them), named when the reader's scope reaches them at view level, else counted in ``hidden``. The figures of
the units under the area (``representation.<indicator>.<unit code>``) carry **no** people: ``people=()``
and ``hidden=0`` mean "not looked up" there, not "nobody" (looking up each unit's people would cost one read
per unit; the panel of the indicator page and the area's own report have them).

A batch (``build_many``) reads the children of all its areas in one query and evaluates the tables of all
of them in one ``evaluate`` per reference date, reads no people (the area's figures then carry no people
either, as the units'), then composes each report. It leaves the series out by default: a series is one
``indicator_series`` per area and main indicator, about 6 s of CPU for one commune on the national dataset
(bench) — a batch of 3.321 communes cannot afford it; ``series=True`` draws them anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from nguon.areas.models import Area
from nguon.areas.selectors import area_children
from nguon.core.scope import Level, Scope
from nguon.indicators.choices import Comparator, CountUnit, Numerator, PopulationKind, Status
from nguon.indicators.evaluation import (
    Cell,
    SeriesPoint,
    evaluate,
    indicator_group,
    indicator_series,
)
from nguon.indicators.models import Indicator
from nguon.people.models import Person
from nguon.people.selectors import people_readable

from .. import wording
from ..context import Block, Chart, Column, Figure, Paragraph, ReportContext, Section, Series, Table
from ..context import Person as NamedPerson
from ..params import ReportParams
from .common import figure, header_for, recipients_for, signature_for, table

BREAK_DATE = dt.date(2025, 7, 1)  # the 2025 reorganization (DOMAIN.md §8): the default label of a break
SERIES_YEARS = 10  # the series looks back this many years (points without data are dropped)

# The report's sections, in order: key, heading.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("party", "Cấp ủy các cấp"),
    ("standing", "Ban thường vụ cấp ủy"),
    ("council", "Hội đồng nhân dân"),
    ("committee", "Ủy ban nhân dân"),
    ("posts", "Cán bộ chủ chốt"),
)

WHO = {
    Numerator.FEMALE: "nữ",
    Numerator.YOUNG: "cán bộ trẻ",
    Numerator.YOUNG_FEMALE: "nữ cán bộ trẻ",
    Numerator.ETHNIC_MINORITY: "người dân tộc thiểu số",
    Numerator.EDUCATION: "người đạt trình độ",
    Numerator.THEORY: "người đạt trình độ lý luận",
}
UNIT_WORDS = {CountUnit.PEOPLE: "người", CountUnit.SEATS: "ghế", CountUnit.ORGANIZATIONS: "tổ chức"}
LEVEL_UNITS = {"province": "tỉnh, thành phố", "district": "quận, huyện", "commune": "xã, phường"}


_MEMO: dict[tuple[object, ...], object] = {}
# the same indicator object asked again (a batch asks thousands of times): its memo key, kept with the object
_KEYS: dict[int, tuple[Indicator, tuple[object, ...]]] = {}


def _memo_key(indicator: Indicator, *extra: str) -> tuple[object, ...]:
    """What ``section_of`` and ``reaches`` read of an indicator."""
    known = _KEYS.get(id(indicator))
    if known is None or known[0] is not indicator:
        if len(_KEYS) > 10_000:
            _KEYS.clear()
        base = (indicator.code, indicator.population, repr(indicator.scopes), repr(indicator.body_kinds))
        known = _KEYS[id(indicator)] = (indicator, base)
    return (*known[1], *extra)


def section_of(indicator: Indicator) -> str | None:
    key = _memo_key(indicator, "section")
    if key not in _MEMO:
        _MEMO[key] = _section_of(indicator)
    return _MEMO[key]  # type: ignore[return-value]


def _section_of(indicator: Indicator) -> str | None:
    """The report's section of an indicator (``indicator_group``, with standing committees and People's
    Committees apart); None: not recorded (planning pools, candidate lists: the pipeline report)."""
    group = indicator_group(indicator)
    if group == "planning":
        return None
    if group in ("grassroots", "party"):
        return "standing" if "standing_committee" in (indicator.body_kinds or ()) else "party"
    if group == "council":
        return "council"
    kinds = {k for s in indicator.scopes or [] for k in s.get("kinds", ())}
    if kinds == {"peoples_committee"}:
        return "committee"
    return "posts"


# --- what the builder reads -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Gathered:
    """Everything ``compose`` needs, as plain values (the cells of the table, the series, the names)."""

    indicators: tuple[Indicator, ...]
    units: tuple[Area, ...]  # the area's children valid at the date, by code
    cells: Mapping[tuple[str, int], Cell]  # (indicator code, area id) → cell
    series: Mapping[str, Sequence[SeriesPoint]] = field(default_factory=dict)
    people: Mapping[str, tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)
    names: Mapping[int, str] = field(default_factory=dict)  # person id → name, the readable ones
    looked_up: bool = False  # whether ``people`` was read (else the figures carry no people)


LEVELS = ("central", "province", "district", "commune")  # highest first


def reaches(indicator: Indicator, level: str) -> bool:
    key = _memo_key(indicator, "reaches", level)
    if key not in _MEMO:
        _MEMO[key] = _reaches(indicator, level)
    return bool(_MEMO[key])


def _reaches(indicator: Indicator, level: str) -> bool:
    """Whether an area at ``level`` can hold any of the indicator's population: its organizations are at the
    area's level or below (an indicator of provincial committees has nothing to say of a ward)."""
    depth = LEVELS.index(level) if level in LEVELS else 0
    return not indicator.scopes or any(
        not s.get("levels") or any(LEVELS.index(lv) >= depth for lv in s["levels"] if lv in LEVELS)
        for s in indicator.scopes
    )


def report_indicators(level: str | None = None) -> list[Indicator]:
    """The recorded indicators of the catalogue, in its order (those that reach ``level`` when given)."""
    return [
        i
        for i in Indicator.objects.order_by("rank", "code")
        if i.population in (PopulationKind.ACTIVE, PopulationKind.STARTED)
        and (level is None or reaches(i, level))
    ]


def main_indicators(
    indicators: Sequence[Indicator], cells: Mapping[tuple[str, int], Cell], area: Area
) -> list[Indicator]:
    """One indicator per section: the first (by rank) with data for the area, preferring one with a target."""
    found = []
    for key, _heading in SECTIONS:
        mine = [
            i
            for i in indicators
            if section_of(i) == key and (c := cells.get((i.code, area.pk))) is not None and c.denominator
        ]
        with_target = [i for i in mine if cells[(i.code, area.pk)].target is not None]
        if with_target or mine:
            found.append((with_target or mine)[0])
    return found


def series_dates(at: dt.date) -> list[dt.date]:
    """1 July of each year of the last ``SERIES_YEARS`` years before ``at``, and ``at`` itself."""
    dates = [dt.date(y, 7, 1) for y in range(at.year - SERIES_YEARS, at.year + 1) if dt.date(y, 7, 1) < at]
    return [*dates, at]


def gather(
    *,
    area: Area,
    at: dt.date,
    scope: Scope,
    indicators: Sequence[Indicator] | None = None,
    cells: Iterable[Cell] | None = None,
    units: Sequence[Area] | None = None,
    with_people: bool = True,
    series: bool = True,
) -> Gathered:
    """The reads of one report. ``cells`` (a batch's): the table's cells already evaluated for the area and
    its children at ``at`` (then no table query)."""
    chosen = [
        i for i in (indicators if indicators is not None else report_indicators()) if reaches(i, area.level)
    ]
    units = list(units) if units is not None else list(area_children(area=area, at=at))
    if cells is None:
        cells = evaluate(units=[area, *units], at=at, indicators=chosen, with_people=False)
    by_key = {(c.indicator, c.unit.area_id): c for c in cells}
    people: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    names: dict[int, str] = {}
    if with_people:
        recorded = [i for i in chosen if (c := by_key.get((i.code, area.pk))) is not None and c.denominator]
        for c in evaluate(units=[area], at=at, indicators=recorded, with_people=True):
            people[c.indicator] = (c.numerator_people, c.denominator_people)
        everyone = {p for _n, d in people.values() for p in d}
        readable = people_readable(scope=scope, person_ids=everyone, level=Level.VIEW)
        names = dict(Person.objects.filter(pk__in=readable).values_list("pk", "full_name"))
    points: dict[str, list[SeriesPoint]] = {}
    if series:
        for indicator in main_indicators(chosen, by_key, area):
            points[indicator.code] = indicator_series(area=area, indicator=indicator, dates=series_dates(at))
    return Gathered(
        indicators=tuple(chosen),
        units=tuple(units),
        cells=by_key,
        series=points,
        people=people,
        names=names,
        looked_up=with_people,
    )


# --- wording ------------------------------------------------------------------------------------------
def _one(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _met_tally(area: str, judged: int, met: int) -> str:
    """The overview's sentence on the targets met, without "chưa đạt 0 chỉ tiêu"."""
    if judged == 1:
        return f"Có 1 chỉ tiêu có mức phấn đấu tại ngày tính; {area} {'đạt' if met else 'chưa đạt'} chỉ tiêu này."
    lead = f"Trong {wording.count(judged)} chỉ tiêu có mức phấn đấu tại ngày tính, {area}"
    if met == judged:
        return f"{lead} đạt cả {wording.count(judged)} chỉ tiêu."
    if met == 0:
        return f"{lead} chưa đạt chỉ tiêu nào."
    return f"{lead} đạt {wording.count(met)} chỉ tiêu, chưa đạt {wording.count(judged - met)} chỉ tiêu."


def target_text(c: Cell) -> str:
    """ "≥ 15%" ("" without a target)."""
    if c.target is None:
        return ""
    sign = "≤" if c.target.comparator == Comparator.AT_MOST else "≥"
    return f"{sign} {wording.number(c.target.value)}%"


def target_phrase(c: Cell) -> str:
    """ "từ 15% trở lên theo Chỉ thị 35-CT/TW"."""
    if c.target is None:
        return ""
    bound = "trở xuống" if c.target.comparator == Comparator.AT_MOST else "trở lên"
    return f"từ {wording.number(c.target.value)}% {bound} theo {c.target.document}"


def status_text(c: Cell) -> str:
    if c.status == Status.MET:
        return "Đạt"
    if c.status == Status.NOT_MET:
        return "Chưa đạt"
    if c.status == Status.NO_TARGET:
        return "Chưa có chỉ tiêu"
    return "Chưa có số liệu"


def who_of(indicator: Indicator) -> str:
    return WHO.get(indicator.numerator, "người đạt điều kiện")  # type: ignore[call-overload,no-any-return]


def unit_word(indicator: Indicator) -> str:
    return UNIT_WORDS.get(indicator.unit, "người")  # type: ignore[call-overload,no-any-return]


def count_phrase(indicator: Indicator, c: Cell) -> str:
    """ "205 nữ trong tổng số 615 người", "3 tổ chức có nữ trong tổng số 5 tổ chức"."""
    word, who = unit_word(indicator), who_of(indicator)
    if indicator.unit == CountUnit.ORGANIZATIONS:
        part = f"{wording.count(c.numerator)} tổ chức có {who}"
    elif indicator.unit == CountUnit.SEATS:
        part = f"{wording.count(c.numerator)} ghế do {who} đảm nhiệm"
    else:
        part = f"{wording.count(c.numerator)} {who}"
    return f"{part} trong tổng số {wording.count(c.denominator)} {word}"


def gap_phrase(indicator: Indicator, gap: int) -> str:
    """ "còn thiếu 2 nữ", "còn thiếu 1 ghế do nữ đảm nhiệm", "còn thiếu 1 tổ chức có nữ"."""
    who = who_of(indicator)
    if indicator.unit == CountUnit.ORGANIZATIONS:
        return f"còn thiếu {wording.count(gap)} tổ chức có {who}"
    if indicator.unit == CountUnit.SEATS:
        return f"còn thiếu {wording.count(gap)} ghế do {who} đảm nhiệm"
    return f"còn thiếu {wording.count(gap)} {who}"


def lowercase_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# --- composing ----------------------------------------------------------------------------------------
@dataclass
class _Numbering:
    tables: int = 0
    charts: int = 0

    def table(self) -> str:
        self.tables += 1
        return f"Bảng {self.tables}."

    def chart(self) -> str:
        self.charts += 1
        return f"Biểu đồ {self.charts}."


def _figures_of(indicator: Indicator, area: Area, c: Cell, gathered: Gathered) -> list[Figure]:
    key = f"representation.{indicator.code}.{area.code}"
    people: tuple[NamedPerson, ...] = ()
    hidden = 0
    if gathered.looked_up and indicator.code in gathered.people:
        _num, den = gathered.people[indicator.code]
        people = tuple(NamedPerson(p, gathered.names[p]) for p in den if p in gathered.names)
        hidden = len(den) - len(people)
    label = f"{indicator.name} — {area.name}"
    found = [
        figure(key, label, _one(c.value), wording.percent(c.value), "%", people=people, hidden=hidden),
        figure(
            f"{key}.total",
            f"{label}: tổng số",
            c.denominator,
            wording.count(c.denominator),
            unit_word(indicator),
        ),
        figure(
            f"{key}.count",
            f"{label}: số {who_of(indicator)}",
            c.numerator,
            wording.count(c.numerator),
            unit_word(indicator),
        ),
    ]
    if c.gap:
        found.append(
            figure(f"{key}.gap", f"{label}: còn thiếu", c.gap, wording.count(c.gap), unit_word(indicator))
        )
    return found


def _indicator_blocks(
    indicator: Indicator,
    area: Area,
    at: dt.date,
    gathered: Gathered,
    numbering: _Numbering,
    figures: list[Figure],
    main: bool,
) -> list[Block]:
    """The indicator's sentence first; then, for an area with units, what its units say, the table of them
    and the bar chart; then the series when it was read."""
    own = gathered.cells[(indicator.code, area.pk)]
    units: list[tuple[Area, Cell | None]] = [
        (u, gathered.cells.get((indicator.code, u.pk))) for u in gathered.units
    ]
    blocks: list[Block] = []
    keys: list[str] = []
    mine = _figures_of(indicator, area, own, gathered)
    figures.extend(mine)
    keys.append(mine[0].key)
    sentence = f"Tại ngày {wording.date_text(at)}, {lowercase_first(indicator.name)} của {area.name} là {wording.percent(own.value)} ({count_phrase(indicator, own)})"
    if own.target is not None:
        sentence += f", {wording.met_text(own.status == Status.MET)} chỉ tiêu {target_phrase(own)}"
        if own.gap:
            sentence += f" ({gap_phrase(indicator, own.gap)})"
    blocks.append(Paragraph(sentence + ".", figures=tuple(keys)))
    with_data: list[tuple[Area, Cell]] = [(u, c) for u, c in units if c is not None and c.denominator]
    for u, c in with_data:
        figures.extend(
            [
                figure(
                    f"representation.{indicator.code}.{u.code}",
                    f"{indicator.name} — {u.name}",
                    _one(c.value),
                    wording.percent(c.value),
                    "%",
                )
            ]
        )
    if with_data:
        judged = [(u, c) for u, c in with_data if c.status in (Status.MET, Status.NOT_MET)]
        short = sorted(
            ((u, c) for u, c in judged if c.status == Status.NOT_MET),
            key=lambda uc: (uc[1].value or Decimal(0), uc[0].name),
        )
        lowest = sorted(with_data, key=lambda uc: (uc[1].value or Decimal(0), uc[0].name))[:3]
        parts = [
            f"Có số liệu ở {wording.count(len(with_data))}/{wording.count(len(units))} đơn vị trực thuộc"
        ]
        if judged:
            met = len(judged) - len(short)
            parts.append(f"{wording.count(met)}/{wording.count(len(judged))} đơn vị đạt chỉ tiêu")
        low = ", ".join(f"{u.name} ({wording.percent(c.value)})" for u, c in lowest)
        text = "; ".join(parts) + f"; thấp nhất là {low}."
        blocks.append(Paragraph(text))
    if units:
        blocks.extend(_unit_blocks(indicator, area, at, own, units, numbering, main and len(with_data) >= 2))
    points = gathered.series.get(indicator.code)
    if main and points:
        blocks.extend(_series_blocks(indicator, area, at, points, numbering, figures))
    return blocks


def _cell_row(label: str, c: Cell) -> list[object]:
    """A table's row of a cell with data: Tổng số, Trong đó, Tỷ lệ, Chỉ tiêu, Đánh giá, Còn thiếu."""
    return [
        label,
        c.denominator,
        c.numerator,
        _one(c.value),
        target_text(c),
        status_text(c),
        c.gap if c.target else None,
    ]


def _unit_blocks(
    indicator: Indicator,
    area: Area,
    at: dt.date,
    own: Cell,
    units: list[tuple[Area, Cell | None]],
    numbering: _Numbering,
    chart: bool,
) -> list[Block]:
    """The table of the units and the area, and (``chart``: a main indicator with data in two units or
    more) the bar chart of the units."""
    blocks: list[Block] = []
    columns = (
        Column("Đơn vị", "text", 4.5),
        Column("Tổng số" if indicator.unit != CountUnit.ORGANIZATIONS else "Tổng số tổ chức", "int"),
        Column(f"Số {who_of(indicator)}", "int"),
        Column("Tỷ lệ", "percent"),
        Column("Chỉ tiêu", "text"),
        Column("Đánh giá", "text"),
        Column("Còn thiếu", "int"),
    )
    rows: list[list[object]] = []
    every: list[tuple[Area, Cell | None]] = [*units, (area, own)]
    for u, cell_ in every:
        if cell_ is None or not cell_.denominator:
            rows.append(
                [u.name, None, None, None, target_text(cell_) if cell_ else "", "Chưa có số liệu", None]
            )
            continue
        rows.append(_cell_row(u.name, cell_))
    blocks.append(
        table(
            f"representation.{indicator.code}",
            f"{numbering.table()} {indicator.name} tại ngày {wording.date_text(at)}",
            columns,
            rows,
            note=f"Số liệu tính đến ngày {wording.date_text(at)}; đếm theo {unit_word(indicator)}."
            + (
                f" Chỉ tiêu: {own.target.title or target_phrase(own)} ({own.target.document})."
                if own.target
                else ""
            ),
            total_row=True,
        )
    )
    if chart:
        target = float(own.target.value) if own.target is not None else None
        blocks.append(
            Chart(
                key=f"representation.{indicator.code}.bar",
                caption=f"{numbering.chart()} {indicator.name} theo đơn vị tại ngày {wording.date_text(at)}",
                kind="bar_target",
                categories=tuple(u.name for u, _c in units),
                series=(
                    Series(
                        indicator.name,
                        tuple(
                            float(c.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
                            if c is not None and c.value is not None
                            else None
                            for _u, c in units
                        ),
                    ),
                ),
                y_label="Tỷ lệ (%)",
                percent=True,
                target=target,
                target_label=f"Chỉ tiêu {target_text(own)}" if target is not None else "",
            )
        )
    return blocks


def _series_blocks(
    indicator: Indicator,
    area: Area,
    at: dt.date,
    points: Sequence[SeriesPoint],
    numbering: _Numbering,
    figures: list[Figure],
) -> list[Block]:
    first = next((i for i, p in enumerate(points) if p.denominator), None)
    if first is None:
        return []
    kept = list(points[first:])
    if len(kept) < 2:
        return []
    break_at = next((i for i, p in enumerate(kept) if i and p.break_in_series), None)
    label = ""
    if break_at is not None:
        when = (
            area.valid_from
            if area.valid_from and kept[break_at - 1].at < area.valid_from <= kept[break_at].at
            else None
        )
        label = (
            f"Sắp xếp đơn vị hành chính {wording.date_text(when or BREAK_DATE)}"
            if when or kept[break_at - 1].at < BREAK_DATE <= kept[break_at].at
            else "Thay đổi địa giới đơn vị hành chính"
        )
    # the line is the target in force at the last date: one that lapsed earlier would be drawn across
    # years it did not cover, beside a table that says there is none
    target = kept[-1].target
    blocks: list[Block] = [
        Chart(
            key=f"representation.{indicator.code}.series",
            caption=f"{numbering.chart()} {indicator.name} của {area.name} qua các năm",
            kind="series",
            categories=tuple(wording.date_text(p.at) for p in kept),
            series=(
                Series(
                    indicator.name,
                    tuple(
                        float(p.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
                        if p.value is not None
                        else None
                        for p in kept
                    ),
                ),
            ),
            y_label="Tỷ lệ (%)",
            percent=True,
            target=float(target.value) if target is not None else None,
            target_label=f"Chỉ tiêu {wording.number(target.value)}%" if target is not None else "",
            break_at=break_at,
            break_label=label,
        )
    ]
    start, end = kept[0], kept[-1]
    key = f"representation.{indicator.code}.{area.code}.series.{start.at.isoformat()}"
    figures.append(
        figure(
            key,
            f"{indicator.name} — {area.name} ngày {wording.date_text(start.at)}",
            _one(start.value),
            wording.percent(start.value),
            "%",
        )
    )
    lead = (
        f"Từ {wording.date_text(start.at)} đến {wording.date_text(end.at)}, {lowercase_first(indicator.name)}"
    )
    a, b = _one(start.value), _one(end.value)
    if a == b:
        text = f"{lead} giữ nguyên ở {wording.percent(b)}"
    elif (b or 0) > (a or 0):
        text = f"{lead} tăng từ {wording.percent(a)} lên {wording.percent(b)}"
    else:
        text = f"{lead} giảm từ {wording.percent(a)} xuống {wording.percent(b)}"
    if a is not None and b is not None and a != b:
        text += f" ({wording.number(abs(b - a))} điểm phần trăm)"
    text += "."
    if break_at is not None:
        before = kept[break_at - 1]
        text += (
            f" Số liệu trước {wording.date_text(kept[break_at].at)} được tính trên {wording.count(len(before.areas))} đơn vị"
            f" hành chính trước sắp xếp hợp thành {area.name}: chuỗi số liệu bị gián đoạn ({label.lower()}), hai giai đoạn không hoàn toàn so sánh được."
        )
    flags = sorted({f for p in kept for f in p.flags})
    if flags:
        text += " Lưu ý: " + "; ".join(flags) + "."
    blocks.append(Paragraph(text, figures=(key,)))
    return blocks


def _section_table(
    key: str,
    heading: str,
    indicators: Sequence[Indicator],
    area: Area,
    at: dt.date,
    own: Mapping[str, Cell],
    numbering: _Numbering,
) -> Table:
    """An area without units: one table of the section's indicators, a row each (the area's own cells)."""
    columns = (
        Column("Chỉ số", "text", 5.5),
        Column("Tổng số", "int"),
        Column("Trong đó", "int"),
        Column("Tỷ lệ", "percent"),
        Column("Chỉ tiêu", "text"),
        Column("Đánh giá", "text"),
        Column("Còn thiếu", "int"),
    )
    rows: list[list[object]] = []
    documents: list[str] = []
    for indicator in indicators:
        c = own[indicator.code]
        rows.append(_cell_row(indicator.name, c))
        if c.target is not None and c.target.document and c.target.document not in documents:
            documents.append(c.target.document)
    note = f"Số liệu tính đến ngày {wording.date_text(at)}; cột “Trong đó” là số nữ hoặc số cán bộ trẻ theo chỉ số."
    if documents:
        note += f" Chỉ tiêu theo: {'; '.join(documents)}."
    return table(
        f"representation.{key}",
        f"{numbering.table()} {heading} của {area.name} tại ngày {wording.date_text(at)}",
        columns,
        rows,
        note=note,
    )


def compose(
    *,
    area: Area,
    at: dt.date,
    gathered: Gathered,
    params: ReportParams,
) -> ReportContext:
    """The context from what ``gather`` read (no query but the issuer's superior for the header)."""
    numbering = _Numbering()
    figures: list[Figure] = []
    issuer = params.organization
    header = header_for(
        issuer=issuer,
        area=area,
        number=params.number,
        place=params.place,
        date=params.issued_on or at,
        at=at,
    )
    own: dict[str, Cell] = {
        i.code: c for i in gathered.indicators if (c := gathered.cells.get((i.code, area.pk))) is not None
    }
    with_data = [i for i in gathered.indicators if i.code in own and own[i.code].denominator]
    with_data_codes = {i.code for i in with_data}
    section_keys = {i.code: section_of(i) for i in gathered.indicators}
    empty = [
        i for i in gathered.indicators if i.code not in with_data_codes and section_keys[i.code] is not None
    ]
    mains = {i.code for i in main_indicators(with_data, gathered.cells, area)}
    judged = [i for i in with_data if own[i.code].status in (Status.MET, Status.NOT_MET)]
    met = [i for i in judged if own[i.code].status == Status.MET]
    level_units = LEVEL_UNITS.get(gathered.units[0].level, "đơn vị") if gathered.units else "đơn vị"

    # I. overview
    overview = [
        Paragraph(
            f"Báo cáo tổng hợp cơ cấu nữ và cán bộ trẻ trong cấp ủy, Hội đồng nhân dân, Ủy ban nhân dân và các"
            f" chức danh chủ chốt của {area.name} tại ngày {wording.date_text(at)}, tính từ dữ liệu cán bộ trên"
            f" hệ thống Nguồn: người giữ chức vụ tại ngày tính (ghế đại biểu được đếm theo ghế), so với chỉ tiêu"
            f" của các văn bản còn hiệu lực tại ngày đó."
        ),
    ]
    if gathered.units:
        overview.append(
            Paragraph(
                f"{area.name} có {wording.count(len(gathered.units))} đơn vị trực thuộc ({level_units}) tại ngày tính;"
                f" mỗi bảng dưới đây nêu từng đơn vị và toàn {area.name}."
            )
        )
    figures.append(
        figure(
            "representation.judged",
            "Số chỉ tiêu được đánh giá",
            len(judged),
            wording.count(len(judged)),
            "chỉ tiêu",
        )
    )
    figures.append(
        figure("representation.met", "Số chỉ tiêu đạt", len(met), wording.count(len(met)), "chỉ tiêu")
    )
    if judged:
        overview.append(
            Paragraph(
                _met_tally(area.name, len(judged), len(met)),
                figures=("representation.judged", "representation.met"),
            )
        )

    # II. results, per section
    results: list[Section] = []
    for key, heading in SECTIONS:
        inds = [i for i in with_data if section_keys[i.code] == key]
        if not inds:
            continue
        parts = [
            _indicator_blocks(indicator, area, at, gathered, numbering, figures, indicator.code in mains)
            for indicator in inds
        ]
        blocks: list[Block] = [b for part in parts for b in part]
        if not gathered.units:  # a commune: the sentences, one table of the section's indicators, the series
            table_ = _section_table(key, heading, inds, area, at, own, numbering)
            blocks = [part[0] for part in parts] + [table_] + [b for part in parts for b in part[1:]]
        results.append(
            Section(
                key=f"results.{key}",
                heading=heading,
                number=f"{len(results) + 1}.",
                level=2,
                blocks=tuple(blocks),
            )
        )
    if empty:
        names = ", ".join(lowercase_first(i.name) for i in empty)
        results.append(
            Section(
                key="results.empty",
                heading="Các chỉ số chưa có số liệu",
                number=f"{len(results) + 1}.",
                level=2,
                blocks=(
                    Paragraph(f"Chưa có số liệu tại ngày {wording.date_text(at)} về: {names}.", style="note"),
                ),
            )
        )

    # III. limitations
    limits: list[Paragraph] = []
    for indicator in with_data:
        c = own[indicator.code]
        assert c is not None
        short_units = sorted(
            (
                (u, uc)
                for u in gathered.units
                if (uc := gathered.cells.get((indicator.code, u.pk))) is not None
                and uc.status == Status.NOT_MET
            ),
            key=lambda x: (-(x[1].gap or 0), x[0].name),
        )
        if c.status != Status.NOT_MET and not short_units:
            continue
        text = f"{indicator.name}: "
        if c.status == Status.NOT_MET:
            text += f"toàn {area.name} đạt {wording.percent(c.value)}, chưa đạt chỉ tiêu {target_phrase(c)}"
            text += f" ({gap_phrase(indicator, c.gap)})" if c.gap else ""
        else:
            text += f"toàn {area.name} đạt chỉ tiêu ({wording.percent(c.value)})"
        if short_units:
            listed = "; ".join(
                f"{u.name} {wording.percent(uc.value)}"
                + (f", {gap_phrase(indicator, uc.gap)}" if uc.gap else "")
                for u, uc in short_units
            )
            text += f"; {wording.count(len(short_units))} đơn vị chưa đạt: {listed}"
        limits.append(
            Paragraph(text + ".", style="bullet", figures=(f"representation.{indicator.code}.{area.code}",))
        )
    if not limits:
        limits.append(
            Paragraph(
                "Các chỉ tiêu có số liệu tại ngày tính đều đạt ở toàn địa bàn và các đơn vị trực thuộc."
            )
        )
    if empty:
        limits.append(
            Paragraph(
                f"Còn {wording.count(len(empty))} chỉ số chưa có số liệu, chưa đánh giá được.", style="bullet"
            )
        )

    # IV. directions
    directions: list[Paragraph] = []
    for indicator in with_data:
        c = own[indicator.code]
        assert c is not None
        if c.status == Status.NOT_MET and c.gap:
            directions.append(
                Paragraph(
                    f"Giới thiệu, bổ sung ít nhất {wording.count(c.gap)} {who_of(indicator)} để {lowercase_first(indicator.name)}"
                    f" của {area.name} đạt {target_phrase(c)}.",
                    style="bullet",
                )
            )
    directions += [
        Paragraph(
            "Tiếp tục rà soát, bổ sung quy hoạch, đào tạo, bồi dưỡng cán bộ nữ, cán bộ trẻ; ưu tiên các đơn vị"
            " chưa đạt chỉ tiêu nêu trên.",
            style="bullet",
        ),
        Paragraph(
            "Giới thiệu cán bộ nữ, cán bộ trẻ đủ tiêu chuẩn tham gia cấp ủy, Hội đồng nhân dân, Ủy ban nhân dân"
            " và các chức danh chủ chốt; theo dõi, cập nhật số liệu định kỳ.",
            style="bullet",
        ),
    ]

    sections = (
        Section(key="overview", heading="KHÁI QUÁT", number="I.", blocks=tuple(overview)),
        Section(key="results", heading="KẾT QUẢ", number="II.", sections=tuple(results)),
        Section(key="limitations", heading="HẠN CHẾ", number="III.", blocks=tuple(limits)),
        Section(key="directions", heading="PHƯƠNG HƯỚNG, NHIỆM VỤ", number="IV.", blocks=tuple(directions)),
    )
    notes = []
    if not gathered.looked_up:
        notes.append("Các số liệu không kèm danh sách người (báo cáo lập theo lô).")
    hidden = sum(f.hidden for f in figures)
    if hidden:
        notes.append(
            f"{wording.count(hidden)} lượt người ngoài phạm vi được đếm trong số liệu nhưng không nêu tên."
        )
    return ReportContext(
        kind="representation",
        title="BÁO CÁO",
        subtitle=f"Tình hình cơ cấu nữ, cán bộ trẻ trong cấp ủy, chính quyền và các chức danh chủ chốt của {area.name} tại ngày {wording.date_text(at)}",
        header=header,
        sections=sections,
        figures=tuple(figures),
        recipients=recipients_for(issuer, header.superior),
        signature=signature_for(params, issuer),
        params=params.as_json(),
        area_code=area.code,
        area_name=area.name,
        start=params.start,
        end=params.end,
        at=at,
        built_at=timezone.now(),
        notes=tuple(notes),
    )


def build(*, scope: Scope, params: ReportParams) -> ReportContext:
    """The representation report of ``params.area`` at ``params.reference_date``, as ``scope`` reads it."""
    if not scope.covers_area(params.area, Level.ANALYSE):
        raise PermissionDenied
    at = params.reference_date
    with translation.override(
        "vi"
    ):  # the engine's notes on split areas are gettext: the report is Vietnamese
        gathered = gather(area=params.area, at=at, scope=scope)
        return compose(area=params.area, at=at, gathered=gathered, params=params)


def build_many(
    *, scope: Scope, params: Sequence[ReportParams], with_people: bool = False, series: bool = False
) -> Iterable[ReportContext]:
    """The reports of many areas (a batch): per reference date one ``evaluate`` of every area and its
    children, then each report composed from its cells (no table query per area). Yields in order."""
    for p in params:
        if not scope.covers_area(p.area, Level.ANALYSE):
            raise PermissionDenied
    levels = {p.area.level for p in params}
    indicators = [i for i in report_indicators() if any(reaches(i, level) for level in levels)]
    by_date: dict[dt.date, list[ReportParams]] = {}
    for p in params:
        by_date.setdefault(p.reference_date, []).append(p)
    contexts: dict[int, ReportContext] = {}
    with translation.override("vi"):
        contexts = _compose_many(scope, by_date, indicators, with_people=with_people, series=series)
    for p in params:
        yield contexts[id(p)]


def _compose_many(
    scope: Scope,
    by_date: Mapping[dt.date, Sequence[ReportParams]],
    indicators: Sequence[Indicator],
    *,
    with_people: bool,
    series: bool,
) -> dict[int, ReportContext]:
    contexts: dict[int, ReportContext] = {}
    for at, group in by_date.items():
        children: dict[int, list[Area]] = {p.area.pk: [] for p in group}
        for child in Area.objects.filter(parent_id__in=list(children)).valid_on(at).order_by("code"):
            children[child.parent_id or 0].append(child)  # as area_children, for all the areas in one query
        units = {a.pk: a for p in group for a in [p.area, *children[p.area.pk]]}
        cells = evaluate(units=list(units.values()), at=at, indicators=indicators, with_people=False)
        by_area: dict[int, list[Cell]] = {}
        for c in cells:
            by_area.setdefault(c.unit.area_id, []).append(c)
        for p in group:
            mine = [c for a in [p.area, *children[p.area.pk]] for c in by_area.get(a.pk, ())]
            gathered = gather(
                area=p.area,
                at=at,
                scope=scope,
                indicators=indicators,
                cells=mine,
                units=children[p.area.pk],
                with_people=with_people,
                series=series,
            )
            contexts[id(p)] = compose(area=p.area, at=at, gathered=gathered, params=p)
    return contexts
