"""Evaluating indicators for units at a date, against the targets in force, across restructuring.

The read side of the engine: load the definitions once (``inputs``), read the holdings once per date
(``selectors``; or count them in the database for a table without people lists, ``counting``), and hand
plain data to the pure evaluation (``engine``). A table is a few queries whatever its number of units and
indicators; a series is a few queries whatever its number of dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from nguon.areas.models import Area
from nguon.areas.selectors import area_children
from nguon.core.scope import Scope
from nguon.core.text import fold

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
    condition_for,
    default_period,
    in_population,
    not_recorded_note,
    series_point,
    share,
    table_cells,
    target_chooser,
    units_of,
)
from .inputs import Inputs, area_ref, inputs_load, succession_load
from .models import Indicator
from .selectors import (
    filters_q,
    holdings_read,
    organization_names,
    population_q,
    subtree_q,
    tenures_named,
    when_q,
)

__all__ = [
    "GROUPS", "Cell", "CellDetail", "Member", "SeriesPoint", "TargetRef", "UnitRef", "cell_detail",
    "default_period", "evaluate", "indicator_group", "indicator_series", "indicator_table",
]  # fmt: skip

MAX_SUBTREES = 20  # more subtrees than this: read their parents' subtrees instead (assigned by path)


def _roots(refs: Sequence[UnitRef]) -> list[str]:
    """The paths of the outermost units (the subtrees to read); none past ``MAX_SUBTREES``."""
    by_path: dict[str, list[UnitRef]] = {}
    for ref in refs:
        by_path.setdefault(ref.path, []).append(ref)
    roots = sorted({r.path for r in refs if all(u.path == r.path for u in units_of(r.path, by_path))})
    # Many units (a province's 168 communes, compared on a ward officer's dashboard): read the subtrees of
    # their parents, climbing until few enough — not the whole country (631 → 60 ms on the national
    # dataset). Holdings are assigned to units by path, so a wider read counts the same. Only when the
    # climb reaches the top is everything read (all communes of the country).
    while len(roots) > MAX_SUBTREES:
        parents = sorted({p[: p.rstrip("/").rfind("/") + 1] for p in roots})
        if "/" in parents:
            return []
        roots = [p for p in parents if not any(p != q and p.startswith(q) for q in parents)]
    return roots


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
    with_people: bool = True,
) -> list[Cell]:
    """The area and its children valid at ``at`` (siblings side by side), × the indicators. The page asks
    ``with_people=False`` (counts in the database); the people behind one cell come from ``cell_detail``."""
    units = [area, *area_children(area=area, at=at)]
    return evaluate(units=units, at=at, indicators=indicators, period=period, with_people=with_people)


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


# --- the page: indicators grouped by what they count, and the people behind one cell -------------------
GROUPS: tuple[tuple[str, Promise], ...] = (
    ("grassroots", gettext_lazy("Grassroots party committees")),
    ("party", gettext_lazy("Party committees")),
    ("council", gettext_lazy("People's Councils")),
    ("posts", gettext_lazy("Key posts and leaders")),
    ("planning", gettext_lazy("Planning pools and candidates")),
)
_COMMITTEES = {"executive_committee", "standing_committee"}


def indicator_group(indicator: Indicator) -> str:
    """The body or level an indicator counts, read from its definition (a user's new indicator finds its
    tab too): committees of grassroots party organizations only, party committees, People's Councils, key
    posts and leaders, or what is not recorded yet (planning pools, candidate lists)."""
    if indicator.population not in (PopulationKind.ACTIVE, PopulationKind.STARTED):
        return "planning"
    kinds = {k for s in indicator.scopes or [] for k in s.get("kinds", ())}
    bodies = set(indicator.body_kinds or ())
    if bodies & _COMMITTEES:
        return "grassroots" if kinds == {"grassroots_party"} else "party"
    if "council" in bodies or "peoples_council" in kinds:
        return "council"
    return "posts"


PANEL_LIMIT = 300  # rows listed beside a cell; the Excel of the cell has them all


@dataclass(frozen=True)
class Member:
    """One person, seat or organization behind a cell, as the panel lists it: whether it counts in the
    numerator, its name, and the posts (post, organization) it is counted through. People are listed only
    when the user may read their names; organizations always (they are not personal data)."""

    counted: bool
    name: str
    person_id: int | None = None
    posts: tuple[tuple[str, str], ...] = ()
    place: str = ""  # an organization: the name of its area
    holders: int = 0  # an organization: how many people hold its counted posts
    holders_counted: int = 0


@dataclass(frozen=True)
class CellDetail:
    """A cell with what stands behind it: ``members`` (people, seats or organizations, as the cell counts;
    counted first, then by Vietnamese name order), how many could be listed, and how many people are outside
    the user's scope (counted in the figures, never named)."""

    cell: Cell
    members: tuple[Member, ...]
    total: int  # members the user may see (``members`` holds the first ``limit``)
    hidden_people: int = 0
    hidden_counted: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.members)


def cell_detail(
    *,
    area: Area,
    indicator: Indicator,
    at: dt.date,
    scope: Scope,
    period: tuple[dt.date, dt.date] | None = None,
    limit: int | None = PANEL_LIMIT,
) -> CellDetail:
    """One unit × indicator and who (or which organizations) make its numerator and denominator, read once:
    the figures from the holdings of the unit's subtree (the same rule as the table), the names only for
    people inside ``scope`` at the view level; the others are counted. A few queries, whatever the size."""
    inputs = inputs_load(indicators=[indicator])
    (spec,) = inputs.indicators
    period = period or default_period(at)
    ref = UnitRef.of(area)
    target = target_chooser(inputs.targets.get(spec.code, ()), at)(ref)
    if not spec.recorded:
        return CellDetail(cell(ref, spec, at, None, target, True, not_recorded_note()), (), 0)
    q = population_q(spec, paths=[area.path], at=at, period=period)
    holdings = [h for h in holdings_read(q) if in_population(spec, h, at, period)]
    condition = condition_for(spec, inputs.thresholds)
    result = share(holdings, condition, at, spec.unit)
    one = cell(ref, spec, at, result, target)
    if spec.unit == "organizations":
        names = organization_names(ids={h.organization_id for h in holdings})
        holders: dict[int, set[int]] = {}
        hits: dict[int, set[int]] = {}
        for h in holdings:
            holders.setdefault(h.organization_id, set()).add(h.person_id)
            if condition.holds(h, at):
                hits.setdefault(h.organization_id, set()).add(h.person_id)
        orgs = sorted(
            (
                Member(
                    counted=oid in hits,
                    name=names.get(oid, ("", ""))[0],
                    place=names.get(oid, ("", ""))[1],
                    holders=len(people),
                    holders_counted=len(hits.get(oid, ())),
                )
                for oid, people in holders.items()
            ),
            key=lambda m: (m.counted, fold(m.name)),  # those still short of the condition first
        )
        return CellDetail(one, tuple(orgs[:limit] if limit is not None else orgs), len(orgs))
    named = tenures_named(q=q, scope=scope)  # tenure id -> (name, sort key, post, organization)
    visible = {h.person_id for h in holdings if h.tenure_id in named}
    everyone = {h.person_id for h in holdings}
    numerator = set(result.numerator_people)
    groups: dict[object, list[Holding]] = {}
    for h in holdings:
        if h.person_id in visible:
            key: object = h.person_id if spec.unit == "people" else (h.person_id, h.post_id, h.term_id)
            groups.setdefault(key, []).append(h)
    members: list[tuple[str, Member]] = []
    for rows in groups.values():
        first = named[rows[0].tenure_id]
        counted = (
            rows[0].person_id in numerator
            if spec.unit == "people"
            else any(condition.holds(h, at) for h in rows)
        )
        posts = tuple(dict.fromkeys((named[h.tenure_id][2], named[h.tenure_id][3]) for h in rows))
        members.append((first[1], Member(counted, first[0], rows[0].person_id, posts)))
    members.sort(key=lambda pair: (not pair[1].counted, pair[0]))
    listed = [m for _, m in members]
    return CellDetail(
        one,
        tuple(listed[:limit] if limit is not None else listed),
        len(listed),
        hidden_people=len(everyone - visible),
        hidden_counted=len(numerator - visible),
    )
