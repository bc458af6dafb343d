"""Building a user's access scope from her assignments (see ``nguon.core.scope`` for what it means)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from nguon.areas.models import Area, SuccessionLink
from nguon.core.scope import NOBODY, UNRESTRICTED, Grant, Level, Scope, outermost

from .choices import Role
from .models import Assignment

LEVELS = {Role.VIEWER: Level.VIEW, Role.EDITOR: Level.EDIT, Role.MANAGER: Level.MANAGE}


def area_history_paths(area: Area) -> tuple[str, ...]:
    """The path prefixes an area covers: its own subtree and, followed back through every succession link
    into it or into an area below it, the subtrees of the areas that went into them (merged or split)."""
    covered = [area.path]
    frontier = [area.path]
    while frontier:
        q = Q()
        for p in frontier:
            q |= _successor_under(p)
        found = set(SuccessionLink.objects.filter(q).values_list("predecessor__path", flat=True))
        frontier = [p for p in outermost(found) if not any(p.startswith(c) for c in covered)]
        covered = outermost([*covered, *frontier])
    return tuple(covered)


def _successor_under(path: str) -> Q:
    return Q(successor__path__startswith=path)


def scope_for(user: Any) -> Scope:
    """The scope of ``user`` (cached on the user object for the request). Anonymous users reach nothing;
    superusers and administrators reach everything."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_nguon_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    scope = _build(user)
    user._nguon_scope = scope
    return scope


def _build(user: Any) -> Scope:
    assignments = list(Assignment.objects.filter(user=user).select_related("area", "analysis_area"))
    if user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in assignments):
        return Scope(user_id=user.pk, unrestricted=True, is_admin=True)
    grants = []
    for a in assignments:
        if a.area is None:
            continue
        paths = area_history_paths(a.area)
        wider = a.analysis_area or a.area
        analysis = paths if wider.pk == a.area.pk else outermost([*paths, *area_history_paths(wider)])
        grants.append(
            Grant(
                area_id=a.area.pk,
                area_name=a.area.name,
                paths=paths,
                analysis_paths=tuple(analysis),
                kinds=frozenset(a.organization_kinds or ()),
                level=LEVELS[Role(a.role)],
                last_day=a.area.valid_to,
                support=a.support_cases,
            )
        )
    return Scope(user_id=user.pk, grants=tuple(grants))


def scope_of(acting_user: Any) -> Scope:
    """The scope a service checks a write against: the command line and the loaders (no user) are trusted."""
    if acting_user is None:
        return UNRESTRICTED
    return scope_for(acting_user)


def assignment_areas(assignments: Iterable[Assignment]) -> list[Area]:
    return [a.area for a in assignments if a.area is not None]
