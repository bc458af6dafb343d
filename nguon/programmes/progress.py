"""Progress of a joint programme: goal × year × unit, actual against target, with the records behind each actual.

``progress(programme=, scope=, at=)`` → :class:`Progress`; ``progress_json(p)`` → a JSON-ready dict.

Semantics (decided here, documented for the pages, the API and the CLI):

- years: every calendar year of the programme's period. Nothing dated after ``at`` (default: today) counts;
  a year after ``at`` shows its target with the actual of the records up to ``at``.
- target of a YEAR goal in year Y: the YearTarget of Y's YearPlan if any, else ``goal.target``. A PERIOD goal
  has one row with ``year=None`` (whole period, the target) and one row per year for information (target
  None, met None).
- ACTIVITIES: the programme's activities (``activity.programme``) of the goal's type (a group counts its
  kinds; no type: all); an activity linked to the goal (``activity.goal``) counts in any case.
  ACTIVITIES_PER_UNIT: the same activities, judged in each unit (an area directly under the programme's
  area, valid in that year); an activity belongs to the unit whose subtree holds its place; a summary row
  (``unit_id=None``, actual = units meeting the target, target = units) per year.
  PARTICIPANTS: the sum of ``activity.participants``. OUTPUT: the sum of the goal's output kind's quantities.
  An activity counts in the year of its start date.
- TRAINED: women (young only when ``goal.young_only``) who completed a course (Participation COMPLETED,
  ``completed_on`` in the year, ≤ ``at``) organized by an organization in the programme's area subtree or by
  a party; each woman once a year. NOMINATED: women (young …) on candidate lists of bodies of organizations in
  the area subtree (or a party) whose election date falls in the year; each woman once a year.
  "Young": under the largest age threshold of the indicators (``AgeThreshold.years``; 35 without any) at the
  completion / election date — the pipeline's thresholds (cán bộ trẻ).
- scope: actuals count what the scope counts (activities_q / people_q at ANALYSE); ``records`` hold the ids
  the scope may see (VIEW); ``hidden`` counts the others. No names.
- a fixed handful of queries per programme, whatever the number of activities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from nguon.areas.models import Area
from nguon.core.scope import Level, Scope
from nguon.people.conditions import latest_birth_date_under
from nguon.people.selectors import people_readable

from .choices import GoalMeasure, TargetPeriod
from .models import Activity, ActivityOutput, Goal, Programme, YearTarget
from .selectors import activities_q

DEFAULT_YOUNG_YEARS = 35
ZERO = Decimal(0)


@dataclass(frozen=True)
class Cell:
    year: int | None
    unit_id: int | None
    unit_name: str
    target: Decimal | None
    actual: Decimal
    met: bool | None
    records: list[int] = field(default_factory=list)
    hidden: int = 0
    summary: bool = False  # the per-year summary row of a per-unit goal (units meeting / units)


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    rows: list[Cell]
    record_kind: str = "activity"  # activity | participation | candidacy


@dataclass(frozen=True)
class Progress:
    programme: Programme
    years: list[int]
    goals: list[GoalProgress]
    at: dt.date


@dataclass
class _Acc:
    actual: Decimal = ZERO
    records: list[int] = field(default_factory=list)
    hidden: int = 0
    seen: set[int] = field(default_factory=set)


def _young_years() -> int:
    from nguon.indicators.models import AgeThreshold

    years = list(AgeThreshold.objects.values_list("years", flat=True))
    return max(years) if years else DEFAULT_YOUNG_YEARS


def _met(actual: Decimal, target: Decimal | None) -> bool | None:
    return None if target is None else actual >= target


def _type_ids(goal: Goal, types: dict[int, int | None]) -> set[int] | None:
    if goal.activity_type_id is None:
        return None
    return {
        tid
        for tid, parent in types.items()
        if tid == goal.activity_type_id or parent == goal.activity_type_id
    }


def progress(*, programme: Programme, scope: Scope, at: dt.date | None = None) -> Progress:
    at = at or timezone.localdate()
    years = list(range(programme.start_date.year, programme.end_date.year + 1))
    last = min(at, programme.end_date)
    goals = list(
        Goal.objects.filter(programme=programme).select_related("activity_type").order_by("position", "id")
    )
    year_targets: dict[tuple[int, int], Decimal] = {
        (row["goal_id"], row["plan__year"]): row["target"]
        for row in YearTarget.objects.filter(plan__programme=programme).values(
            "goal_id", "plan__year", "target"
        )
    }
    measures = {g.measure for g in goals}
    activity_measures = {
        GoalMeasure.ACTIVITIES,
        GoalMeasure.ACTIVITIES_PER_UNIT,
        GoalMeasure.PARTICIPANTS,
        GoalMeasure.OUTPUT,
    }

    acts: list[dict[str, Any]] = []
    visible: set[int] = set()
    outputs: dict[tuple[int, int], Decimal] = {}
    types: dict[int, int | None] = {}
    if measures & activity_measures:
        from .models import ActivityType

        types = dict(ActivityType.objects.values_list("id", "parent_id"))
        base = Activity.objects.filter(
            programme=programme, start_date__gte=programme.start_date, start_date__lte=last
        )
        counted = base.filter(pk__in=Activity.objects.filter(activities_q(scope, Level.ANALYSE)).values("pk"))
        acts = [
            dict(r)
            for r in counted.values("id", "type_id", "goal_id", "start_date", "area__path", "participants")
        ]
        if scope.unrestricted:
            visible = {a["id"] for a in acts}
        else:
            visible = set(
                counted.filter(
                    pk__in=Activity.objects.filter(activities_q(scope, Level.VIEW)).values("pk")
                ).values_list("id", flat=True)
            )
        if GoalMeasure.OUTPUT in measures:
            outputs = {
                (row["activity_id"], row["kind_id"]): row["quantity"]
                for row in ActivityOutput.objects.filter(activity__in=counted).values(
                    "activity_id", "kind_id", "quantity"
                )
            }

    units: list[dict[str, Any]] = []
    if GoalMeasure.ACTIVITIES_PER_UNIT in measures:
        units = [
            dict(u)
            for u in Area.objects.filter(parent=programme.area)
            .order_by("code", "valid_from", "id")
            .values("id", "name", "path", "valid_from", "valid_to")
        ]

    people_rows: dict[str, list[dict[str, Any]]] = {}
    if measures & {GoalMeasure.TRAINED, GoalMeasure.NOMINATED}:
        people_rows = _people_rows(programme, scope, last, measures)
    young_years = _young_years() if any(g.young_only for g in goals) else DEFAULT_YOUNG_YEARS

    result: list[GoalProgress] = []
    for goal in goals:
        result.append(
            _goal_progress(
                goal,
                years,
                year_targets,
                acts,
                visible,
                outputs,
                types,
                units,
                people_rows,
                young_years,
                scope,
            )
        )
    return Progress(programme=programme, years=years, goals=result, at=at)


def _people_rows(
    programme: Programme, scope: Scope, last: dt.date, measures: set[str]
) -> dict[str, list[dict[str, Any]]]:
    from nguon.elections.models import Candidacy
    from nguon.people.choices import Sex as PersonSex
    from nguon.training.choices import Result
    from nguon.training.models import Participation

    parties = list(programme.organizations.values_list("id", flat=True))
    path = programme.area.path
    rows: dict[str, list[dict[str, Any]]] = {}
    if GoalMeasure.TRAINED in measures:
        org = "session__course__organizer"
        qs = Participation.objects.filter(
            Q(**{f"{org}__area__path__startswith": path}) | Q(**{f"{org}__in": parties}),
            result=Result.COMPLETED,
            completed_on__gte=programme.start_date,
            completed_on__lte=last,
            person__sex=PersonSex.FEMALE,
        )
        rows["trained"] = _scoped_rows(qs, scope, "completed_on")
    if GoalMeasure.NOMINATED in measures:
        org = "candidate_list__term__body__organization"
        qs2 = Candidacy.objects.filter(
            Q(**{f"{org}__area__path__startswith": path}) | Q(**{f"{org}__in": parties}),
            candidate_list__election_date__gte=programme.start_date,
            candidate_list__election_date__lte=last,
            person__sex=PersonSex.FEMALE,
        )
        rows["nominated"] = _scoped_rows(qs2, scope, "candidate_list__election_date")
    return rows


def _scoped_rows(qs: Any, scope: Scope, date_field: str) -> list[dict[str, Any]]:
    rows = list(qs.distinct().values("id", "person_id", "person__birth_date", date_field))
    named: set[int] = set()
    if not scope.unrestricted:
        # the rows first, then only their people against the scope (people_q over a province's scope built
        # every person of it first: 10 s for a ward officer, bench/run-programmes)
        ids = {r["person_id"] for r in rows}
        counted = people_readable(scope=scope, person_ids=ids, level=Level.ANALYSE)
        named = people_readable(scope=scope, person_ids=counted, level=Level.VIEW)
        rows = [r for r in rows if r["person_id"] in counted]
    for r in rows:
        r["date"] = r.pop(date_field)
        r["visible"] = scope.unrestricted or r["person_id"] in named
    return sorted(rows, key=lambda r: (r["date"], r["id"]))


def _goal_progress(
    goal: Goal,
    years: list[int],
    year_targets: dict[tuple[int, int], Decimal],
    acts: list[dict[str, Any]],
    visible: set[int],
    outputs: dict[tuple[int, int], Decimal],
    types: dict[int, int | None],
    units: list[dict[str, Any]],
    people_rows: dict[str, list[dict[str, Any]]],
    young_years: int,
    scope: Scope,
) -> GoalProgress:
    per_year: dict[int, _Acc] = defaultdict(_Acc)
    per_unit: dict[tuple[int, int], _Acc] = defaultdict(_Acc)
    kind = "activity"
    if goal.measure in (GoalMeasure.TRAINED, GoalMeasure.NOMINATED):
        kind = "participation" if goal.measure == GoalMeasure.TRAINED else "candidacy"
        for r in people_rows.get(str(goal.measure), []):
            if goal.young_only and not r["person__birth_date"] > latest_birth_date_under(
                r["date"], young_years
            ):
                continue
            acc = per_year[r["date"].year]
            if r["person_id"] in acc.seen:
                continue
            acc.seen.add(r["person_id"])
            acc.actual += 1
            if r["visible"]:
                acc.records.append(r["id"])
            else:
                acc.hidden += 1
    else:
        wanted = _type_ids(goal, types)
        for a in acts:
            if not (wanted is None or a["type_id"] in wanted or a["goal_id"] == goal.pk):
                continue
            if goal.measure == GoalMeasure.PARTICIPANTS:
                value = Decimal(a["participants"] or 0)
            elif goal.measure == GoalMeasure.OUTPUT:
                if goal.output_kind_id is None or (a["id"], goal.output_kind_id) not in outputs:
                    continue
                value = outputs[(a["id"], goal.output_kind_id)]
            else:
                value = Decimal(1)
            year = a["start_date"].year
            targets = [per_year[year]]
            if goal.measure == GoalMeasure.ACTIVITIES_PER_UNIT:
                for u in units:
                    if a["area__path"].startswith(u["path"]) and _valid_in(u, year):
                        targets.append(per_unit[(year, u["id"])])
                        break
            for acc in targets:
                acc.actual += value
                if a["id"] in visible:
                    acc.records.append(a["id"])
                else:
                    acc.hidden += 1

    rows: list[Cell] = []

    def target_of(year: int) -> Decimal:
        return year_targets.get((goal.pk, year), goal.target)

    if goal.period == TargetPeriod.PERIOD:
        total = _Acc()
        for y in years:
            acc = per_year[y]
            total.actual += acc.actual
            total.records += acc.records
            total.hidden += acc.hidden
        rows.append(
            Cell(
                None,
                None,
                "",
                goal.target,
                total.actual,
                _met(total.actual, goal.target),
                total.records,
                total.hidden,
            )
        )
        for y in years:
            acc = per_year[y]
            rows.append(Cell(y, None, "", None, acc.actual, None, acc.records, acc.hidden))
    elif goal.measure == GoalMeasure.ACTIVITIES_PER_UNIT:
        for y in years:
            target = target_of(y)
            valid = [u for u in units if _valid_in(u, y)]
            meeting = 0
            cells = []
            for u in valid:
                acc = per_unit[(y, u["id"])]
                met = acc.actual >= target
                meeting += met
                cells.append(Cell(y, u["id"], u["name"], target, acc.actual, met, acc.records, acc.hidden))
            rows.append(
                Cell(
                    y,
                    None,
                    "",
                    Decimal(len(valid)),
                    Decimal(meeting),
                    meeting == len(valid) if valid else None,
                    [],
                    0,
                    summary=True,
                )
            )
            rows.extend(cells)
    else:
        for y in years:
            acc = per_year[y]
            target = target_of(y)
            rows.append(
                Cell(y, None, "", target, acc.actual, _met(acc.actual, target), acc.records, acc.hidden)
            )
    return GoalProgress(goal=goal, rows=rows, record_kind=kind)


def _valid_in(unit: dict[str, Any], year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (unit["valid_from"] is None or unit["valid_from"] <= end) and (
        unit["valid_to"] is None or unit["valid_to"] >= start
    )


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def progress_json(p: Progress) -> dict[str, Any]:
    """JSON-ready: numbers as numbers, dates ISO, no names of people."""
    return {
        "programme": {
            "id": p.programme.pk,
            "title": p.programme.title,
            "number": p.programme.number,
            "start_date": p.programme.start_date.isoformat(),
            "end_date": p.programme.end_date.isoformat(),
        },
        "at": p.at.isoformat(),
        "years": p.years,
        "goals": [
            {
                "id": g.goal.pk,
                "position": g.goal.position,
                "text": g.goal.text,
                "measure": g.goal.measure,
                "period": g.goal.period,
                "unit": g.goal.unit,
                "record_kind": g.record_kind,
                "rows": [
                    {
                        "year": c.year,
                        "unit_id": c.unit_id,
                        "unit_name": c.unit_name,
                        "summary": c.summary,
                        "target": _number(c.target),
                        "actual": _number(c.actual),
                        "met": c.met,
                        "records": c.records,
                        "hidden": c.hidden,
                    }
                    for c in g.rows
                ],
            }
            for g in p.goals
        ],
    }
