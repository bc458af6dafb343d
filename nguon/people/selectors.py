"""Reads of people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope
from nguon.core.seen import chunks
from nguon.core.text import fold

from .models import Person


def person_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[Person]:
    """The people ``scope`` may read by name (or edit, at ``Level.EDIT``): the one gate to personal records."""
    return Person.objects.filter(scope.people_q(level))


def people_readable(*, scope: Scope, person_ids: Iterable[int], level: Level = Level.VIEW) -> set[int]:
    """Which of ``person_ids`` ``scope`` reaches at ``level`` — the rule of ``Scope.people_q`` (a tenure in an
    organization of the scope, or the dossier kept by one), asked from the few ids: two indexed queries per
    500 ids, where ``person_list(scope).filter(pk__in=ids)`` builds the whole scope's set of people first
    (2,6 s for a province's ward officer on SQLite, bench/run-programmes)."""
    ids = sorted(set(person_ids))
    if scope.unrestricted:
        return set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
    tenure = apps.get_model("organizations", "Tenure")
    found: set[int] = set()
    for chunk in chunks(ids):
        part = list(chunk)
        found.update(
            tenure.objects.filter(person_id__in=part)
            .filter(scope.organizations_q(level, "post__organization__"))
            .values_list("person_id", flat=True)
            .distinct()
        )
        found.update(
            Person.objects.filter(pk__in=part)
            .filter(scope.organizations_q(level, "dossier_organization__"))
            .values_list("pk", flat=True)
        )
    return found


def person_can_edit(*, scope: Scope, person: Person) -> bool:
    """Whether ``scope`` may change ``person``'s record (the one answer for pages and services)."""
    return scope.unrestricted or person_list(scope=scope, level=Level.EDIT).filter(pk=person.pk).exists()


def person_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Person:
    """One person inside ``scope``; Http404 for anyone else (the same answer as for no such person)."""
    found = person_list(scope=scope, level=level).filter(pk=pk).select_related("dossier_organization").first()
    if found is None:
        raise Http404(_("No such person in your area of work."))
    return found


def person_search(*, scope: Scope, query: str = "") -> QuerySet[Person]:
    """People inside ``scope`` whose name contains every word of ``query``, with or without diacritics, in
    Vietnamese order."""
    qs = person_list(scope=scope)
    for word in fold(query).split():
        qs = qs.filter(search_key__contains=word)
    return qs.order_by("sort_key", "birth_date", "id")


def person_tenures(*, scope: Scope, person_ids: Iterable[int], at: dt.date | None = None) -> QuerySet[Any]:
    """The tenures of these people (those inside ``scope``; others are dropped), with their post,
    organization, area, body and term preloaded, newest first; only those held on ``at`` when given.

    A person inside the scope is read whole: her tenures in every organization, not only in those of the
    scope (the scope decides whose records an officer reads, not which lines of a record; the list's
    filters read the same tenures). One query, whatever the number of people."""
    tenure = apps.get_model("organizations", "Tenure")
    qs = (
        tenure.objects.filter(person_id__in=list(person_ids))
        .filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("post__organization__area", "post__body", "term__body")
        .order_by("-start_date", "-id")
    )
    if at is not None:
        qs = qs.active_on(at)
    return qs


class Duplicates(NamedTuple):
    """Likely duplicates of a person being registered: those the user may open, and how many others."""

    visible: list[Person]
    hidden: int


def person_duplicates(
    *, scope: Scope, full_name: str, birth_date: dt.date, exclude_pk: int | None = None
) -> Duplicates:
    """People with the same folded name ("hoang" = "Hoàng") and birth date: those inside ``scope`` by
    record, and only the number of the others (never their names or areas: the officer is told that such a
    person is registered elsewhere, without details). Two queries on the (search key) index."""
    same = Person.objects.filter(search_key=fold(full_name), birth_date=birth_date)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    in_scope = scope.people_q(Level.VIEW)
    visible = list(same.filter(in_scope).select_related("dossier_organization").order_by("id")[:10])
    hidden = 0 if scope.unrestricted else same.exclude(in_scope).count()
    return Duplicates(visible, hidden)


_TYPES = {"code": "text", "full_name": "text", "birth_date": "date"}
_DATES = ("birth_date", "party_admission_date")


def people_matching(
    *, fields: tuple[str, ...], keys: Sequence[tuple[Any, ...]], columns: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """``columns`` of the people whose ``fields`` equal one of ``keys``, 500 keys a query (for bulk jobs
    such as the importer). The keys are a table the query joins, so each is one probe of an index:
    (full_name, birth_date), or the unique index of codes, which is partial (codes not empty) and so needs
    its condition written out. (IN lists of names and of dates would be probed as their cross product; an
    IN list of names alone fetches every namesake, thousands for a common name in a national registry.)"""
    qn = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    selected = ", ".join(f"p.{qn(c)}" for c in columns)
    table = qn(Person._meta.db_table)
    partial = " AND NOT (p.code = '')" if "code" in fields else ""
    names = ", ".join(f"k{i}" for i in range(len(fields)))
    match = " AND ".join(f"p.{qn(f)} = k.k{i}" for i, f in enumerate(fields))
    if postgres:
        # LATERAL, with OFFSET 0 so that the subquery is not pulled up into a join: one index probe per key
        # even when the table's statistics are stale, as they are while a big import fills it inside its
        # transaction (a hash or merge join over the whole table was planned then, 100 ms a query instead
        # of 2). The keys travel as arrays, not as a thousand parameters to quote and parse.
        arrays = ", ".join(f"%s::{_TYPES[f]}[]" for f in fields)
        query = (
            f"SELECT {selected} FROM unnest({arrays}) AS k ({names}) CROSS JOIN LATERAL "
            f"(SELECT * FROM {table} p WHERE {match}{partial} OFFSET 0) AS p"
        )
    else:  # SQLite probes the index for each row of the joined table; it keeps dates as ISO text
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        query = f"WITH k ({names}) AS (VALUES {{rows}}) SELECT {selected} FROM k JOIN {table} p ON {match}{partial}"
    dates = [i for i, c in enumerate(columns) if c in _DATES]
    with connection.cursor() as cursor:
        for chunk in chunks(list(keys)):
            if postgres:
                cursor.execute(query, [[key[i] for key in chunk] for i in range(len(fields))])
            else:
                cursor.execute(
                    query.format(rows=", ".join([row] * len(chunk))),
                    [v.isoformat() if isinstance(v, dt.date) else v for key in chunk for v in key],
                )
            for found in cursor.fetchall():
                if not postgres:
                    found = list(found)
                    for i in dates:
                        if isinstance(found[i], str):
                            found[i] = dt.date.fromisoformat(found[i])
                yield tuple(found)


def people_by_code_and_birth(
    *, codes: Iterable[str], name_births: Iterable[tuple[str, dt.date]], columns: Sequence[str]
) -> tuple[dict[str, tuple[Any, ...]], dict[tuple[str, dt.date], tuple[Any, ...]]]:
    """``columns`` (which must start with "id" and hold "code", "full_name" and "birth_date") of the people
    with these codes, by code, and of those with these (name, birth date) keys, by key. A name alone is not
    enough: common names have thousands of namesakes in a national registry, so the birth dates are asked
    too (both columns of the name index), and of namesakes born the same day the first registered wins."""
    code_at, name_at, birth_at = (columns.index(c) for c in ("code", "full_name", "birth_date"))
    by_code: dict[str, tuple[Any, ...]] = {}
    by_name: dict[tuple[str, dt.date], tuple[Any, ...]] = {}
    for found in people_matching(fields=("code",), keys=[(c,) for c in sorted(set(codes))], columns=columns):
        by_code[found[code_at]] = found
    for found in people_matching(
        fields=("full_name", "birth_date"), keys=sorted(set(name_births)), columns=columns
    ):
        key = (found[name_at], found[birth_at])
        if key not in by_name or found[0] < by_name[key][0]:
            by_name[key] = found
    return by_code, by_name


def person_first_by_name_birth(
    *, full_name: str, birth_date: dt.date, columns: Sequence[str]
) -> tuple[Any, ...] | None:
    """``columns`` of the first registered person of this name and birth date."""
    found = (
        Person.objects.filter(full_name=full_name, birth_date=birth_date)
        .order_by("id")
        .values_list(*columns)
        .first()
    )
    return tuple(found) if found is not None else None


class PersonKey(NamedTuple):
    """A registered person as a bulk job finds them: by cadre code, or by name and birth date."""

    id: int
    code: str
    full_name: str
    birth_date: dt.date


def people_keys(
    *, codes: Iterable[str], name_births: Iterable[tuple[str, dt.date]]
) -> tuple[dict[str, PersonKey], dict[tuple[str, dt.date], PersonKey]]:
    """``people_by_code_and_birth`` of these codes and (name, birth date) keys, as ``PersonKey``s."""
    by_code, by_name = people_by_code_and_birth(
        codes=codes, name_births=name_births, columns=PersonKey._fields
    )
    return (
        {code: PersonKey(*found) for code, found in by_code.items()},
        {key: PersonKey(*found) for key, found in by_name.items()},
    )
