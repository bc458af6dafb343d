"""Reads of the planning pools, inside a scope: pools of the organizations the scope reads, their entries on a
date (the replay of the log), the log itself, and the incumbents of posts on a date.

A pool belongs to the organization of its post; the people in it are shown by name only when the scope reads
them (a district pool may hold people of wards the reader does not see: they are counted, never named).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization, Post, Tenure
from nguon.people.models import Person

from . import pools
from .models import Pool, PoolEntry, PoolEvent, ReadinessLevel


def pool_list(
    *, scope: Scope, organization: Organization | None = None, level: Level = Level.VIEW
) -> QuerySet[Pool]:
    """Pools of posts of organizations inside ``scope`` (optionally of one organization)."""
    qs = Pool.objects.filter(scope.organizations_q(level, "post__organization__")).select_related(
        "post__organization__area", "post__body", "decision"
    )
    if organization is not None:
        qs = qs.filter(post__organization=organization)
    return qs


def pool_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Pool:
    """One pool inside ``scope``; Http404 otherwise (the same answer as for no such pool)."""
    found = pool_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such planning in your area of work."))
    return found


def readiness_levels() -> dict[int, ReadinessLevel]:
    return {r.pk: r for r in ReadinessLevel.objects.all()}


@dataclass(frozen=True)
class EntryRow:
    """An entry on a date as a page shows it: the person (only when the scope reads her), the state."""

    entry: PoolEntry
    person: Person
    state: pools.EntryState
    readiness: ReadinessLevel | None


@dataclass
class PoolState:
    """A pool on a date: the entries the scope may name, in readiness then rank order, and how many others
    (people outside the reader's scope) it holds."""

    pool: Pool
    rows: list[EntryRow] = field(default_factory=list)
    hidden: int = 0

    @property
    def in_pool(self) -> list[EntryRow]:
        return [r for r in self.rows if r.state.in_pool]

    @property
    def size(self) -> int:
        """People in the pool (proposed or approved), named or not."""
        return len(self.in_pool) + self.hidden


def event_rows(entry_ids: Iterable[int]) -> list[pools.Event]:
    """The log of these entries as the replay reads it (one query)."""
    return [
        pools.Event(
            id=e["id"],
            entry_id=e["entry_id"],
            date=e["date"],
            action=e["action"],
            readiness_id=e["readiness_id"],
            rank=e["rank"],
            removal_reason=e["removal_reason"],
        )
        for e in PoolEvent.objects.filter(entry_id__in=list(entry_ids)).values(
            "id", "entry_id", "date", "action", "readiness_id", "rank", "removal_reason"
        )
    ]


def pool_states(
    *, scope: Scope, pools_: Iterable[Pool], at: dt.date, include_out: bool = False
) -> dict[int, PoolState]:
    """Each pool's state on ``at``: the replay of its log up to that day. ``include_out`` keeps the removed
    and fulfilled entries (the log page shows them; the board does not). A few queries, whatever the number
    of pools."""
    chosen = list(pools_)
    result = {p.pk: PoolState(pool=p) for p in chosen}
    entries = {e.pk: e for e in PoolEntry.objects.filter(pool__in=chosen).select_related("person")}
    if not entries:
        return result
    visible = set(
        Person.objects.filter(scope.people_q(Level.VIEW))
        .filter(pk__in={e.person_id for e in entries.values()})
        .values_list("pk", flat=True)
    )
    levels = readiness_levels()
    states = pools.replay(event_rows(entries), at)
    for entry_id, state in states.items():
        entry = entries[entry_id]
        target = result[entry.pool_id]
        if not (include_out or state.in_pool):
            continue
        if entry.person_id not in visible:
            if state.in_pool:
                target.hidden += 1
            continue
        target.rows.append(EntryRow(entry, entry.person, state, levels.get(state.readiness_id or 0)))
    for target in result.values():
        target.rows.sort(
            key=lambda r: (
                not r.state.in_pool,
                r.readiness.order if r.readiness else 999,
                r.state.rank or 999,
                r.person.sort_key,
            )
        )
    return result


def pool_log(*, scope: Scope, pool: Pool) -> QuerySet[PoolEvent]:
    """The log of ``pool``: the events of the entries whose person the scope reads, newest first."""
    return (
        PoolEvent.objects.filter(entry__pool=pool)
        .filter(scope.people_q(Level.VIEW, "entry__person__"))
        .select_related("entry__person", "readiness", "decision", "round", "recorded_by")
        .order_by("-date", "-id")
    )


def incumbents_on(*, scope: Scope, posts: Iterable[Post], at: dt.date) -> dict[int, list[Tenure]]:
    """The tenures held on ``at`` of each post (the incumbent *of that date*, not today's), with the holder
    when the scope reads her; holders outside the scope are left out (the page says the post is held)."""
    found: dict[int, list[Tenure]] = defaultdict(list)
    for tenure in (
        Tenure.objects.active_on(at)
        .filter(post__in=list(posts))
        .filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person", "term")
        .order_by("start_date", "id")
    ):
        found[tenure.post_id].append(tenure)
    return dict(found)


def held_on(*, posts: Iterable[Post], at: dt.date) -> set[int]:
    """The posts among ``posts`` that someone holds on ``at`` (named or not)."""
    return set(Tenure.objects.active_on(at).filter(post__in=list(posts)).values_list("post_id", flat=True))


def person_pool_rows(*, scope: Scope, person: Person, at: dt.date) -> list[tuple[Pool, pools.EntryState]]:
    """The pools ``person`` is (or was) in on ``at``, for her profile (the caller has read her through the
    scope; pools of organizations outside it are still listed: the record is read whole)."""
    entries = {
        e.pk: e for e in PoolEntry.objects.filter(person=person).select_related("pool__post__organization")
    }
    states = pools.replay(event_rows(entries), at)
    return [(entries[i].pool, s) for i, s in states.items()]
