"""The API of the indicator evaluation: the table (``/api/indicators/``) and the series
(``/api/indicators/series/``), with the JSON keys they had before the API moved into django-ninja.

Figures are aggregates: the caller reads them for any area of her analysis scope. The people behind a
cell (``numerator_people``, ``denominator_people``: ids) are listed only when she may read them by name
(view level); the others are counted in the figures and in ``people_hidden``, never named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Text10, Text80, UserDate
from nguon.api.errors import ERRORS
from nguon.areas.models import Area
from nguon.core.scope import Level, Scope
from nguon.people.selectors import person_list

from .evaluation import indicator_series, indicator_table
from .models import Indicator
from .selectors import indicator_area_get
from .serializers import cell_dict, point_dict

router = Router(tags=["indicators"])

MAX_YEARS = 100  # a series of at most a century of yearly points


class IndicatorQuery(Schema):
    area: Text10 = Field(..., description="Area code (on the date).")
    as_of: UserDate | None = Field(None, description="Date of the figures (default: today).")
    indicator: list[Text80] | None = Field(None, description="Indicator codes (default: all).")


class SeriesQuery(IndicatorQuery):
    first: int | None = Field(None, alias="from", ge=1900, le=2200, description="First year.")
    last: int | None = Field(None, alias="to", ge=1900, le=2200, description="Last year.")
    remap: bool = Field(True, description="Count predecessors before the area existed.")


class IndicatorCellSchema(Schema):
    """One unit × indicator."""

    area_code: str
    area_name: str
    area_level: str
    indicator: str
    indicator_name: str
    unit: str
    as_of: dt.date
    numerator: int
    denominator: int
    value: float | None
    target: str | None
    target_value: float | None
    target_comparator: str | None
    target_document: str | None
    target_deadline: dt.date | None
    status: str
    gap: int | None
    note: str
    numerator_people: list[int]
    denominator_people: list[int]
    people_hidden: int


class SeriesPointSchema(Schema):
    as_of: dt.date
    areas: list[str]
    numerator: int
    denominator: int
    value: float | None
    status: str
    target: str | None
    target_value: float | None
    break_in_series: bool
    flags: list[str]


class IndicatorSeriesSchema(Schema):
    area_code: str
    area_name: str
    indicator: str
    indicator_name: str
    points: list[SeriesPointSchema]


def _args(request: HttpRequest, query: IndicatorQuery) -> tuple[Scope, Area, dt.date, list[Indicator]]:
    scope = api_scope(request, Level.ANALYSE)
    at = query.as_of or timezone.localdate()
    try:
        area = indicator_area_get(scope=scope, code=query.area, at=at)
    except ValidationError as error:
        raise ValidationError({"area": error.messages}) from error
    indicators = list(Indicator.objects.all())
    if query.indicator:
        indicators = [i for i in indicators if i.code in query.indicator]
        known = {i.code for i in indicators}
        unknown = [c for c in query.indicator if c not in known]
        if unknown:
            message = _("Unknown indicator: %(codes)s.") % {"codes": ", ".join(unknown)}
            raise ValidationError({"indicator": [message]})
    return scope, area, at, indicators


def _visible(scope: Scope) -> set[int] | None:
    """The ids of the people the caller may name (None: everyone)."""
    if scope.unrestricted:
        return None
    return set(person_list(scope=scope).values_list("pk", flat=True))


@router.get("/indicators/", response={200: list[IndicatorCellSchema], **ERRORS}, summary="Indicator table")
def indicator_table_api(request: HttpRequest, query: Query[IndicatorQuery]) -> Any:
    """The area and its children on the date × the indicators: counts, value, target, status, gap."""
    scope, area, at, indicators = _args(request, query)
    cells = indicator_table(area=area, at=at, indicators=indicators)
    visible = _visible(scope)
    rows = []
    for cell in cells:
        row = cell_dict(cell)
        if visible is not None:
            row["numerator_people"] = [p for p in row["numerator_people"] if p in visible]
            row["denominator_people"] = [p for p in row["denominator_people"] if p in visible]
        row["people_hidden"] = len(cell.denominator_people) - len(row["denominator_people"])
        rows.append(row)
    listed = {p for row in rows for p in row["denominator_people"]}
    if listed:  # ids of people are personal data too (Decree 13/2023/NĐ-CP): the read is logged
        personal_data_logged(
            user=request.user,
            kind=AccessKind.API,
            what=_("API: indicator table of %(area)s") % {"area": area.name},
            people_count=len(listed),
            path=request.get_full_path(),
        )
    return rows


def _same_day(at: dt.date, year: int) -> dt.date:
    try:
        return at.replace(year=year)
    except ValueError:  # 29 February in a common year
        return at.replace(year=year, day=28)


@router.get(
    "/indicators/series/", response={200: list[IndicatorSeriesSchema], **ERRORS}, summary="Indicator series"
)
def indicator_series_api(request: HttpRequest, query: Query[SeriesQuery]) -> Any:
    """One point a year (the same day as ``as_of``) from ``from`` to ``to``, for each indicator; with
    ``remap``, years before the area existed count the areas that went into it."""
    _scope, area, at, indicators = _args(request, query)
    first = query.first if query.first is not None else at.year - 10
    last = query.last if query.last is not None else at.year
    if last < first or last - first >= MAX_YEARS:
        message = _("Choose at most %(n)s years, the first before the last.") % {"n": MAX_YEARS}
        raise ValidationError({"to": [message]})
    dates = [_same_day(at, y) for y in range(first, last + 1)]
    return [
        {
            "area_code": area.code,
            "area_name": area.name,
            "indicator": indicator.code,
            "indicator_name": indicator.name,
            "points": [
                point_dict(p)
                for p in indicator_series(area=area, indicator=indicator, dates=dates, remap=query.remap)
            ],
        }
        for indicator in indicators
    ]
