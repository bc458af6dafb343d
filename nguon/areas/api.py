"""The API of areas: list and detail, at the analysis level of the caller's scope (areas carry no names of
people: an officer may read the areas whose figures she compares)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from nguon.api.auth import api_scope
from nguon.api.common import Id, filtered, query_schema
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.scope import Level

from .filters import AreaFilterSet
from .selectors import area_get, area_list, area_successions

router = Router(tags=["areas"])


class AreaSchema(Schema):
    """An administrative area over its interval of validity (codes are reused: the id is the row)."""

    id: int
    code: str
    name: str
    level: str
    kind: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class SuccessionSchema(Schema):
    """One arrow of a succession event seen from the area: "from" (the other went into it) or "into"."""

    direction: str
    kind: str
    date: dt.date
    decision: str
    other_id: int
    other_code: str
    other_name: str


class AreaDetailSchema(AreaSchema):
    successions: list[SuccessionSchema]


if TYPE_CHECKING:  # the query schemas are built from the FilterSets at import time
    AreaQuery = Schema
else:
    AreaQuery = query_schema(AreaFilterSet, "AreaQuery")


@router.get("/areas/", response={200: Page[AreaSchema], **ERRORS}, summary="List areas")
def area_list_api(request: HttpRequest, filters: Query[AreaQuery], page: Query[PageIn]) -> dict[str, Any]:
    """Areas inside the caller's scope (analysis level), with the filters of the areas page."""
    scope = api_scope(request, Level.ANALYSE)
    qs = filtered(AreaFilterSet, filters, area_list(scope=scope, level=Level.ANALYSE), request)
    return paginate(qs.order_by("code", "valid_from", "id"), page)


@router.get("/areas/{pk}/", response={200: AreaDetailSchema, **ERRORS}, summary="One area")
def area_detail_api(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One area inside the caller's scope, with the succession events into and out of it; 404 outside."""
    scope = api_scope(request, Level.ANALYSE)
    area = area_get(scope=scope, pk=pk, level=Level.ANALYSE)
    successions = [
        {
            "direction": s.direction,
            "kind": s.kind,
            "date": s.date,
            "decision": s.decision,
            "other_id": s.other.pk,
            "other_code": s.other.code,
            "other_name": s.other.name,
        }
        for s in area_successions(areas=[area])[area.pk]
    ]
    return {**AreaSchema.from_orm(area).model_dump(), "successions": successions}
