"""Reads of areas. Every lookup by code takes a date, because codes are reused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.core.formats import format_date
from nguon.core.scope import Level, Scope, outermost

from .choices import SuccessionKind
from .models import Area, AreaQuerySet, SuccessionLink


def area_get_by_code(*, code: str, at: dt.date) -> Area:
    """The area carrying ``code`` on ``at``; a clear Vietnamese error when there is none."""
    area = Area.objects.valid_on(at).filter(code=code.strip()).select_related("parent").first()
    if area is None:
        raise ValidationError(
            _("No administrative area has code '%(code)s' on %(date)s.")
            % {"code": code, "date": format_date(at)},
            code="unknown_area",
        )
    return area


def area_subtree(*, area: Area, at: dt.date | None = None) -> AreaQuerySet:
    """``area`` and all areas under it, optionally only those valid on ``at``."""
    qs = Area.objects.subtree(area)
    return qs.valid_on(at) if at else qs


def area_children(*, area: Area, at: dt.date) -> AreaQuerySet:
    """The areas directly under ``area`` that exist on ``at``, by code."""
    return Area.objects.filter(parent=area).valid_on(at).order_by("code")


def area_predecessors(*, area: Area) -> AreaQuerySet:
    """Areas that became (part of) ``area`` through succession events."""
    return Area.objects.filter(successor_links__successor=area).distinct().order_by("code")


# --- reads for the pages, through the access scope ---------------------------------------------------------


def area_list(*, scope: Scope, level: Level = Level.ANALYSE) -> AreaQuerySet:
    """The areas inside ``scope`` at ``level`` (aggregates: the analysis area; names: the assignment)."""
    return Area.objects.filter(scope.areas_q(level)).select_related("parent")


def area_get(*, scope: Scope, pk: int, level: Level = Level.ANALYSE) -> Area:
    """One area inside ``scope``; Http404 otherwise (the same answer as for no such area)."""
    found = area_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such area in your area of work."))
    return found


def _counted(qs: AreaQuerySet, at: dt.date) -> AreaQuerySet:
    """``qs`` with ``child_count``: how many areas sit directly under each on ``at`` (one subquery)."""
    below = (
        Area.objects.filter(parent=OuterRef("pk"))
        .valid_on(at)
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(child_count=Coalesce(Subquery(below, output_field=IntegerField()), 0))


def area_roots(*, scope: Scope, at: dt.date, level: Level = Level.ANALYSE) -> AreaQuerySet:
    """The top of the user's tree: for the whole country the areas without a parent that exist on ``at``;
    for an assignment the areas it is anchored on (its area and the areas that went into it), whether or not
    they exist on ``at`` (the page says which), those existing first. Each with ``child_count``."""
    if scope.unrestricted:
        qs = Area.objects.filter(parent__isnull=True).valid_on(at)
    else:
        paths = outermost(p for g in scope.grants if g.allows(level) for p in g.paths_for(level))
        qs = Area.objects.filter(path__in=paths)
    return _counted(qs.select_related("parent"), at).order_by("code", "valid_from")


def area_children_counted(*, scope: Scope, area: Area, at: dt.date) -> AreaQuerySet:
    """The areas directly under ``area`` on ``at`` inside ``scope`` (analysis level), each with
    ``child_count``, by code."""
    return _counted(area_children(area=area, at=at).filter(scope.areas_q(Level.ANALYSE)), at)


@dataclass(frozen=True)
class Succession:
    """One arrow of a succession event seen from one area: ``direction`` "from" (the other area went into
    this one) or "into" (this one went into the other)."""

    direction: str
    kind: str
    date: dt.date
    decision: str
    other: Area

    @property
    def phrase(self) -> str:
        """How officers say it: "sáp nhập từ", "chia tách thành", "đổi tên từ" …"""
        return str(_SUCCESSION_PHRASES[(self.kind, self.direction)])


_SUCCESSION_PHRASES: dict[tuple[str, str], Any] = {
    (SuccessionKind.MERGE, "from"): gettext_lazy("merged from"),
    (SuccessionKind.MERGE, "into"): gettext_lazy("merged into"),
    (SuccessionKind.SPLIT, "from"): gettext_lazy("split from"),
    (SuccessionKind.SPLIT, "into"): gettext_lazy("split into"),
    (SuccessionKind.RENAME, "from"): gettext_lazy("renamed from"),
    (SuccessionKind.RENAME, "into"): gettext_lazy("renamed to"),
    (SuccessionKind.REPARENT, "from"): gettext_lazy("moved from"),
    (SuccessionKind.REPARENT, "into"): gettext_lazy("moved to"),
}


def area_successions(*, areas: Iterable[Area]) -> dict[int, list[Succession]]:
    """The succession arrows into and out of each of ``areas`` (area names are not personal data: the other
    area is named whatever the scope; the page links it only inside the scope), in one query, by date."""
    ids = [a.pk for a in areas]
    found: dict[int, list[Succession]] = {pk: [] for pk in ids}
    if not ids:
        return found
    links = (
        SuccessionLink.objects.filter(Q(predecessor_id__in=ids) | Q(successor_id__in=ids))
        .select_related("event", "predecessor", "successor")
        .order_by("event__date", "event_id", "id")
    )
    for link in links:
        event = link.event
        if link.successor_id in found:
            found[link.successor_id].append(
                Succession("from", event.kind, event.date, event.decision, link.predecessor)
            )
        if link.predecessor_id in found:
            found[link.predecessor_id].append(
                Succession("into", event.kind, event.date, event.decision, link.successor)
            )
    return found
