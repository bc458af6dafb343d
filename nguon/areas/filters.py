"""The filters of areas: one FilterSet for the pages and the API (``/api/areas``). It runs on a queryset that
already went through the scope (``areas.selectors.area_list(scope=...)``): it narrows, never widens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nguon.core.intervals import active_q
from nguon.core.text import fold

from .choices import AreaKind, AreaLevel
from .models import Area


class AreaFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Areas by name (with or without diacritics), code, level, unit type, parent, and existing on a date."""

    q = filters.CharFilter(label=_("name"), method="filter_q")
    code = filters.CharFilter(label=_("code"), field_name="code")
    level = filters.ChoiceFilter(label=_("level"), choices=AreaLevel.choices)
    kind = filters.ChoiceFilter(label=_("unit type"), choices=AreaKind.choices)
    parent = filters.NumberFilter(label=_("parent"), field_name="parent_id")
    at = filters.DateFilter(label=_("exists on"), method="filter_at")

    class Meta:
        model = Area
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Area], name: str, value: str) -> QuerySet[Area]:
        """Every word of the query, folded ("hang bac" finds "Hàng Bạc"), in the folded name."""
        for word in fold(value or "").split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset

    def filter_at(self, queryset: QuerySet[Area], name: str, value: dt.date | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(active_q(value, "valid_from", "valid_to", start_nullable=True))
