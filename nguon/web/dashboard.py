"""The dashboard's data: for each of the user's areas at the date, the headline indicators against their
targets (with the gap in people, as officers say it), a comparison with the areas around, the standing
committees without a woman, and the latest changes in the scope.

Figures are aggregates (``evaluate(with_people=False)``: counts, never names) and may cover the analysis
area of the assignment; the recent changes are read at the view level (they name people). Everything is
read through selectors that take the scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.areas.selectors import area_children, area_get, area_list, area_roots
from nguon.core.formats import format_int, format_number, format_percent
from nguon.core.labels import label
from nguon.core.models import AuditRecord
from nguon.core.scope import Level, Scope
from nguon.indicators.choices import Comparator, Numerator, Status
from nguon.indicators.engine import Share, Unit, status_and_gap
from nguon.indicators.evaluation import Cell, TargetRef, evaluate
from nguon.indicators.models import Indicator
from nguon.organizations.models import Body
from nguon.organizations.selectors import audit_list, standing_committees_without_women

HEADLINES = 8  # headline indicators per area
CHARTS = 3  # comparison charts per area
BARS = 40  # areas per comparison chart
TONES: dict[str, str] = {
    Status.MET: "success",
    Status.NOT_MET: "danger",
    Status.NO_TARGET: "secondary",
    Status.NO_DATA: "light",
}
STATUS_ORDER = {Status.NOT_MET: 0, Status.MET: 1, Status.NO_TARGET: 2, Status.NO_DATA: 3}


@dataclass(frozen=True)
class Figure:
    """One indicator for one unit (or the sum of several), as the page shows it."""

    code: str
    name: str
    numerator: int
    denominator: int
    unit: str
    value: Decimal | None
    status: str
    gap: int | None
    target: TargetRef | None
    what: str  # the numerator's people, as officers name them ("nữ", "cán bộ trẻ")

    @property
    def value_text(self) -> str:
        return format_percent(self.value)

    @property
    def value_svg(self) -> str:
        """The value as an SVG length in percent of the bar (dot decimal, clamped)."""
        return _svg_percent(self.value)

    @property
    def target_svg(self) -> str:
        return _svg_percent(self.target.value) if self.target is not None else ""

    @property
    def tone(self) -> str:
        """The Bootstrap colour of the status (shown with its words too, never by colour alone)."""
        return TONES.get(self.status, "secondary")

    @property
    def status_label(self) -> str:
        return label(Status, self.status, capital=True)

    @property
    def counts_text(self) -> str:
        values = {"numerator": format_int(self.numerator), "denominator": format_int(self.denominator)}
        if self.unit == Unit.SEATS:
            return _("%(numerator)s of %(denominator)s seats") % values
        if self.unit == Unit.ORGANIZATIONS:
            return _("%(numerator)s of %(denominator)s organizations") % values
        return _("%(numerator)s of %(denominator)s people") % values

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        sign = "≤" if self.target.comparator == Comparator.AT_MOST else "≥"
        return _("target %(sign)s %(value)s%%") % {"sign": sign, "value": format_number(self.target.value)}

    @property
    def gap_text(self) -> str:
        """The gap in people, the way officers say it: "cần thêm 2 nữ để đạt 15%"."""
        if self.target is None or self.status == Status.NO_DATA:
            return ""
        value = format_number(self.target.value)
        if self.status == Status.MET:
            return _("target met")
        if self.target.comparator == Comparator.AT_MOST:
            return _("above the ceiling of %(value)s%%") % {"value": value}
        if not self.gap:
            return ""
        values = {"n": format_int(self.gap), "who": self.what, "value": value}
        if self.unit == Unit.ORGANIZATIONS:
            return _("%(n)s more organizations with %(who)s needed to reach %(value)s%%") % values
        return _("%(n)s more %(who)s needed to reach %(value)s%%") % values


@dataclass(frozen=True)
class Bar:
    area: Area
    figure: Figure
    is_self: bool


@dataclass(frozen=True)
class Chart:
    """One indicator across the areas compared (the user's area highlighted)."""

    name: str
    bars: list[Bar]
    more: int
    target_svg: str


@dataclass
class Section:
    """The dashboard of one area of the user (or of the country)."""

    title: str
    areas: list[Area]  # the units summed (one, or the areas that went into an area not existing at the date)
    headlines: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    no_women: list[tuple[Body, bool]] = field(default_factory=list)  # (body, its organization linked)
    no_women_total: int = 0
    note: str = ""


@dataclass
class Dashboard:
    sections: list[Section]
    changes: list[AuditRecord]
    provinces: list[Area]  # the chooser of an administrator
    chosen: Area | None


def _svg_percent(value: Decimal | None) -> str:
    if value is None:
        return "0%"
    return f"{max(Decimal(0), min(Decimal(100), Decimal(value))):.1f}%"


def _who(numerator: str) -> str:
    match numerator:
        case Numerator.FEMALE:
            return _("women")
        case Numerator.YOUNG:
            return _("young cadres")
        case Numerator.YOUNG_FEMALE:
            return _("young women")
        case Numerator.ETHNIC_MINORITY:
            return _("ethnic minority cadres")
    return _("qualified cadres")


def _figure(cells: Sequence[Cell], indicator: Indicator) -> Figure:
    """One figure from the cells of one indicator over one or several units (summed: the areas that went
    into an area, or the provinces of the country); the target is the first unit's."""
    numerator = sum(c.numerator for c in cells)
    denominator = sum(c.denominator for c in cells)
    target = cells[0].target if cells else None
    unit = cells[0].count_unit if cells else indicator.unit
    if len(cells) == 1:
        c = cells[0]
        status, gap, value = c.status, c.gap, c.value
    else:
        summed = Share(numerator, denominator, Unit(unit))
        status, gap = status_and_gap(summed, target)
        value = summed.value
    return Figure(
        indicator.code,
        indicator.name,
        numerator,
        denominator,
        unit,
        value,
        status,
        gap,
        target,
        _who(indicator.numerator),
    )


def _comparison(*, scope: Scope, area: Area, at: dt.date) -> list[Area]:
    """The areas to compare ``area`` with: its children on the date, else its siblings inside the analysis
    scope (a ward officer whose analysis area is the district sees the district's wards)."""
    children = list(area_children(area=area, at=at).filter(scope.areas_q(Level.ANALYSE)))
    if children:
        return children
    if area.parent_id is None:
        return []
    siblings = list(
        area_list(scope=scope, level=Level.ANALYSE)
        .filter(parent_id=area.parent_id)
        .valid_on(at)
        .order_by("code")
    )
    return siblings if len(siblings) > 1 else []


def _section(
    *,
    scope: Scope,
    title: str,
    units: list[Area],
    compare: list[Area],
    at: dt.date,
    indicators: list[Indicator],
) -> Section:
    section = Section(title=title, areas=units)
    everyone = {a.pk: a for a in [*units, *compare]}
    if not everyone:
        return section
    cells = evaluate(units=list(everyone.values()), at=at, indicators=indicators, with_people=False)
    by_key: dict[tuple[str, int], Cell] = {(c.indicator, c.unit.area_id): c for c in cells}
    mine = {a.pk for a in units}
    figures = []
    for indicator in indicators:
        own = [by_key[(indicator.code, pk)] for pk in mine if (indicator.code, pk) in by_key]
        figure = _figure(own, indicator)
        if figure.denominator:
            figures.append(figure)
    figures.sort(key=lambda f: STATUS_ORDER.get(Status(f.status), 9))
    section.headlines = figures[:HEADLINES]
    by_code = {i.code: i for i in indicators}
    if len(compare) > 1:
        for figure in section.headlines[:CHARTS]:
            bars = [
                Bar(
                    a,
                    _figure([by_key[(figure.code, a.pk)]], by_code[figure.code]),
                    a.pk in mine and len(units) == 1,
                )
                for a in compare
                if (figure.code, a.pk) in by_key
            ]
            bars.sort(key=lambda b: (-(b.figure.value or Decimal(-1)), b.area.name))
            section.charts.append(
                Chart(figure.name, bars[:BARS], max(0, len(bars) - BARS), figure.target_svg)
            )
    bodies, section.no_women_total = standing_committees_without_women(
        scope=scope, areas=None if scope.unrestricted and len(units) > 1 else units, at=at
    )
    section.no_women = [(b, scope.covers_organization(b.organization, Level.VIEW)) for b in bodies]
    return section


def dashboard_build(*, scope: Scope, at: dt.date, area_pk: int | None = None) -> Dashboard:
    """The dashboard of ``scope`` at ``at``: the chosen area (inside the analysis scope), else one section
    per assignment, else (administrators) the country compared by province."""
    indicators = list(Indicator.objects.order_by("rank", "code"))
    provinces = list(area_roots(scope=scope, at=at)) if scope.unrestricted else []
    chosen = area_get(scope=scope, pk=area_pk) if area_pk is not None else None
    sections: list[Section] = []
    if chosen is not None:
        sections.append(area_section(scope=scope, area=chosen, at=at, indicators=indicators))
    elif scope.unrestricted:
        sections.append(
            _section(
                scope=scope,
                title=_("Whole country"),
                units=provinces,
                compare=provinces,
                at=at,
                indicators=indicators,
            )
        )
    else:
        for root in _grant_areas(scope=scope):
            sections.append(area_section(scope=scope, area=root, at=at, indicators=indicators))
    return Dashboard(
        sections=sections, changes=audit_list(scope=scope, limit=10), provinces=provinces, chosen=chosen
    )


def _grant_areas(*, scope: Scope) -> list[Area]:
    ids = list(dict.fromkeys(g.area_id for g in scope.grants))
    found = {a.pk: a for a in area_list(scope=scope, level=Level.VIEW).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def area_section(
    *, scope: Scope, area: Area, at: dt.date, indicators: list[Indicator] | None = None
) -> Section:
    """An area's section (its figures, compared with the areas around, its standing committees without a
    woman). An area that does not exist on the date is read through the areas that went into
    it and exist then (the new phường Hoàn Kiếm in 2020: the old wards, summed)."""
    if indicators is None:
        indicators = list(Indicator.objects.order_by("rank", "code"))
    if area.is_valid_on(at):
        return _section(
            scope=scope,
            title=area.name,
            units=[area],
            compare=_comparison(scope=scope, area=area, at=at),
            at=at,
            indicators=indicators,
        )
    earlier = [
        a
        for a in area_roots(scope=scope, at=at).exclude(pk=area.pk).valid_on(at)
        if any(a.path.startswith(p) for g in scope.grants if g.area_id == area.pk for p in g.paths)
    ]
    section = _section(
        scope=scope, title=area.name, units=earlier, compare=earlier, at=at, indicators=indicators
    )
    if earlier:
        section.note = _(
            "%(area)s did not exist on this date; the figures add up the areas that went into it: %(areas)s."
        ) % {
            "area": area.name,
            "areas": ", ".join(a.name for a in earlier),
        }
    else:
        section.note = _("%(area)s does not exist on this date.") % {"area": area.name}
    return section
