"""Holdings read from the registry: an indicator's population as a database condition, and the holdings of a
table or a series point in one streamed query."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import Case, Q, When
from django.http import Http404

from nguon.areas.models import Area
from nguon.areas.selectors import area_get_by_code
from nguon.core.db import prefix_q
from nguon.core.intervals import active_q
from nguon.core.scope import Level, Scope, outermost
from nguon.core.text import fold
from nguon.organizations.models import Organization, Tenure

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
        q |= prefix_q(f"{_ORG}__area__path", path)
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


def tenures_named(*, q: Q, scope: Scope) -> dict[int, tuple[str, str, str, str]]:
    """The tenures matching ``q`` whose holder the user may read by name (``scope.people_q`` at the view
    level), as tenure id -> (full name, Vietnamese sort key, post, organization). One query; tenures of
    people outside the scope are simply absent (they are counted by the caller, never named)."""
    rows = (
        Tenure.objects.filter(q)
        .filter(scope.people_q(Level.VIEW, "person__"))
        .values_list("id", "person__full_name", "person__sort_key", "post__name", f"{_ORG}__name")
        .order_by()
    )
    return {pk: (name, key, post, org) for pk, name, key, post, org in rows}


def organization_names(*, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Organization id -> (name, area name), for the organizations behind a cell counted by organizations
    (organizations are not personal data: an aggregate reader sees them). One query."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = Organization.objects.filter(pk__in=wanted).values_list("pk", "name", "area__name").order_by()
    return {pk: (name, area) for pk, name, area in rows}


def indicator_area_get(*, scope: Scope, code: str, at: dt.date) -> Area:
    """The area of an indicator table: the one carrying ``code`` on ``at`` (a Vietnamese ValidationError when
    none does), inside the user's analysis scope (Http404 outside, as if it did not exist)."""
    area = area_get_by_code(code=code, at=at)
    if not scope.covers_area(area, Level.ANALYSE):
        raise Http404
    return area


def indicator_area_choices(*, scope: Scope, at: dt.date, query: str = "", limit: int = 30) -> list[Area]:
    """Areas valid on ``at`` the user may analyse, whose name (with or without diacritics) or code contains
    ``query``; provinces first, then districts, then communes, by name. No query: the areas of her
    assignments (the outermost ones), or the provinces for a user of the whole country."""
    areas = Area.objects.valid_on(at).filter(scope.areas_q(Level.ANALYSE)).select_related("parent")
    text = fold(query.strip())
    if text:
        areas = areas.filter(Q(search_key__contains=text) | Q(code=query.strip()))
    elif scope.unrestricted:
        areas = areas.filter(parent__isnull=True)
    else:
        roots = outermost(p for g in scope.grants for p in g.paths_for(Level.ANALYSE))
        areas = areas.filter(path__in=roots)
    order = Case(
        *(When(level=level, then=rank) for rank, level in enumerate(("province", "district", "commune"))),
        default=9,
    )
    return list(areas.annotate(rank=order).order_by("rank", "search_key", "code")[:limit])
