"""Evaluating indicators for units at a date, against the targets in force, across restructuring.

The read side of the engine: load the definitions once (``inputs``), read the holdings once per date
(``selectors``; or count them in the database for a table without people lists, ``counting``), and hand
plain data to the pure evaluation (``engine``). A table is a few queries whatever its number of units and
indicators; a series is a few queries whatever its number of dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from nguon.areas.models import Area
from nguon.areas.selectors import area_children

from .choices import PopulationKind
from .counting import shares_in_database
from .engine import (
    AreaRef,
    Cell,
    Holding,
    IndicatorSpec,
    SeriesPoint,
    TargetRef,
    UnitRef,
    areas_at,
    cell,
    default_period,
    not_recorded_note,
    series_point,
    table_cells,
    target_chooser,
    units_of,
)
from .inputs import Inputs, area_ref, inputs_load, succession_load
from .models import Indicator
from .selectors import filters_q, holdings_read, subtree_q, when_q

__all__ = [
    "Cell", "SeriesPoint", "TargetRef", "UnitRef", "default_period", "evaluate", "indicator_series",
    "indicator_table",
]  # fmt: skip

MAX_SUBTREES = 20  # more units than this (all communes of the country): read everywhere, assign by path


def _roots(refs: Sequence[UnitRef]) -> list[str]:
    """The paths of the outermost units (the subtrees to read); none past ``MAX_SUBTREES``."""
    by_path: dict[str, list[UnitRef]] = {}
    for ref in refs:
        by_path.setdefault(ref.path, []).append(ref)
    roots = sorted({r.path for r in refs if all(u.path == r.path for u in units_of(r.path, by_path))})
    return roots if len(roots) <= MAX_SUBTREES else []


def _table_holdings(
    inputs: Inputs, paths: Sequence[str], at: dt.date, period: tuple[dt.date, dt.date]
) -> list[Holding]:
    """The holdings of a table, read once: held on the date, or begun in the period when an indicator
    counts entries."""
    recorded = [i for i in inputs.indicators if i.recorded]
    if not recorded:
        return []
    started = any(i.population == PopulationKind.STARTED for i in recorded)
    active = any(i.population != PopulationKind.STARTED for i in recorded)
    return list(
        holdings_read(subtree_q(paths) & when_q(at=at, period=period, started=started, active=active))
    )


def evaluate(
    *,
    units: Sequence[Area],
    at: dt.date,
    indicators: Sequence[Indicator] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    with_people: bool = True,
) -> list[Cell]:
    """Cells for every unit × indicator at ``at``. With people lists the holdings are read once into the
    pure engine; without (the national table), they are counted in the database over one read per date."""
    inputs = inputs_load(indicators=indicators)
    period = period or default_period(at)
    refs = [UnitRef.of(a) for a in units]
    if not refs:
        return []
    paths = _roots(refs)
    if with_people:
        return table_cells(
            indicators=inputs.indicators,
            thresholds=inputs.thresholds,
            targets=inputs.targets,
            units=refs,
            holdings=_table_holdings(inputs, paths, at, period),
            at=at,
            period=period,
        )
    shares = shares_in_database(
        indicators=inputs.indicators,
        thresholds=inputs.thresholds,
        units=refs,
        paths=paths,
        at=at,
        period=period,
    )
    cells: list[Cell] = []
    for indicator in inputs.indicators:
        note = "" if indicator.recorded else not_recorded_note()
        found = shares.get(indicator.code, {})
        choose = target_chooser(inputs.targets.get(indicator.code, ()), at)
        cells += [cell(r, indicator, at, found.get(r.area_id), choose(r), False, note) for r in refs]
    return cells


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


def indicator_series(
    *, area: Area, indicator: Indicator, dates: Sequence[dt.date], remap: bool = True
) -> list[SeriesPoint]:
    """One indicator for ``area`` at each date. With ``remap``, dates before the area existed are computed
    on its predecessors (merged areas sum into it); a change in the areas counted is a break in series.
    The definitions, the succession graph and the holdings are read once for all the dates."""
    inputs = inputs_load(indicators=[indicator])
    (spec,) = inputs.indicators
    targets = inputs.targets.get(spec.code, ())
    me = area_ref(area)
    graph = succession_load(area=area) if remap else None
    plan: list[tuple[dt.date, list[AreaRef], list[str]]] = []
    for at in dates:
        if graph is not None:
            parts, flags = areas_at(me, at, graph)
        else:
            parts, flags = ([me], []) if me.is_valid_on(at) else ([], [])
        plan.append((at, parts, flags))
    holdings = _series_holdings(spec, plan)
    points: list[SeriesPoint] = []
    previous: tuple[str, ...] | None = None
    for at, parts, flags in plan:
        paths = tuple(p.path for p in parts)
        point = series_point(
            area=me,
            parts=parts,
            flags=flags,
            indicator=spec,
            thresholds=inputs.thresholds,
            targets=targets,
            holdings=[h for h in holdings if h.area_path.startswith(paths)] if paths else [],
            at=at,
            previous=previous,
        )
        points.append(point)
        previous = point.areas
    return points


def _series_holdings(
    spec: IndicatorSpec, plan: Sequence[tuple[dt.date, Sequence[AreaRef], Sequence[str]]]
) -> list[Holding]:
    """The holdings of a whole series in one read: the indicator's filters, inside every area counted at any
    date, held at some time between the first and the last date (begun inside one of the periods, for a
    "started" indicator). Each point keeps its own (``engine.in_population``, by path)."""
    paths = sorted({p.path for _, parts, _ in plan for p in parts})
    dates = [at for at, parts, _ in plan if parts]
    if not paths or not dates or not spec.recorded:
        return []
    if spec.population == PopulationKind.STARTED:
        when = Q(start_date__gte=min(default_period(at)[0] for at in dates), start_date__lte=max(dates))
    else:
        when = Q(start_date__lte=max(dates)) & (Q(end_date__isnull=True) | Q(end_date__gte=min(dates)))
    return list(holdings_read(subtree_q(paths) & filters_q(spec) & when))
