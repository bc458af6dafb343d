"""Holdings read from the registry: an indicator's population as a database condition, and the holdings of a
table or a series point in one streamed query."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import Q

from nguon.core.intervals import active_q
from nguon.organizations.models import Tenure

from .choices import PopulationKind
from .engine import Holding, IndicatorSpec, OrgScope

_ORG = "post__organization"

# The one declaration of what a holding reads: its field, and the tenure's path to it.
HOLDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("tenure_id", "id"),
    ("person_id", "person_id"),
    ("person_name", "person__full_name"),
    ("sex", "person__sex"),
    ("birth_date", "person__birth_date"),
    ("post_id", "post_id"),
    ("term_id", "term_id"),
    ("start_date", "start_date"),
    ("end_date", "end_date"),
    ("start_reason", "start_reason"),
    ("organization_id", f"{_ORG}_id"),
    ("level", f"{_ORG}__area__level"),
    ("area_path", f"{_ORG}__area__path"),
    ("ethnicity", "person__ethnicity"),
    ("education", "person__education"),
    ("political_theory", "person__political_theory"),
    ("org_kind", f"{_ORG}__kind"),
    ("sector", f"{_ORG}__sector"),
    ("body_kind", "post__body__kind"),
    ("is_key", "post__is_key"),
    ("is_leader", "post__is_leader"),
)
assert tuple(name for name, _ in HOLDING_COLUMNS) == tuple(f.name for f in dataclasses.fields(Holding))


def scope_q(scope: OrgScope) -> Q:
    """Organizations at the scope's area levels, of its kinds and sectors (empty = any)."""
    q = Q()
    if scope.levels:
        q &= Q(**{f"{_ORG}__area__level__in": scope.levels})
    if scope.kinds:
        q &= Q(**{f"{_ORG}__kind__in": scope.kinds})
    if scope.sectors:
        q &= Q(**{f"{_ORG}__sector__in": scope.sectors})
    return q


def subtree_q(paths: Iterable[str]) -> Q:
    """Tenures of organizations inside the subtrees at ``paths`` (none given: everywhere)."""
    q = Q()
    for path in paths:
        q |= Q(**{f"{_ORG}__area__path__startswith": path})
    return q


def filters_q(indicator: IndicatorSpec) -> Q:
    """The indicator's filters: scopes (any of), body kinds, key and leadership posts, how tenures began.
    Mirrors ``engine.in_population``."""
    q = Q()
    if indicator.scopes:
        any_scope = Q()
        for scope in indicator.scopes:
            any_scope |= scope_q(scope)
        q &= any_scope
    if indicator.body_kinds:
        q &= Q(post__body__kind__in=indicator.body_kinds)
    if indicator.key_post is not None:
        q &= Q(post__is_key=indicator.key_post)
    if indicator.leader is not None:
        q &= Q(post__is_leader=indicator.leader)
    if indicator.start_reasons:
        q &= Q(start_reason__in=indicator.start_reasons)
    return q


def when_q(*, at: dt.date, period: tuple[dt.date, dt.date], started: bool, active: bool = True) -> Q:
    """Tenures held on ``at`` (``active``), or begun inside ``period`` (``started``), or either."""
    q = Q(pk__in=[])
    if active:
        q |= active_q(at)
    if started:
        q |= Q(start_date__gte=period[0], start_date__lte=period[1])
    return q


def population_q(
    indicator: IndicatorSpec, *, paths: Iterable[str], at: dt.date, period: tuple[dt.date, dt.date]
) -> Q:
    """The indicator's population inside the subtrees at ``paths``: held on ``at``, or begun inside
    ``period`` for "started" indicators."""
    started = indicator.population == PopulationKind.STARTED
    return (
        subtree_q(paths)
        & filters_q(indicator)
        & when_q(at=at, period=period, started=started, active=not started)
    )


def holdings_read(q: Q, chunk_size: int = 20000) -> Iterator[Holding]:
    """Stream the holdings matching ``q`` (one query, fetched in chunks)."""
    rows = Tenure.objects.filter(q).values_list(*(path for _, path in HOLDING_COLUMNS)).order_by()
    for row in rows.iterator(chunk_size=chunk_size):
        yield Holding(*row)
