"""Template filters for Vietnamese figures: ``{% load vi %}`` then ``{{ n|vi_int }}`` → "2.552"."""

from __future__ import annotations

from typing import Any

from django import template

from nguon.core.formats import format_int

register = template.Library()


@register.filter
def vi_int(value: Any) -> str:
    """A count with the thousands dot; anything that is not a whole number is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "" if value is None else str(value)
    return format_int(value)
