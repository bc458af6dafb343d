"""Reads of areas. Every lookup by code takes a date, because codes are reused."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nguon.core.formats import format_date

from .models import Area, AreaQuerySet


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
