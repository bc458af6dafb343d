"""Reads of the import archive, inside the user's scope: an import record holds the names of the file it
was sent with, so a user reads her own imports; a manager also those of the users she manages (every
assignment of theirs inside one of her manager's assignments: area and, when hers names kinds, kinds);
administrators all of them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.accounts.models import Assignment
from nguon.core.scope import Level, Scope

from .models import ImportRecord
from .results import people_named


def import_record_list(*, scope: Scope, user: Any) -> QuerySet[ImportRecord]:
    """The import records ``user`` (whose scope is ``scope``) may read, newest first, with their user, and
    without their files (``content`` deferred: a list never loads them)."""
    qs = ImportRecord.objects.select_related("user").defer("content")
    if scope.unrestricted:
        return qs
    return qs.filter(user_id__in=[user.pk, *managed_user_ids(scope)])


def import_record_get(*, scope: Scope, user: Any, pk: int) -> ImportRecord:
    """One import record ``user`` may read; Http404 for any other (the same answer as for none)."""
    found = (
        ImportRecord.objects.select_related("user")
        .filter(pk=pk)
        .filter(pk__in=import_record_list(scope=scope, user=user).values("pk"))
        .first()
    )
    if found is None:
        raise Http404(_("No such import in your area of work."))
    return found


def managed_user_ids(scope: Scope) -> list[int]:
    """The users whose every assignment lies inside one of ``scope``'s manager assignments (one query;
    none without a manager's assignment). Administrators' assignments are never inside."""
    grants = [g for g in scope.grants if g.allows(Level.MANAGE)]
    if not grants:
        return []
    rows = Assignment.objects.filter(
        user_id__in=Assignment.objects.filter(scope.areas_q(Level.MANAGE, "area__")).values("user_id")
    ).values_list("user_id", "area__path", "organization_kinds", "role")
    inside: dict[int, bool] = {}
    for user_id, path, kinds, role in rows:
        ok = (
            path is not None
            and role != "administrator"
            and any(
                any(path.startswith(p) for p in g.paths)
                and (not g.kinds or (bool(kinds) and set(kinds) <= g.kinds))
                for g in grants
            )
        )
        inside[user_id] = inside.get(user_id, True) and ok
    return sorted(u for u, ok in inside.items() if ok and u != scope.user_id)


def import_record_people(record: ImportRecord) -> int:
    """How many people the file of ``record`` names, at most (the personal-data log's count for a download of
    it): the rows of its people sheets, else of its other sheets; for records kept before rows were counted,
    the people (else the tenures) the import counted."""
    rows = record.details.get("rows")
    if rows:
        return people_named(rows)
    totals: dict[str, int] = {}
    for kinds in record.counts.values():
        for kind, c in kinds.items():
            totals[kind] = totals.get(kind, 0) + sum(c.values())
    return totals.get("people") or totals.get("tenures", 0)
