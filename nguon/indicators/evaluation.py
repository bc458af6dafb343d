"""Evaluating indicators for units at a date, against the targets in force, across restructuring.

One query per indicator and date, whatever the number of units: holdings are streamed once and each is
given to the units whose subtree contains its organization's area (by the materialised path).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.areas.selectors import area_children
from nguon.core.formats import format_number
from nguon.core.intervals import active_q
from nguon.organizations.models import Tenure
from nguon.people.choices import Education, PoliticalTheory

from .choices import Comparator, Numerator, PopulationKind, Status
from .engine import (
    AgeUnderByLevel,
    AllOf,
    AtLeast,
    Condition,
    EthnicMinority,
    Female,
    Holding,
    Share,
    Unit,
    share,
)
from .models import AgeThreshold, Indicator, Target
from .selectors import OrgScope, Population, iter_holdings

EDUCATION_ORDER = tuple(v for v, _ in Education.choices if v)
THEORY_ORDER = tuple(v for v, _ in PoliticalTheory.choices if v)


@dataclass(frozen=True)
class UnitRef:
    """A unit of a table: an area (and its subtree) as it stood at the reference date."""

    area_id: int
    code: str
    name: str
    level: str
    path: str

    @classmethod
    def of(cls, area: Area) -> UnitRef:
        return cls(area.pk, area.code, area.name, area.level, area.path)


@dataclass(frozen=True)
class TargetRef:
    code: str
    document: str
    comparator: str
    value: Decimal
    deadline: dt.date | None
    confidence: str
    title: str


@dataclass(frozen=True)
class Cell:
    """One unit × indicator: the counts, the value, the target in force, the status and the gap."""

    unit: UnitRef
    indicator: str
    indicator_name: str
    count_unit: str
    at: dt.date
    numerator: int
    denominator: int
    value: Decimal | None
    target: TargetRef | None
    status: str
    gap: int | None
    numerator_people: tuple[int, ...] = ()
    denominator_people: tuple[int, ...] = ()
    note: str = ""
    flags: tuple[str, ...] = field(default=())

    @property
    def gap_text(self) -> str:
        if not self.gap or self.target is None:
            return ""
        return _("%(n)s more needed to reach %(value)s%%") % {
            "n": self.gap,
            "value": format_number(self.target.value),
        }


def condition_for(indicator: Indicator, thresholds: dict[str, int] | None = None) -> Condition:
    """The engine condition of an indicator's numerator (age thresholds are data, per level)."""
    if thresholds is None:
        thresholds = dict(AgeThreshold.objects.values_list("level", "years"))
    young = AgeUnderByLevel(tuple(sorted(thresholds.items())))
    match indicator.numerator:
        case Numerator.FEMALE:
            return Female()
        case Numerator.YOUNG:
            return young
        case Numerator.YOUNG_FEMALE:
            return AllOf((Female(), young))
        case Numerator.ETHNIC_MINORITY:
            return EthnicMinority()
        case Numerator.EDUCATION:
            return AtLeast("education", indicator.numerator_value, EDUCATION_ORDER)
        case Numerator.THEORY:
            return AtLeast("political_theory", indicator.numerator_value, THEORY_ORDER)
    raise ValueError(indicator.numerator)


def population_for(indicator: Indicator, areas: Sequence[Area]) -> Population:
    """The population of an indicator inside the subtrees of ``areas``."""
    scopes = tuple(
        OrgScope(
            levels=tuple(s.get("levels", ())),
            kinds=tuple(s.get("kinds", ())),
            sectors=tuple(s.get("sectors", ())),
        )
        for s in indicator.scopes or []
    )
    return Population(
        areas=tuple(areas),
        scopes=scopes,
        body_kinds=tuple(indicator.body_kinds or ()),
        key_post=indicator.key_post,
        leader=indicator.leader,
        start_reasons=tuple(indicator.start_reasons or ()),
    )


def default_period(at: dt.date) -> tuple[dt.date, dt.date]:
    """The five calendar years up to the reference date: 25/9/2020 → 1/1/2015 – 25/9/2020."""
    return dt.date(at.year - 5, 1, 1), at


def _holding_query(
    indicator: Indicator, areas: Sequence[Area], at: dt.date, period: tuple[dt.date, dt.date]
) -> Q:
    q = population_for(indicator, areas).q()
    if indicator.population == PopulationKind.STARTED:
        return q & Q(start_date__gte=period[0], start_date__lte=period[1])
    return q & active_q(at)


def _units_of(path: str, by_path: dict[str, list[UnitRef]]) -> list[UnitRef]:
    """Units whose path is a prefix of ``path`` ("/1/2/3/" → units at "/1/", "/1/2/", "/1/2/3/")."""
    found: list[UnitRef] = []
    end = path.find("/", 1)
    while end != -1:
        found.extend(by_path.get(path[: end + 1], ()))
        end = path.find("/", end + 1)
    return found


def target_for(targets: Iterable[Target], unit: UnitRef, at: dt.date) -> Target | None:
    """The target in force for ``unit`` on ``at``: a local target (deepest area) first, then the most recent."""
    best: tuple[int, dt.date, str] | None = None
    chosen = None
    for t in targets:
        if t.effective_from > at or (t.valid_to and t.valid_to < at):
            continue
        if t.level and t.level != unit.level:
            continue
        depth = 0
        if t.area_id is not None:
            if t.area is None or not unit.path.startswith(t.area.path):
                continue
            depth = t.area.path.count("/")
        key = (depth, t.effective_from, t.code)
        if best is None or key > best:
            best, chosen = key, t
    return chosen


def status_and_gap(result: Share, target: Target | None) -> tuple[str, int | None]:
    """Met / not met / no data, and how many more (people, seats or units) reach an "at least" target
    when the denominator stays as it is."""
    if result.denominator == 0:
        return Status.NO_DATA, None
    if target is None:
        return Status.NO_TARGET, None
    num, den, value = result.numerator, result.denominator, Decimal(target.value)
    if target.comparator == Comparator.AT_MOST:
        met = Decimal(num) * 100 <= value * den
        return (Status.MET if met else Status.NOT_MET), None
    needed = math.ceil(value * den / 100)
    gap = max(0, needed - num)
    return (Status.MET if gap == 0 else Status.NOT_MET), gap


def _target_ref(t: Target | None) -> TargetRef | None:
    if t is None:
        return None
    return TargetRef(t.code, t.document, t.comparator, Decimal(t.value), t.deadline, t.confidence, t.title)


def evaluate(
    *,
    units: Sequence[Area],
    at: dt.date,
    indicators: Sequence[Indicator] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    with_people: bool = True,
) -> list[Cell]:
    """Cells for every unit × indicator at ``at``: one streamed query per indicator for all units."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    period = period or default_period(at)
    refs = [UnitRef.of(a) for a in units]
    by_path: dict[str, list[UnitRef]] = defaultdict(list)
    for ref in refs:
        by_path[ref.path].append(ref)
    # Query the outermost units' subtrees; past a handful (all communes of the country) query everything
    # and let the path assignment drop what falls outside.
    roots = [a for a in units if not any(r.path != a.path for r in _units_of(a.path, by_path))]
    if len(roots) > 20:
        roots = []
    thresholds = dict(AgeThreshold.objects.values_list("level", "years"))
    targets: dict[int, list[Target]] = defaultdict(list)
    for t in Target.objects.filter(indicator__in=indicators).select_related("area"):
        targets[t.indicator_id].append(t)
    cells: list[Cell] = []
    for indicator in indicators:
        count_unit = Unit(indicator.unit)
        if indicator.population in (PopulationKind.PLANNING, PopulationKind.CANDIDATES):
            note = _("Planning pools and candidate lists are not recorded yet.")
            cells += [
                _cell(ref, indicator, at, None, targets[indicator.pk], with_people, note) for ref in refs
            ]
            continue
        query = _holding_query(indicator, roots, at, period)
        if with_people:
            results = _shares_in_python(query, by_path, condition_for(indicator, thresholds), at, count_unit)
        else:
            results = _shares_in_database(query, refs, indicator, thresholds, at, count_unit)
        cells += [
            _cell(ref, indicator, at, results.get(ref.area_id), targets[indicator.pk], with_people)
            for ref in refs
        ]
    return cells


def _cell(
    ref: UnitRef,
    indicator: Indicator,
    at: dt.date,
    result: Share | None,
    targets: Sequence[Target],
    with_people: bool,
    note: str = "",
) -> Cell:
    """One unit × indicator from its counts (none: no data) and the target in force."""
    result = result or Share(0, 0, Unit(indicator.unit))
    in_force = target_for(targets, ref, at)
    status, gap = status_and_gap(result, in_force)
    return Cell(
        ref,
        indicator.code,
        indicator.name,
        Unit(indicator.unit),
        at,
        result.numerator,
        result.denominator,
        result.value,
        _target_ref(in_force),
        status,
        gap,
        result.numerator_people if with_people else (),
        result.denominator_people if with_people else (),
        note=note,
    )


def _shares_in_python(
    query: Q, by_path: dict[str, list[UnitRef]], condition: Condition, at: dt.date, unit: Unit
) -> dict[int, Share]:
    """Stream the holdings once, give each to its units, count with the pure engine (people lists kept)."""
    grouped: dict[int, list[Holding]] = defaultdict(list)
    for holding in iter_holdings(query):
        for ref in _units_of(holding.area_path, by_path):
            grouped[ref.area_id].append(holding)
    return {area_id: share(rows, condition, at, unit) for area_id, rows in grouped.items()}


_AREA = "post__organization__area"
MAX_UNIT_FILTER = 500  # more units than this (all communes of the country): no IN list, filter the groups


def _years_before(at: dt.date, years: int) -> dt.date:
    """The latest birth date of someone who is ``years`` old on ``at`` (29/2 → 28/2 in common years)."""
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return dt.date(at.year - years, 2, 28)


def condition_q(indicator: Indicator, thresholds: dict[str, int], at: dt.date) -> Q:
    """The numerator as a database condition on a tenure row (mirrors ``condition_for``)."""
    young = Q(pk__in=[])
    for level, years in thresholds.items():
        young |= Q(**{f"{_AREA}__level": level, "person__birth_date__gt": _years_before(at, years)})
    match indicator.numerator:
        case Numerator.FEMALE:
            return Q(person__sex="F")
        case Numerator.YOUNG:
            return young
        case Numerator.YOUNG_FEMALE:
            return Q(person__sex="F") & young
        case Numerator.ETHNIC_MINORITY:
            return ~Q(person__ethnicity="") & ~Q(person__ethnicity__iexact="kinh")
        case Numerator.EDUCATION:
            return Q(
                person__education__in=EDUCATION_ORDER[EDUCATION_ORDER.index(indicator.numerator_value) :]
            )
        case Numerator.THEORY:
            return Q(
                person__political_theory__in=THEORY_ORDER[THEORY_ORDER.index(indicator.numerator_value) :]
            )
    raise ValueError(indicator.numerator)


def _unit_key(level: str) -> Case:
    """The id of the area at ``level`` above (or at) a tenure's organization's area."""
    chain = [_AREA, f"{_AREA}__parent", f"{_AREA}__parent__parent"]
    return Case(
        *[When(**{f"{a}__level": level}, then=F(f"{a}_id" if a == _AREA else f"{a}__id")) for a in chain],
        default=Value(None),
        output_field=IntegerField(),
    )


def _shares_in_database(
    query: Q,
    refs: Sequence[UnitRef],
    indicator: Indicator,
    thresholds: dict[str, int],
    at: dt.date,
    unit: Unit,
) -> dict[int, Share]:
    """Count in the database: one GROUP BY query per level of the units (a table has one or two)."""
    hit = condition_q(indicator, thresholds, at)
    if unit is Unit.PEOPLE:
        what: Any = F("person_id")
    elif unit is Unit.SEATS:
        what = Concat(
            Cast("person_id", CharField()), Value("-"), Cast("post_id", CharField()), Value("-"),
            Cast(Coalesce("term_id", 0), CharField()), output_field=CharField(),
        )  # fmt: skip
    else:
        what = F("post__organization_id")
    results: dict[int, Share] = {}
    levels = sorted({r.level for r in refs})
    for level in levels:
        ids = {r.area_id for r in refs if r.level == level}
        rows = Tenure.objects.filter(query)
        if level == "commune":
            # The lowest level has nothing below it: the unit is the organization's own area (no CASE, no
            # joins to the parents), and that area is valid on the date like the units (a selective start).
            valid = active_q(at, f"{_AREA}__valid_from", f"{_AREA}__valid_to", start_nullable=True)
            rows = rows.filter(valid, **{f"{_AREA}__level": level}).annotate(unit_id=F(f"{_AREA}_id"))
        else:
            rows = rows.annotate(unit_id=_unit_key(level))
        if len(ids) <= MAX_UNIT_FILTER:
            rows = rows.filter(unit_id__in=ids)
        counted = rows.values("unit_id").annotate(
            den=Count(what, distinct=True), num=Count(what, distinct=True, filter=hit)
        )
        for row in counted.order_by():
            if row["unit_id"] in ids:  # past MAX_UNIT_FILTER units, the others are dropped here
                results[row["unit_id"]] = Share(row["num"], row["den"], unit)
    return results


def indicator_table(
    *,
    area: Area,
    at: dt.date,
    indicators: Sequence[Indicator] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> list[Cell]:
    """The area and its children valid at ``at`` (siblings side by side), × the indicators."""
    units = [area, *area_children(area=area, at=at)]
    return evaluate(units=units, at=at, indicators=indicators, period=period)


# --- series across restructuring ----------------------------------------------------------------------
@dataclass(frozen=True)
class SeriesPoint:
    at: dt.date
    areas: tuple[str, ...]  # the codes of the areas whose subtrees were counted
    numerator: int
    denominator: int
    value: Decimal | None
    status: str
    target: TargetRef | None
    break_in_series: bool
    flags: tuple[str, ...]


def areas_at(area: Area, at: dt.date) -> tuple[list[Area], list[str]]:
    """The areas that made up ``area`` on ``at``: itself when it existed, else its predecessors (followed
    back through the succession events). Flags name predecessors that were split (counted whole)."""
    if area.is_valid_on(at):
        return [area], []
    frontier: list[Area] = [area]
    found: list[Area] = []
    flags: list[str] = []
    seen: set[int] = set()
    while frontier:
        nxt: list[Area] = []
        for current in frontier:
            for link in current.predecessor_links.select_related("predecessor"):
                pred = link.predecessor
                if pred.pk in seen:
                    continue
                seen.add(pred.pk)
                splits = pred.successor_links.values("successor").distinct().count()
                if splits > 1:
                    share_text = (
                        f"{link.share:.0%}" if link.share is not None else _("share unknown, counted whole")
                    )
                    flags.append(
                        _("%(area)s was split (%(share)s)") % {"area": pred.name, "share": share_text}
                    )
                (found if pred.is_valid_on(at) else nxt).append(pred)
        frontier = nxt
    return found, flags


def indicator_series(
    *, area: Area, indicator: Indicator, dates: Sequence[dt.date], remap: bool = True
) -> list[SeriesPoint]:
    """One indicator for ``area`` at each date. With ``remap``, dates before the area existed are computed
    on its predecessors (merged areas sum into it); a change in the areas counted is a break in series."""
    points: list[SeriesPoint] = []
    previous: tuple[str, ...] | None = None
    for at in dates:
        if remap:
            parts, flags = areas_at(area, at)
        else:
            parts, flags = ([area], []) if area.is_valid_on(at) else ([], [])
        codes = tuple(sorted(a.code for a in parts))
        if parts:
            merged = Area(pk=-1, code=area.code, name=area.name, level=area.level, path="")
            cell = _evaluate_union(parts, merged, indicator, at)
            num, den, value, status, target = (
                cell.numerator,
                cell.denominator,
                cell.value,
                cell.status,
                cell.target,
            )
        else:
            num, den, value, status, target = 0, 0, None, Status.NO_DATA, None
        points.append(
            SeriesPoint(
                at,
                codes,
                num,
                den,
                value,
                status,
                target,
                previous is not None and codes != previous,
                tuple(flags),
            )
        )
        previous = codes
    return points


def _evaluate_union(parts: Sequence[Area], unit_area: Area, indicator: Indicator, at: dt.date) -> Cell:
    """Evaluate one indicator over the union of several subtrees as a single unit."""
    condition = condition_for(indicator)
    period = default_period(at)
    holdings = list(iter_holdings(_holding_query(indicator, parts, at, period)))
    result = share(holdings, condition, at, Unit(indicator.unit))
    ref = UnitRef(unit_area.pk, unit_area.code, unit_area.name, parts[0].level, parts[0].path)
    t = target_for(Target.objects.filter(indicator=indicator).select_related("area"), ref, at)
    status, gap = status_and_gap(result, t)
    return Cell(
        ref,
        indicator.code,
        indicator.name,
        indicator.unit,
        at,
        result.numerator,
        result.denominator,
        result.value,
        _target_ref(t),
        status,
        gap,
        result.numerator_people,
        result.denominator_people,
    )
