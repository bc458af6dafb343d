"""Reads of organizations and tenures."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.intervals import active_q
from nguon.core.scope import Level, Scope

from .models import Organization, Tenure


def organization_list(
    *, scope: Scope, area: Area | None = None, at: dt.date | None = None, level: Level = Level.VIEW
) -> QuerySet[Organization]:
    """Organizations inside ``scope`` (at ``level``), optionally in ``area``'s subtree and existing on ``at``."""
    qs = Organization.objects.select_related("area", "parent").filter(scope.organizations_q(level))
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if at is not None:
        qs = qs.filter(active_q(at, "valid_from", "valid_to", start_nullable=True))
    return qs


def organization_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Organization:
    """One organization inside ``scope``; Http404 otherwise (the same answer as for no such organization)."""
    found = organization_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such organization in your area of work."))
    return found


def tenure_list(*, scope: Scope, area: Area | None = None, at: dt.date | None = None) -> QuerySet[Tenure]:
    """Tenures in organizations inside ``scope``, optionally those held on ``at`` in ``area``'s subtree, with
    what a list shows preloaded."""
    qs = Tenure.objects.select_related("person", "post__organization__area", "post__body", "term").filter(
        scope.organizations_q(Level.VIEW, "post__organization__")
    )
    if area is not None:
        qs = qs.filter(post__organization__area__path__startswith=area.path)
    if at is not None:
        qs = qs.active_on(at)
    return qs
