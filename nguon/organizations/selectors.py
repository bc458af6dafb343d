"""Reads of organizations and tenures."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from nguon.areas.models import Area
from nguon.core.intervals import active_q

from .models import Organization, Tenure


def organization_list(*, area: Area | None = None, at: dt.date | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("area", "parent")
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if at is not None:
        qs = qs.filter(active_q(at, "valid_from", "valid_to", start_nullable=True))
    return qs


def tenure_list(*, area: Area | None = None, at: dt.date | None = None) -> QuerySet[Tenure]:
    """Tenures, optionally those held on ``at`` in ``area``'s subtree, with what a list shows preloaded."""
    qs = Tenure.objects.select_related("person", "post__organization__area", "post__body", "term")
    if area is not None:
        qs = qs.filter(post__organization__area__path__startswith=area.path)
    if at is not None:
        qs = qs.active_on(at)
    return qs
