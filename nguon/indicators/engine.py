"""The representation engine: pure functions over plain data, no database.

Everything here takes plain values and returns plain values: holdings (one tenure as the engine sees it),
indicator and target definitions (``IndicatorSpec``, ``TargetSpec``), units (``UnitRef``) and the succession
graph (``Succession``). ``inputs.py`` loads the definitions, ``selectors.py`` reads the holdings, and
``evaluation.py`` puts the three together; keeping the counting pure makes it testable against a brute-force
reference and independent of how data came in. The conditions on people are ``nguon.people.conditions``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from django.utils.translation import gettext as _

from nguon.core.formats import format_number
from nguon.core.intervals import holds
from nguon.people.choices import Education, PoliticalTheory
from nguon.people.conditions import (
    AgeUnder,
    AgeUnderByLevel,
    AllOf,
    AtLeast,
    Condition,
    EthnicMinority,
    Female,
)

from .choices import Comparator, Numerator, PopulationKind, Status

__all__ = [
    "AgeUnder",
    "AgeUnderByLevel",
    "AllOf",
    "AtLeast",
    "Cell",
    "Condition",
    "EthnicMinority",
    "Female",
    "Holding",
    "IndicatorSpec",
    "OrgScope",
    "SeriesPoint",
    "Share",
    "Succession",
    "TargetSpec",
    "Unit",
    "UnitRef",
    "areas_at",
    "condition_for",
    "in_population",
    "series_point",
    "share",
    "status_and_gap",
    "table_cells",
    "target_chooser",
    "target_for",
    "units_of",
]  # fmt: skip


class Unit(StrEnum):
    """What a figure counts: distinct people, seats (one person holding two seats counts twice), or
    organizations (one meeting the condition when any of its holders does: "has a female key leader")."""

    PEOPLE = "people"
    SEATS = "seats"
    ORGANIZATIONS = "organizations"


@dataclass(frozen=True)
class Holding:
    """One tenure, flattened: the person's facts the numerators need, the seat it occupies, and the facts of
    its post and organization the populations filter on. ``selectors.HOLDING_COLUMNS`` reads them."""

    tenure_id: int
    person_id: int
    person_name: str
    sex: str
    birth_date: dt.date
    post_id: int
    term_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    start_reason: str
    organization_id: int = 0
    level: str = ""  # the level of the organization's area
    area_path: str = ""
    ethnicity: str = ""
    education: str = ""
    political_theory: str = ""
    org_kind: str = ""
    sector: str = ""
    body_kind: str | None = None  # None: a post without a body
    is_key: bool = False
    is_leader: bool = False


@dataclass(frozen=True)
class Share:
    """A counted figure: numerator of denominator, the percentage, and who is behind each number."""

    numerator: int
    denominator: int
    unit: Unit
    numerator_people: tuple[int, ...] = field(default=())
    denominator_people: tuple[int, ...] = field(default=())

    @property
    def value(self) -> Decimal | None:
        """Percentage, unrounded (None when nobody is counted)."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) * 100 / Decimal(self.denominator)


def share(holdings: Iterable[Holding], condition: Condition, at: dt.date, unit: Unit = Unit.PEOPLE) -> Share:
    """Share of ``holdings`` meeting ``condition`` on ``at``, counting people, seats or organizations.

    A person (a seat, an organization) is in the numerator when the condition holds for any of its holdings
    (a person serving at two levels is young when under the threshold of either). Seats are (person, post,
    term): one seat held through two tenures (a break inside one term) is one seat.
    """
    everyone: dict[object, set[int]] = {}
    hits: dict[object, set[int]] = {}
    for h in holdings:
        if unit is Unit.PEOPLE:
            key: object = h.person_id
        elif unit is Unit.SEATS:
            key = (h.person_id, h.post_id, h.term_id)
        else:
            key = h.organization_id
        everyone.setdefault(key, set()).add(h.person_id)
        if condition.holds(h, at):
            hits.setdefault(key, set()).add(h.person_id)
    return Share(
        len(hits),
        len(everyone),
        unit,
        tuple(sorted({p for people in hits.values() for p in people})),
        tuple(sorted({p for people in everyone.values() for p in people})),
    )


# --- definitions, as plain data -----------------------------------------------------------------------
@dataclass(frozen=True)
class OrgScope:
    """Organizations at area ``levels`` of the given ``kinds`` and ``sectors`` (empty = any)."""

    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()

    def holds(self, h: Holding) -> bool:
        return (
            (not self.levels or h.level in self.levels)
            and (not self.kinds or h.org_kind in self.kinds)
            and (not self.sectors or h.sector in self.sectors)
        )


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as the engine needs it: its population (kind and filters), numerator and count unit."""

    code: str
    name: str
    population: str  # PopulationKind
    unit: Unit
    numerator: str  # Numerator
    numerator_value: str = ""
    scopes: tuple[OrgScope, ...] = ()
    body_kinds: tuple[str, ...] = ()
    key_post: bool | None = None
    leader: bool | None = None
    start_reasons: tuple[str, ...] = ()

    @property
    def recorded(self) -> bool:
        """Whether its population is recorded (planning pools and candidate lists are not yet)."""
        return self.population in (PopulationKind.ACTIVE, PopulationKind.STARTED)


@dataclass(frozen=True)
class TargetSpec:
    """A target as the engine needs it (``area_path``: the area of a local target, else empty)."""

    code: str
    document: str
    comparator: str
    value: Decimal
    deadline: dt.date | None
    confidence: str
    title: str
    level: str = ""
    area_path: str = ""
    effective_from: dt.date = dt.date.min
    valid_to: dt.date | None = None


TargetRef = TargetSpec  # what a cell carries of its target: the same plain record


@dataclass(frozen=True)
class UnitRef:
    """A unit of a table: an area (and its subtree) as it stood at the reference date."""

    area_id: int
    code: str
    name: str
    level: str
    path: str

    @classmethod
    def of(cls, area: AreaLike) -> UnitRef:
        return cls(area.pk, area.code, area.name, area.level, area.path)


class AreaLike(Protocol):
    """What ``UnitRef.of`` reads: an ``Area`` row or an ``AreaRef``."""

    @property
    def pk(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def path(self) -> str: ...


EDUCATION_ORDER = tuple(v for v, _label in Education.choices if v)  # lowest first
THEORY_ORDER = tuple(v for v, _label in PoliticalTheory.choices if v)


def condition_for(indicator: IndicatorSpec, thresholds: Mapping[str, int]) -> Condition:
    """The condition of an indicator's numerator (age thresholds are data, per level)."""
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


def default_period(at: dt.date) -> tuple[dt.date, dt.date]:
    """The five calendar years up to the reference date: 25/9/2020 → 1/1/2015 – 25/9/2020."""
    return dt.date(at.year - 5, 1, 1), at


def in_population(indicator: IndicatorSpec, h: Holding, at: dt.date, period: tuple[dt.date, dt.date]) -> bool:
    """Whether a holding belongs to the indicator's population: held on ``at`` (or begun inside ``period``
    for "started" indicators), and passing its filters. Mirrors ``selectors.population_q``."""
    if indicator.population == PopulationKind.STARTED:
        if not period[0] <= h.start_date <= period[1]:
            return False
    elif not holds(at, h.start_date, h.end_date):
        return False
    return (
        (not indicator.scopes or any(s.holds(h) for s in indicator.scopes))
        and (not indicator.body_kinds or h.body_kind in indicator.body_kinds)
        and (indicator.key_post is None or h.is_key == indicator.key_post)
        and (indicator.leader is None or h.is_leader == indicator.leader)
        and (not indicator.start_reasons or h.start_reason in indicator.start_reasons)
    )


# --- cells: unit × indicator, with the target in force ------------------------------------------------
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


def units_of(path: str, by_path: Mapping[str, Sequence[UnitRef]]) -> list[UnitRef]:
    """Units whose path is a prefix of ``path`` ("/1/2/3/" → units at "/1/", "/1/2/", "/1/2/3/")."""
    found: list[UnitRef] = []
    end = path.find("/", 1)
    while end != -1:
        found.extend(by_path.get(path[: end + 1], ()))
        end = path.find("/", end + 1)
    return found


def target_for(targets: Iterable[TargetSpec], unit: UnitRef, at: dt.date) -> TargetSpec | None:
    """The target in force for ``unit`` on ``at``: a local target (deepest area) first, then the most recent."""
    best: tuple[int, dt.date, str] | None = None
    chosen = None
    for t in targets:
        if t.effective_from > at or (t.valid_to and t.valid_to < at):
            continue
        if t.level and t.level != unit.level:
            continue
        depth = 0
        if t.area_path:
            if not unit.path.startswith(t.area_path):
                continue
            depth = t.area_path.count("/")
        key = (depth, t.effective_from, t.code)
        if best is None or key > best:
            best, chosen = key, t
    return chosen


def status_and_gap(result: Share, target: TargetSpec | None) -> tuple[str, int | None]:
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


def target_chooser(targets: Sequence[TargetSpec], at: dt.date) -> Callable[[UnitRef], TargetSpec | None]:
    """``target_for`` for many units at one date, remembered per level (and per path when a local target
    exists): a national table asks the same question 3.321 times."""
    local = any(t.area_path for t in targets)
    memo: dict[tuple[str, str], TargetSpec | None] = {}

    def choose(ref: UnitRef) -> TargetSpec | None:
        key = (ref.level, ref.path if local else "")
        if key not in memo:
            memo[key] = target_for(targets, ref, at)
        return memo[key]

    return choose


def cell(
    ref: UnitRef,
    indicator: IndicatorSpec,
    at: dt.date,
    result: Share | None,
    in_force: TargetSpec | None,
    with_people: bool = True,
    note: str = "",
) -> Cell:
    """One unit × indicator from its counts (none: no data) and the target in force."""
    result = result or Share(0, 0, indicator.unit)
    status, gap = status_and_gap(result, in_force)
    return Cell(
        ref,
        indicator.code,
        indicator.name,
        indicator.unit,
        at,
        result.numerator,
        result.denominator,
        result.value,
        in_force,
        status,
        gap,
        result.numerator_people if with_people else (),
        result.denominator_people if with_people else (),
        note=note,
    )


def not_recorded_note() -> str:
    return _("Planning pools and candidate lists are not recorded yet.")


def table_cells(
    *,
    indicators: Sequence[IndicatorSpec],
    thresholds: Mapping[str, int],
    targets: Mapping[str, Sequence[TargetSpec]],
    units: Sequence[UnitRef],
    holdings: Iterable[Holding],
    at: dt.date,
    period: tuple[dt.date, dt.date],
    with_people: bool = True,
) -> list[Cell]:
    """Cells for every unit × indicator from the holdings of the table, read once: each holding goes to the
    units whose subtree holds its organization's area, then each indicator keeps its population of them."""
    by_path: dict[str, list[UnitRef]] = defaultdict(list)
    for ref in units:
        by_path[ref.path].append(ref)
    placed = [(h, units_of(h.area_path, by_path)) for h in holdings]
    cells: list[Cell] = []
    for indicator in indicators:
        choose = target_chooser(targets.get(indicator.code, ()), at)
        if not indicator.recorded:
            note = not_recorded_note()
            cells += [cell(r, indicator, at, None, choose(r), with_people, note) for r in units]
            continue
        members: dict[int, list[Holding]] = defaultdict(list)
        for h, refs in placed:
            if refs and in_population(indicator, h, at, period):
                for ref in refs:
                    members[ref.area_id].append(h)
        condition = condition_for(indicator, thresholds)
        results = {area_id: share(rows, condition, at, indicator.unit) for area_id, rows in members.items()}
        cells += [cell(r, indicator, at, results.get(r.area_id), choose(r), with_people) for r in units]
    return cells


# --- series across restructuring ----------------------------------------------------------------------
@dataclass(frozen=True)
class AreaRef:
    """An area as the series needs it: identity, place in the tree, validity."""

    pk: int
    code: str
    name: str
    level: str
    path: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def is_valid_on(self, at: dt.date) -> bool:
        return holds(at, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Succession:
    """The succession graph around an area: each area's predecessors (with the recorded share of a split)
    and how many successors each predecessor has (more than one: it was split)."""

    predecessors: Mapping[int, Sequence[tuple[AreaRef, Decimal | None]]]
    successor_count: Mapping[int, int]


def areas_at(area: AreaRef, at: dt.date, graph: Succession) -> tuple[list[AreaRef], list[str]]:
    """The areas that made up ``area`` on ``at``: itself when it existed, else its predecessors (followed
    back through the succession events). Flags name predecessors that were split (counted whole)."""
    if area.is_valid_on(at):
        return [area], []
    frontier: list[AreaRef] = [area]
    found: list[AreaRef] = []
    flags: list[str] = []
    seen: set[int] = set()
    while frontier:
        nxt: list[AreaRef] = []
        for current in frontier:
            for pred, part in graph.predecessors.get(current.pk, ()):
                if pred.pk in seen:
                    continue
                seen.add(pred.pk)
                if graph.successor_count.get(pred.pk, 0) > 1:
                    share_text = f"{part:.0%}" if part is not None else _("share unknown, counted whole")
                    flags.append(
                        _("%(area)s was split (%(share)s)") % {"area": pred.name, "share": share_text}
                    )
                (found if pred.is_valid_on(at) else nxt).append(pred)
        frontier = nxt
    return found, flags


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


def series_point(
    *,
    area: AreaRef,
    parts: Sequence[AreaRef],
    flags: Sequence[str],
    indicator: IndicatorSpec,
    thresholds: Mapping[str, int],
    targets: Sequence[TargetSpec],
    holdings: Iterable[Holding],
    at: dt.date,
    previous: tuple[str, ...] | None,
) -> SeriesPoint:
    """One point of a series: the indicator over the union of ``parts`` (people counted once), as one unit
    named after ``area``; the target is the one in force for the first part's place in the tree."""
    codes = tuple(sorted(a.code for a in parts))
    if not parts or not indicator.recorded:
        return SeriesPoint(at, codes, 0, 0, None, Status.NO_DATA, None, _broke(previous, codes), tuple(flags))
    period = default_period(at)
    rows = [h for h in holdings if in_population(indicator, h, at, period)]
    result = share(rows, condition_for(indicator, thresholds), at, indicator.unit)
    ref = UnitRef(-1, area.code, area.name, parts[0].level, parts[0].path)
    one = cell(ref, indicator, at, result, target_for(targets, ref, at))
    return SeriesPoint(
        at,
        codes,
        one.numerator,
        one.denominator,
        one.value,
        one.status,
        one.target,
        _broke(previous, codes),
        tuple(flags),
    )


def _broke(previous: tuple[str, ...] | None, codes: tuple[str, ...]) -> bool:
    return previous is not None and codes != previous
