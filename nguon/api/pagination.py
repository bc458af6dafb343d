"""Pages of a list: ``limit`` and ``offset``, the total ``count`` beside the items (two queries)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")

MAX_LIMIT = 500
MAX_OFFSET = 10**12  # past any list; bounded so that offset + limit stays a 64-bit integer in SQL


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Items per page (at most 500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class Page(Schema, Generic[T]):
    """One page of a list: ``count`` items in all, these ``items`` from ``offset``."""

    count: int
    limit: int
    offset: int
    items: list[T]


def paginate(queryset: QuerySet[Any], page: PageIn) -> dict[str, Any]:
    """The page of ``queryset`` asked for, with the total (the items are read here, once)."""
    items = list(queryset[page.offset : page.offset + page.limit])
    return {"count": queryset.count(), "limit": page.limit, "offset": page.offset, "items": items}
