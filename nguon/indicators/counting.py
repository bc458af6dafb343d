"""Counting in the database, for tables too large to bring their holdings into Python: the national table
without people lists (``evaluate(..., with_people=False)``), 3.321 communes × the catalogue.

The holdings of the table are read **once per date** — one ``CREATE TEMPORARY TABLE … AS`` of the tenures
of the units' organizations held on the date or begun in the period, with the facts the populations and
numerators need — and each indicator is then one small ``GROUP BY`` unit over that table. The populations
and numerators are the engine's (``engine.in_population``, ``people.conditions``) written as SQL over the
table's columns; a property test holds the two paths to the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from nguon.areas.choices import AreaLevel
from nguon.core.intervals import active_q
from nguon.organizations.models import Tenure
from nguon.people.conditions import FEMALE, MAJORITY_ETHNICITY, latest_birth_date_under

from .choices import Numerator, PopulationKind
from .engine import EDUCATION_ORDER, THEORY_ORDER, IndicatorSpec, Share, Unit, UnitRef
from .selectors import filters_q, subtree_q, when_q

TABLE = "indicator_holdings"
_AREA = "post__organization__area"
# column of the temporary table -> the tenure's path to it
_COLUMNS = {
    "h_person": "person_id",
    "h_post": "post_id",
    "h_org": "post__organization_id",
    "h_level": f"{_AREA}__level",
    "h_org_kind": "post__organization__kind",
    "h_sector": "post__organization__sector",
    "h_body_kind": "post__body__kind",
    "h_key": "post__is_key",
    "h_leader": "post__is_leader",
    "h_reason": "start_reason",
    "h_sex": "person__sex",
    "h_birth": "person__birth_date",
    "h_ethnicity": "person__ethnicity",
    "h_education": "person__education",
    "h_theory": "person__political_theory",
}
_COUNTED = {
    Unit.PEOPLE: ("h_person",),
    Unit.SEATS: ("h_person", "h_post", "h_term"),
    Unit.ORGANIZATIONS: ("h_org",),
}


_DEPTH = {level: depth for depth, (level, _label) in enumerate(AreaLevel.choices)}


def _reachable(indicator: IndicatorSpec, level: str) -> bool:
    """Whether a unit at ``level`` can hold any of the indicator's population: its organizations are at the
    unit's level or below, so an indicator of province organizations has nothing in a commune."""
    depth = _DEPTH.get(level, 0)
    return not indicator.scopes or any(
        not s.levels or any(_DEPTH.get(lv, len(_DEPTH)) >= depth for lv in s.levels) for s in indicator.scopes
    )


def _unit_column(level: str) -> str:
    return f"u_{level}"


def _unit_key(level: str) -> Case:
    """The id of the area at ``level`` above (or at) a tenure's organization's area."""
    chain = [_AREA, f"{_AREA}__parent", f"{_AREA}__parent__parent"]
    return Case(
        *[When(**{f"{a}__level": level}, then=F(f"{a}_id" if a == _AREA else f"{a}__id")) for a in chain],
        default=Value(None),
        output_field=IntegerField(),
    )


def _flag(q: Q) -> Case:
    return Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())


def _fill_sql(
    *,
    indicators: Sequence[IndicatorSpec],
    levels: Sequence[str],
    paths: Sequence[str],
    at: dt.date,
    period: tuple[dt.date, dt.date],
) -> tuple[str, tuple[Any, ...]]:
    """The one read of the table's holdings, compiled by the ORM."""
    started = any(i.population == PopulationKind.STARTED for i in indicators)
    active = any(i.population != PopulationKind.STARTED for i in indicators)
    q = subtree_q(paths) & when_q(at=at, period=period, started=started, active=active)
    filters = [filters_q(i) for i in indicators]
    if all(filters):  # every indicator filters: read only the union of their populations
        union = Q()
        for f in filters:
            union |= f
        q &= union
    rows = Tenure.objects.filter(q)
    units: dict[str, Any] = {}
    if list(levels) == ["commune"]:
        # The lowest level has nothing below it: the unit is the organization's own area (no CASE, no joins
        # to the parents), and that area is valid on the date like the units (a selective start).
        valid = active_q(at, f"{_AREA}__valid_from", f"{_AREA}__valid_to", start_nullable=True)
        rows = rows.filter(valid, **{f"{_AREA}__level": "commune"})
        units[_unit_column("commune")] = F(f"{_AREA}_id")
    else:
        units = {_unit_column(level): _unit_key(level) for level in levels}
    rows = rows.annotate(
        **units,
        **{name: F(path) for name, path in _COLUMNS.items()},
        h_term=Coalesce("term_id", 0),
        h_active=_flag(active_q(at)),
        h_started=_flag(Q(start_date__gte=period[0], start_date__lte=period[1])),
    )
    names = [*units, *_COLUMNS, "h_term", "h_active", "h_started"]
    sql, params = rows.values(*names).order_by().query.sql_with_params()
    return sql, tuple(params)


def _in(column: str, values: Sequence[Any], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _population_sql(indicator: IndicatorSpec, params: list[Any]) -> str:
    """``engine.in_population`` over the table's columns."""
    parts = ["h_started = 1" if indicator.population == PopulationKind.STARTED else "h_active = 1"]
    if indicator.scopes:
        any_scope = []
        for scope in indicator.scopes:
            one = ["1 = 1"]
            for column, values in (
                ("h_level", scope.levels),
                ("h_org_kind", scope.kinds),
                ("h_sector", scope.sectors),
            ):
                if values:
                    one.append(_in(column, values, params))
            any_scope.append("(" + " AND ".join(one) + ")")
        parts.append("(" + " OR ".join(any_scope) + ")")
    if indicator.body_kinds:
        parts.append(_in("h_body_kind", indicator.body_kinds, params))
    for column, wanted in (("h_key", indicator.key_post), ("h_leader", indicator.leader)):
        if wanted is not None:
            parts.append(f"{column} = %s")
            params.append(wanted)
    if indicator.start_reasons:
        parts.append(_in("h_reason", indicator.start_reasons, params))
    return " AND ".join(parts)


def _date(value: dt.date) -> Any:
    return value.isoformat() if connection.vendor == "sqlite" else value


def _numerator_sql(
    indicator: IndicatorSpec, thresholds: Mapping[str, int], at: dt.date, params: list[Any]
) -> str:
    """The numerator's condition (``people.conditions``) over the table's columns."""
    female = f"h_sex = '{FEMALE}'"

    def young() -> str:
        parts = []
        for level, years in sorted(thresholds.items()):
            parts.append("(h_level = %s AND h_birth > %s)")
            params.extend([level, _date(latest_birth_date_under(at, years))])
        return "(" + (" OR ".join(parts) or "1 = 0") + ")"

    def at_least(column: str, order: tuple[str, ...]) -> str:
        if indicator.numerator_value not in order:
            return "1 = 0"
        return _in(column, order[order.index(indicator.numerator_value) :], params)

    match indicator.numerator:
        case Numerator.FEMALE:
            return female
        case Numerator.YOUNG:
            return young()
        case Numerator.YOUNG_FEMALE:
            return f"{female} AND {young()}"
        case Numerator.ETHNIC_MINORITY:
            return f"h_ethnicity <> '' AND LOWER(h_ethnicity) <> '{MAJORITY_ETHNICITY}'"
        case Numerator.EDUCATION:
            return at_least("h_education", EDUCATION_ORDER)
        case Numerator.THEORY:
            return at_least("h_theory", THEORY_ORDER)
    raise ValueError(indicator.numerator)


# PostgreSQL, for this transaction only: these are short analytical queries that JIT compiles slower than
# it runs them, and whose GROUP BYs (a few hundred thousand holdings) fit in memory with a little more.
POSTGRESQL_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


@contextmanager
def _holdings(
    sql: str, params: tuple[Any, ...], *, materialize: bool
) -> Iterator[tuple[Any, str, list[Any]]]:
    """The table's holdings for the GROUP BYs: a temporary table filled once when several queries read
    them, else the read itself as a subquery of the one query (materializing it would cost more)."""
    # A transaction for PostgreSQL's SET LOCAL; none on SQLite, where it would take the write lock
    # (BEGIN IMMEDIATE) for a read: the temporary table lives in SQLite's own temp database.
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cur:
        if postgresql:
            for setting in POSTGRESQL_SETTINGS:
                cur.execute(setting)
        if not materialize:
            yield cur, f"({sql}) {TABLE}", list(params)
            return
        cur.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cur.execute(f"CREATE TEMPORARY TABLE {TABLE} AS {sql}", params)
        try:
            yield cur, TABLE, []
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {TABLE}")


def _count_sql(
    *,
    level: str,
    count_unit: Unit,
    populations: Sequence[tuple[str, list[Any], list[IndicatorSpec]]],
    thresholds: Mapping[str, int],
    at: dt.date,
    source: str,
) -> tuple[str, list[Any], list[Any]]:
    """One GROUP BY for every population counted in ``count_unit`` at ``level``: per unit and counted thing
    (person, seat or organization), whether it is in each population and whether it meets each numerator
    there (any of its holdings); then per unit, the sums. Returns the SQL, the select list's parameters and
    the WHERE's (the holdings' own, when read inline, come between)."""
    unit = _unit_column(level)
    inner: list[str] = []
    outer: list[str] = []
    params: list[Any] = []
    for k, (where, where_params, members) in enumerate(populations):
        inner.append(f"MAX(CASE WHEN {where} THEN 1 ELSE 0 END) AS in{k}")
        params.extend(where_params)
        outer.append(f"SUM(in{k})")
        for n, indicator in enumerate(members):
            params_hit: list[Any] = []
            numerator = _numerator_sql(indicator, thresholds, at, params_hit)
            inner.append(f"MAX(CASE WHEN {where} AND {numerator} THEN 1 ELSE 0 END) AS hit{k}_{n}")
            params.extend([*where_params, *params_hit])
            outer.append(f"SUM(hit{k}_{n})")
    any_population = " OR ".join(f"({where})" for where, _, _ in populations)
    filter_params = [p for _where, where_params, _members in populations for p in where_params]
    sql = (
        f"SELECT unit_id, {', '.join(outer)} FROM ("
        f"SELECT {unit} AS unit_id, {', '.join(inner)} FROM {source} "
        f"WHERE {unit} IS NOT NULL AND ({any_population}) GROUP BY {unit}, {', '.join(_COUNTED[count_unit])}"
        f") counted GROUP BY unit_id"
    )
    return sql, params, filter_params


def shares_in_database(
    *,
    indicators: Sequence[IndicatorSpec],
    thresholds: Mapping[str, int],
    units: Sequence[UnitRef],
    paths: Sequence[str],
    at: dt.date,
    period: tuple[dt.date, dt.date],
) -> dict[str, dict[int, Share]]:
    """Counts (no people lists) per indicator code and unit id: one read of the holdings, then one GROUP BY
    per level of the units and count unit (people, seats, organizations) for all the indicators at once.
    Indicators whose organizations cannot be in a unit (province organizations in a commune) are left out:
    their cells have no data."""
    levels = sorted({u.level for u in units})
    recorded = [i for i in indicators if i.recorded and any(_reachable(i, level) for level in levels)]
    if not recorded:
        return {}
    ids = {level: {u.area_id for u in units if u.level == level} for level in levels}
    # level -> count unit -> population (its SQL) -> the indicators counting it
    plan: dict[str, dict[Unit, dict[tuple[str, tuple[Any, ...]], list[IndicatorSpec]]]] = {}
    for level in levels:
        for indicator in recorded:
            if _reachable(indicator, level):
                where_params: list[Any] = []
                where = _population_sql(indicator, where_params)
                same = plan.setdefault(level, {}).setdefault(indicator.unit, {})
                same.setdefault((where, tuple(where_params)), []).append(indicator)
    queries = sum(len(by_unit) for by_unit in plan.values())
    results: dict[str, dict[int, Share]] = {i.code: {} for i in recorded}
    fill = _fill_sql(indicators=recorded, levels=levels, paths=paths, at=at, period=period)
    with _holdings(*fill, materialize=queries > 1) as (cur, source, source_params):
        for level, by_unit in plan.items():
            for count_unit, populations in by_unit.items():
                listed = [(where, list(p), members) for (where, p), members in populations.items()]
                sql, select_params, filter_params = _count_sql(
                    level=level,
                    count_unit=count_unit,
                    populations=listed,
                    thresholds=thresholds,
                    at=at,
                    source=source,
                )
                cur.execute(sql, [*select_params, *source_params, *filter_params])
                for unit_id, *sums in cur.fetchall():
                    if unit_id not in ids[level]:
                        continue
                    i = 0
                    for _where, _p, members in listed:
                        denominator = int(sums[i])
                        i += 1
                        for indicator in members:
                            if denominator:
                                results[indicator.code][unit_id] = Share(
                                    int(sums[i]), denominator, count_unit
                                )
                            i += 1
    return results
