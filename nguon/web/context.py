"""What every page's shell shows: the date, the user's areas, the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nguon.core.formats import format_date
from nguon.core.scope import Level


def shell(request: HttpRequest) -> dict[str, Any]:
    scope = getattr(request, "scope", None)
    at = getattr(request, "at", None)
    if scope is None or at is None:
        return {}
    return {
        "at": at,
        "at_display": format_date(at),
        "at_error": getattr(request, "at_error", ""),
        "scope": scope,
        "scope_areas": [g.area_name for g in scope.grants],
        "can_edit": scope.allows(Level.EDIT),
        "can_manage": scope.allows(Level.MANAGE),
        "can_view_names": scope.allows(Level.VIEW),
    }
