"""Reads of programmes and activities inside a scope.

- A **programme** is read (``Level.VIEW``) by the users of one of its parties, and by those of the units it
  applies to (the areas under its ``area``: a ward's union reads the district's programme, to record its
  activities against it and to see its own progress). At ``Level.ANALYSE`` also over the analysis area.
- An **activity** is read by the users of its organizer or of a co-organizer (``Level.VIEW``); it is
  counted in figures over the analysis area of the scope (``Level.ANALYSE``: organizer inside it). Its named
  participants are named only to users who read them (``people_q``); the others are counted.
- A file of an activity is read by those who read the activity.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope

from .models import Activity, ActivityFile, ActivityParticipant, ActivityType, OutputKind, Programme


def _area_prefixes(scope: Scope, level: Level) -> list[str]:
    """Every ancestor path of the scope's areas (a programme of an ancestor applies to them)."""
    paths = {p for g in scope.grants if g.allows(level) for p in g.paths_for(level)}
    prefixes: set[str] = set()
    for path in paths:
        parts = [x for x in path.split("/") if x]
        for i in range(1, len(parts) + 1):
            prefixes.add("/" + "/".join(parts[:i]) + "/")
    return sorted(prefixes)


def programmes_q(scope: Scope, level: Level = Level.VIEW, prefix: str = "") -> Q:
    """Programmes (through ``prefix``) the scope reaches at ``level``: a party inside it, or an area that is
    the scope's area or one of its ancestors, or (ANALYSE, VIEW) an area inside the scope."""
    if scope.unrestricted:
        return Q()
    q = Q(**{f"{prefix}parties__organization__in": _organizations(scope, level)})
    q |= Q(**{f"{prefix}area__path__in": _area_prefixes(scope, level)})
    q |= scope.areas_q(level, f"{prefix}area__")
    return q


def _organizations(scope: Scope, level: Level) -> QuerySet[Any, Any]:
    from nguon.organizations.models import Organization

    return Organization.objects.filter(scope.organizations_q(level)).values("pk")


def programme_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(pk__in=Programme.objects.filter(programmes_q(scope, level)).values("pk"))
        .select_related("area")
        .prefetch_related("parties__organization")
        .order_by("-start_date", "id")
    )


def programme_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Programme:
    """One programme of the scope; Http404 for any other (the same answer as for no such programme)."""
    found = programme_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such programme in your area of work."))
    return found


def activities_q(scope: Scope, level: Level = Level.VIEW, prefix: str = "") -> Q:
    """Activities (through ``prefix``) the scope reads (VIEW: organizer or a co-organizer inside it) or counts
    (ANALYSE: organizer inside the analysis area)."""
    if scope.unrestricted:
        return Q()
    q = scope.organizations_q(level, f"{prefix}organizer__")
    if level >= Level.VIEW:
        q |= Q(**{f"{prefix}co_organizers__in": _organizations(scope, level)})
    return q


def activity_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[Activity]:
    """The scope's activities, newest first, with their type, organizer, area and programme."""
    ids = Activity.objects.filter(activities_q(scope, level)).values("pk")
    return (
        Activity.objects.filter(pk__in=ids)
        .select_related("type__parent", "organizer__area", "area", "programme", "goal")
        .order_by("-start_date", "-id")
    )


def activity_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Activity:
    found = activity_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such activity in your area of work."))
    return found


def activity_people(*, scope: Scope, activity: Activity) -> tuple[list[ActivityParticipant], int]:
    """The named participants the scope may name (in Vietnamese name order), and how many others."""
    qs = ActivityParticipant.objects.filter(activity=activity)
    named = list(
        qs.filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person")
        .order_by("person__sort_key", "person__birth_date", "id")
    )
    return named, qs.count() - len(named)


def activity_files(*, activity: Activity, removed: bool = False) -> QuerySet[ActivityFile]:
    """The files of an activity the caller already reads (without the removed ones unless ``removed``)."""
    qs = ActivityFile.objects.filter(activity=activity)
    return qs if removed else qs.filter(removed_at__isnull=True)


def activity_file_get(*, scope: Scope, pk: int) -> ActivityFile:
    """One file of an activity the scope reads; Http404 otherwise."""
    found = (
        ActivityFile.objects.filter(
            pk=pk, activity__in=Activity.objects.filter(activities_q(scope)).values("pk")
        )
        .select_related("activity")
        .first()
    )
    if found is None:
        raise Http404(_("No such file in your area of work."))
    return found


def activity_types(*, active_only: bool = True) -> QuerySet[ActivityType]:
    """The taxonomy, groups first then their kinds (by position)."""
    qs = ActivityType.objects.select_related("parent").order_by(
        "parent__position", "parent_id", "position", "id"
    )
    return qs.filter(active=True) if active_only else qs


def output_kinds() -> QuerySet[OutputKind]:
    return OutputKind.objects.order_by("position", "id")
