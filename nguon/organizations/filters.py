"""The filters of organizations, bodies, terms and posts: one FilterSet per model for the pages and the API.

Each runs on a queryset that already went through the scope (``organizations.selectors``): they narrow what
the user may see, never widen it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from nguon.areas.models import Area
from nguon.core.intervals import active_q
from nguon.core.text import fold

from .choices import BodyKind, GrassrootsSector, OrganizationKind
from .models import Body, Organization, Post, Term


def _subtree_q(area_id: int, lookup: str) -> Q:
    """Rows (through ``lookup``, e.g. "organization__area__") in the subtree of area ``area_id``."""
    path = Area.objects.filter(pk=area_id).values_list("path", flat=True).first()
    return Q(**{f"{lookup}path__startswith": path}) if path else Q(pk__in=[])


class OrganizationFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Organizations by name (with or without diacritics), kind, sector, area (with its subtree), parent, and
    existing on a date."""

    q = filters.CharFilter(label=_("name"), method="filter_q")
    kind = filters.ChoiceFilter(label=_("kind"), choices=OrganizationKind.choices)
    sector = filters.ChoiceFilter(label=_("sector"), choices=[c for c in GrassrootsSector.choices if c[0]])
    area = filters.NumberFilter(label=_("area (with the areas under it)"), method="filter_area")
    parent = filters.NumberFilter(label=_("parent"), field_name="parent_id")
    at = filters.DateFilter(label=_("exists on"), method="filter_at")

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        for word in fold(value or "").split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset

    def filter_area(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(_subtree_q(int(value), "area__")) if value is not None else queryset

    def filter_at(self, queryset: QuerySet[Any], name: str, value: dt.date | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(active_q(value, "valid_from", "valid_to", start_nullable=True))


class BodyFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Bodies by organization, kind, and area of their organization (with its subtree)."""

    organization = filters.NumberFilter(label=_("organization"), field_name="organization_id")
    kind = filters.ChoiceFilter(label=_("kind"), choices=BodyKind.choices)
    area = filters.NumberFilter(label=_("area (with the areas under it)"), method="filter_area")

    class Meta:
        model = Body
        fields: list[str] = []

    def filter_area(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(_subtree_q(int(value), "organization__area__"))


class TermFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Terms by body, organization, and running on a date."""

    body = filters.NumberFilter(label=_("body"), field_name="body_id")
    organization = filters.NumberFilter(label=_("organization"), field_name="body__organization_id")
    at = filters.DateFilter(label=_("running on"), method="filter_at")

    class Meta:
        model = Term
        fields: list[str] = []

    def filter_at(self, queryset: QuerySet[Any], name: str, value: dt.date | None) -> QuerySet[Any]:
        return queryset.filter(active_q(value)) if value is not None else queryset


class PostFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Posts by organization, body, key post and leadership post."""

    organization = filters.NumberFilter(label=_("organization"), field_name="organization_id")
    body = filters.NumberFilter(label=_("body"), field_name="body_id")
    is_key = filters.BooleanFilter(label=_("key post"), field_name="is_key")
    is_leader = filters.BooleanFilter(label=_("leadership post"), field_name="is_leader")

    class Meta:
        model = Post
        fields: list[str] = []
