"""Populations of holdings, read from the registry in one query each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from nguon.areas.models import Area
from nguon.core.intervals import active_q
from nguon.organizations.models import Tenure

from .engine import Holding


@dataclass(frozen=True)
class OrgScope:
    """Organizations at area ``levels`` of the given ``kinds`` and ``sectors`` (empty = any)."""

    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()

    def q(self) -> Q:
        q = Q()
        if self.levels:
            q &= Q(post__organization__area__level__in=self.levels)
        if self.kinds:
            q &= Q(post__organization__kind__in=self.kinds)
        if self.sectors:
            q &= Q(post__organization__sector__in=self.sectors)
        return q


@dataclass(frozen=True)
class Population:
    """Which tenures a figure looks at: an area subtree, organization scopes (any of), body kinds,
    key and leadership posts, and how tenures began."""

    area: Area | None = None
    areas: tuple[Area, ...] = ()  # several subtrees (e.g. the predecessors of a merged ward)
    scopes: tuple[OrgScope, ...] = ()
    body_kinds: tuple[str, ...] = ()
    key_post: bool | None = None
    leader: bool | None = None
    start_reasons: tuple[str, ...] = ()

    def q(self) -> Q:
        q = Q()
        if self.area is not None:
            q &= Q(post__organization__area__path__startswith=self.area.path)
        if self.areas:
            any_area = Q()
            for area in self.areas:
                any_area |= Q(post__organization__area__path__startswith=area.path)
            q &= any_area
        if self.scopes:
            any_scope = Q()
            for scope in self.scopes:
                any_scope |= scope.q()
            q &= any_scope
        if self.body_kinds:
            q &= Q(post__body__kind__in=self.body_kinds)
        if self.key_post is not None:
            q &= Q(post__is_key=self.key_post)
        if self.leader is not None:
            q &= Q(post__is_leader=self.leader)
        if self.start_reasons:
            q &= Q(start_reason__in=self.start_reasons)
        return q


_FIELDS = (
    "id",
    "person_id",
    "person__full_name",
    "person__sex",
    "person__birth_date",
    "post_id",
    "term_id",
    "start_date",
    "end_date",
    "start_reason",
    "post__organization_id",
    "post__organization__area__level",
    "post__organization__area__path",
    "person__ethnicity",
    "person__education",
    "person__political_theory",
)


def _holdings(q: Q) -> list[Holding]:
    return list(iter_holdings(q))


def iter_holdings(q: Q, chunk_size: int = 20000) -> Iterator[Holding]:
    """Stream the holdings matching ``q`` (one query, fetched in chunks)."""
    rows = Tenure.objects.filter(q).values_list(*_FIELDS).order_by()
    for row in rows.iterator(chunk_size=chunk_size):
        yield Holding(*row)


def holdings_active_on(*, population: Population, at: dt.date) -> list[Holding]:
    """Holdings of the population whose tenure holds ``at`` (a tenure ending on ``at`` counts)."""
    return _holdings(population.q() & active_q(at))


def holdings_started_between(*, population: Population, start: dt.date, end: dt.date) -> list[Holding]:
    """Holdings of the population whose tenure began inside [start, end]."""
    return _holdings(population.q() & Q(start_date__gte=start, start_date__lte=end))
