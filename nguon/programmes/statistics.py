"""Statistics of activities for reports (issue 11 §5): counts only, never names or person ids.

Every function reads at ``Level.ANALYSE`` (``selectors.activities_q(scope, Level.ANALYSE)``: the activities
whose organizer is inside the scope's analysis area; everything for an unrestricted scope) and takes the same
filters, all keyword-only:

- ``scope``: the reader's scope;
- ``area``: only activities held in this area's subtree (``Activity.area``); None: wherever they were held;
- ``start`` / ``end``: only activities whose start date falls in [start, end] (either may be None);
- ``programme``: only the activities linked to this programme.

An activity counts in the year of its start date. Each function runs a fixed handful of queries (grouped with
``values().annotate()``), whatever the number of activities. Every result has ``as_json()`` (a JSON-ready
dict: Decimals as strings, no dates).

``activity_counts(...) -> ActivityCounts``
    Activities by type (each group, then its kinds) × year, and by unit × year, with totals. A **unit** is
    an area directly under ``area`` (any validity: a merged ward keeps its past activities); an activity
    belongs to the unit whose subtree holds its place, or to ``area`` itself when held at that level (a row
    named after ``area``). Without ``area``: the units are the outermost areas of the scope's analysis area,
    or, when it is one area, the areas directly under it (as if ``area`` were that area); for an unrestricted
    scope the top-level areas (the whole country by province).
``participant_counts(...) -> ParticipantCounts``
    Participants by sex (female, male, unknown) × age group (``choices.AgeGroup``). Counted activities: their
    ``ActivityCount`` rows. Named activities: from the people (``Person.sex`` "F" → female, "M" → male, else
    unknown; age at the activity's start date via ``age_on`` and ``choices.AGE_BOUNDS``, unknown without a
    birth date); each person once per activity. Participants an activity records without a split (a typed
    total without counts) count as unknown × unknown, so that ``total`` is the sum of
    ``Activity.participants`` of the activities counted.
``output_totals(...) -> list[OutputTotal]``
    Per output kind (every kind, in the taxonomy's order, zeros included): name, unit, is_money, the total
    quantity and the number of activities reporting it.
``goals_against_actuals(programme, scope, at=None) -> progress.Progress``
    A programme's goals against actuals (``progress.progress``; ``progress.progress_json`` for JSON).
``statistics_json(...) -> dict``
    The three tables above in one JSON-ready dict (the API's and the Word report's shape).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from nguon.areas.models import Area
from nguon.core.intervals import age_on
from nguon.core.scope import Level, Scope

from .choices import AGE_BOUNDS, AgeGroup, ParticipantMode, Sex
from .models import (
    Activity,
    ActivityCount,
    ActivityOutput,
    ActivityParticipant,
    ActivityType,
    OutputKind,
    Programme,
)
from .progress import Progress, progress
from .selectors import activities_q

SEXES: tuple[str, ...] = tuple(s.value for s in Sex)
AGE_GROUPS: tuple[str, ...] = tuple(a.value for a in AgeGroup)
PERSON_SEX = {"F": Sex.FEMALE.value, "M": Sex.MALE.value}


# --- results ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TypeCount:
    """One row of activities by type: a group (``is_group``) or one of its kinds; ``counts`` by year."""

    type_id: int
    code: str
    name: str
    is_group: bool
    group_code: str
    counts: tuple[int, ...]
    total: int

    def as_json(self) -> dict[str, Any]:
        return {
            "type_id": self.type_id,
            "code": self.code,
            "name": self.name,
            "is_group": self.is_group,
            "group_code": self.group_code,
            "counts": list(self.counts),
            "total": self.total,
        }


@dataclass(frozen=True)
class UnitCount:
    """One row of activities by unit (an area); ``counts`` by year."""

    area_id: int
    code: str
    name: str
    counts: tuple[int, ...]
    total: int

    def as_json(self) -> dict[str, Any]:
        return {
            "area_id": self.area_id,
            "code": self.code,
            "name": self.name,
            "counts": list(self.counts),
            "total": self.total,
        }


@dataclass(frozen=True)
class ActivityCounts:
    years: tuple[int, ...]
    types: tuple[TypeCount, ...]  # each group followed by its kinds; only rows with activities
    units: tuple[UnitCount, ...]  # every unit, zeros included
    by_year: tuple[int, ...]  # totals by year
    total: int

    def as_json(self) -> dict[str, Any]:
        return {
            "years": list(self.years),
            "types": [t.as_json() for t in self.types],
            "units": [u.as_json() for u in self.units],
            "by_year": list(self.by_year),
            "total": self.total,
        }


@dataclass(frozen=True)
class SexRow:
    sex: str  # Sex value
    counts: tuple[int, ...]  # by age group, in AGE_GROUPS order
    total: int

    def as_json(self) -> dict[str, Any]:
        return {"sex": self.sex, "counts": list(self.counts), "total": self.total}


@dataclass(frozen=True)
class ParticipantCounts:
    age_groups: tuple[str, ...]
    rows: tuple[SexRow, ...]  # female, male, unknown
    by_age: tuple[int, ...]  # totals by age group
    total: int
    activities: int  # the activities counted

    def cell(self, sex: str, age_group: str) -> int:
        row = next(r for r in self.rows if r.sex == sex)
        return row.counts[self.age_groups.index(age_group)]

    def as_json(self) -> dict[str, Any]:
        return {
            "age_groups": list(self.age_groups),
            "rows": [r.as_json() for r in self.rows],
            "by_age": list(self.by_age),
            "total": self.total,
            "activities": self.activities,
        }


@dataclass(frozen=True)
class OutputTotal:
    kind_id: int
    code: str
    name: str
    unit: str
    is_money: bool
    quantity: Decimal
    activities: int

    def as_json(self) -> dict[str, Any]:
        return {
            "kind_id": self.kind_id,
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "is_money": self.is_money,
            "quantity": f"{self.quantity.normalize():f}",  # "140", never "140.00"
            "activities": self.activities,
        }


# --- the activities counted ---------------------------------------------------------------------------------
def counted_activities(
    *,
    scope: Scope,
    area: Area | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme: Programme | None = None,
) -> QuerySet[Activity]:
    """The activities the statistics count (no query runs until the queryset is used)."""
    qs = Activity.objects.filter(
        pk__in=Activity.objects.filter(activities_q(scope, Level.ANALYSE)).values("pk")
    )
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if start is not None:
        qs = qs.filter(start_date__gte=start)
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs


def _units(scope: Scope, area: Area | None) -> list[Area]:
    if area is not None:
        return [area, *Area.objects.filter(parent=area).order_by("path", "name", "id")]
    if scope.unrestricted:
        return list(Area.objects.filter(parent__isnull=True).order_by("path", "name", "id"))
    paths = sorted({p for g in scope.grants if g.allows(Level.ANALYSE) for p in g.paths_for(Level.ANALYSE)})
    outer = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    areas = list(Area.objects.filter(path__in=outer).order_by("path", "name", "id"))
    if len(areas) == 1:  # one analysis area (a district): its wards are the units
        return [areas[0], *Area.objects.filter(parent=areas[0]).order_by("path", "name", "id")]
    return areas


def _unit_of(path: str, units: list[Area], area: Area | None) -> int | None:
    best: Area | None = None
    for unit in units:
        if path.startswith(unit.path) and (best is None or len(unit.path) > len(best.path)):
            best = unit
    return best.pk if best is not None else None


def activity_counts(
    *,
    scope: Scope,
    area: Area | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme: Programme | None = None,
) -> ActivityCounts:
    """Activities by type group and kind × year and by unit × year (see the module's docstring)."""
    qs = counted_activities(scope=scope, area=area, start=start, end=end, programme=programme)
    grouped: list[Any] = list(
        qs.annotate(year=ExtractYear("start_date"))
        .values("type_id", "year", "area__path")
        .annotate(n=Count("id"))
        .order_by()
    )
    years = tuple(sorted({int(r["year"]) for r in grouped}))
    index = {y: i for i, y in enumerate(years)}
    types = list(
        ActivityType.objects.values("id", "code", "name", "parent_id", "position").order_by("position", "id")
    )
    by_id: dict[int, Any] = {t["id"]: t for t in types}
    units = _units(scope, area)

    by_type: dict[int, list[int]] = defaultdict(lambda: [0] * len(years))
    by_unit: dict[int, list[int]] = defaultdict(lambda: [0] * len(years))
    by_year = [0] * len(years)
    for r in grouped:
        i, n = index[int(r["year"])], r["n"]
        by_year[i] += n
        by_type[r["type_id"]][i] += n
        parent = by_id.get(r["type_id"], {}).get("parent_id")
        if parent is not None:
            by_type[parent][i] += n
        unit_id = _unit_of(r["area__path"] or "", units, area)
        if unit_id is not None:
            by_unit[unit_id][i] += n

    rows: list[TypeCount] = []
    for group in (t for t in types if t["parent_id"] is None):
        if group["id"] not in by_type:
            continue
        counts = by_type[group["id"]]
        rows.append(_type_row(group, group, counts))
        for kind in (t for t in types if t["parent_id"] == group["id"]):
            if kind["id"] in by_type:
                rows.append(_type_row(kind, group, by_type[kind["id"]]))
    unit_rows = []
    for unit in units:
        counts = by_unit.get(unit.pk, [0] * len(years))
        if not any(counts) and any(o.path != unit.path and o.path.startswith(unit.path) for o in units):
            continue  # nothing held at the level of the area above the units itself
        unit_rows.append(
            UnitCount(
                area_id=unit.pk, code=unit.code, name=unit.name, counts=tuple(counts), total=sum(counts)
            )
        )
    return ActivityCounts(
        years=years, types=tuple(rows), units=tuple(unit_rows), by_year=tuple(by_year), total=sum(by_year)
    )


def _type_row(t: Any, group: Any, counts: list[int]) -> TypeCount:
    return TypeCount(
        type_id=t["id"],
        code=t["code"],
        name=t["name"],
        is_group=t["parent_id"] is None,
        group_code=group["code"],
        counts=tuple(counts),
        total=sum(counts),
    )


def age_group(birth_date: dt.date | None, at: dt.date) -> str:
    """The age group (``AgeGroup`` value) of someone born on ``birth_date`` at ``at``."""
    if birth_date is None:
        return AgeGroup.UNKNOWN.value
    age = age_on(birth_date, at)
    for group, low, high in AGE_BOUNDS:
        if low <= age <= high:
            return group
    return AgeGroup.UNKNOWN.value


def participant_counts(
    *,
    scope: Scope,
    area: Area | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme: Programme | None = None,
) -> ParticipantCounts:
    """Participants by sex × age group (see the module's docstring). Four queries."""
    qs = counted_activities(scope=scope, area=area, start=start, end=end, programme=programme)
    ids = qs.values("pk")
    cells: dict[tuple[str, str], int] = defaultdict(int)
    row: Any
    for row in (
        ActivityCount.objects.filter(activity__in=ids, activity__participant_mode=ParticipantMode.COUNTED)
        .values("sex", "age_group")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        cells[(row["sex"], row["age_group"])] += row["n"] or 0
    for row in (
        ActivityParticipant.objects.filter(activity__in=ids, activity__participant_mode=ParticipantMode.NAMED)
        .values("activity_id", "activity__start_date", "person__sex", "person__birth_date")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    ):
        sex = PERSON_SEX.get(row["person__sex"] or "", Sex.UNKNOWN.value)
        cells[(sex, age_group(row["person__birth_date"], row["activity__start_date"]))] += row["n"]
    totals = qs.aggregate(total=Sum("participants"), activities=Count("id"))
    total = totals["total"] or 0
    split = sum(cells.values())
    if total > split:  # typed totals without a split
        cells[(Sex.UNKNOWN.value, AgeGroup.UNKNOWN.value)] += total - split
    rows = tuple(
        SexRow(
            sex=sex,
            counts=tuple(cells[(sex, a)] for a in AGE_GROUPS),
            total=sum(cells[(sex, a)] for a in AGE_GROUPS),
        )
        for sex in SEXES
    )
    by_age = tuple(sum(cells[(s, a)] for s in SEXES) for a in AGE_GROUPS)
    return ParticipantCounts(
        age_groups=AGE_GROUPS, rows=rows, by_age=by_age, total=sum(by_age), activities=totals["activities"]
    )


def output_totals(
    *,
    scope: Scope,
    area: Area | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme: Programme | None = None,
) -> list[OutputTotal]:
    """Per output kind: the total quantity and the number of activities reporting it. Two queries."""
    ids = counted_activities(scope=scope, area=area, start=start, end=end, programme=programme).values("pk")
    sums: dict[int, Any] = {
        r["kind_id"]: r
        for r in ActivityOutput.objects.filter(activity__in=ids)
        .values("kind_id")
        .annotate(q=Sum("quantity"), n=Count("activity_id", distinct=True))
        .order_by()
    }
    out = []
    for kind in OutputKind.objects.order_by("position", "id"):
        r: dict[str, Any] = sums.get(kind.pk, {})
        out.append(
            OutputTotal(
                kind_id=kind.pk,
                code=kind.code,
                name=kind.name,
                unit=kind.unit,
                is_money=kind.is_money,
                quantity=Decimal(r.get("q") or 0),
                activities=r.get("n") or 0,
            )
        )
    return out


def goals_against_actuals(programme: Programme, scope: Scope, at: dt.date | None = None) -> Progress:
    """A programme's goals against actuals, for reports: ``progress.progress`` as it is."""
    return progress(programme=programme, scope=scope, at=at)


def statistics_json(
    *,
    scope: Scope,
    area: Area | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme: Programme | None = None,
) -> dict[str, Any]:
    """The three tables in one JSON-ready dict."""
    f: dict[str, Any] = {"scope": scope, "area": area, "start": start, "end": end, "programme": programme}
    return {
        "activities": activity_counts(**f).as_json(),
        "participants": participant_counts(**f).as_json(),
        "outputs": [o.as_json() for o in output_totals(**f)],
    }


__all__ = [
    "ActivityCounts",
    "OutputTotal",
    "ParticipantCounts",
    "SexRow",
    "TypeCount",
    "UnitCount",
    "activity_counts",
    "age_group",
    "counted_activities",
    "goals_against_actuals",
    "output_totals",
    "participant_counts",
    "statistics_json",
]
