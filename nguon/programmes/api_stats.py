"""The statistics of activities in the API (issue 11 §5): counts only, over the caller's analysis area.

GET /programmes/statistics/activities/, /programmes/statistics/participants/, /programmes/statistics/outputs/
with the query filters ``area`` (an area code), ``from`` and ``to`` (dates of the activities' start),
``programme`` (an id). An area or programme the caller cannot reach is refused (422 on ``area``, 404 for the
programme) with a Vietnamese message. See ``nguon.programmes.statistics`` for what is counted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, UserDate
from nguon.api.errors import ERRORS
from nguon.areas.models import Area
from nguon.core.scope import Level, Scope

from . import selectors, statistics

router = Router(tags=["programmes"])


class ProgrammeStatsQuery(Schema):
    area: Text30 | None = Field(
        None, description="Only activities held in this area (its code) and below it."
    )
    start: UserDate | None = Field(
        None, alias="from", description="Activities starting on or after this date."
    )
    end: UserDate | None = Field(None, alias="to", description="Activities starting on or before this date.")
    programme: Id | None = Field(None, description="Only the activities of this programme (its id).")


class ProgrammeStatsTypeRow(Schema):
    type_id: int
    code: str
    name: str
    is_group: bool
    group_code: str
    counts: list[int] = Field(description="By year, in the order of ``years``.")
    total: int


class ProgrammeStatsUnitRow(Schema):
    area_id: int
    code: str
    name: str
    counts: list[int] = Field(description="By year, in the order of ``years``.")
    total: int


class ProgrammeStatsActivities(Schema):
    years: list[int]
    types: list[ProgrammeStatsTypeRow]
    units: list[ProgrammeStatsUnitRow]
    by_year: list[int]
    total: int


class ProgrammeStatsSexRow(Schema):
    sex: str = Field(description="female, male or unknown.")
    counts: list[int] = Field(description="By age group, in the order of ``age_groups``.")
    total: int


class ProgrammeStatsParticipants(Schema):
    age_groups: list[str]
    rows: list[ProgrammeStatsSexRow]
    by_age: list[int]
    total: int
    activities: int


class ProgrammeStatsOutput(Schema):
    kind_id: int
    code: str
    name: str
    unit: str
    is_money: bool
    quantity: str = Field(description="A decimal number, written with a point.")
    activities: int


def _filters(scope: Scope, query: ProgrammeStatsQuery) -> dict[str, Any]:
    area = None
    if query.area:
        area = (
            Area.objects.filter(scope.areas_q(Level.ANALYSE))
            .filter(code=query.area.strip())
            .order_by("-valid_from", "path", "id")
            .first()
        )
        if area is None:
            raise ValidationError(
                {"area": [ValidationError(_("No such area in your area of work."), code="not_in_scope")]}
            )
    if query.start and query.end and query.end < query.start:
        raise ValidationError(
            {"to": [ValidationError(_("The end date is before the start date."), code="end_before_start")]}
        )
    programme = None
    if query.programme is not None:
        programme = selectors.programme_get(scope=scope, pk=query.programme, level=Level.ANALYSE)
    return {"scope": scope, "area": area, "start": query.start, "end": query.end, "programme": programme}


@router.get(
    "/programmes/statistics/activities/",
    response={200: ProgrammeStatsActivities, **ERRORS},
    summary="Statistics: activities by type, year and unit",
)
def statistics_activities_api(request: HttpRequest, query: Query[ProgrammeStatsQuery]) -> Any:
    """Activities by type (groups, then their kinds) × year and by unit (the areas directly under ``area``)
    × year; counts only."""
    return statistics.activity_counts(**_filters(api_scope(request, Level.ANALYSE), query)).as_json()


@router.get(
    "/programmes/statistics/participants/",
    response={200: ProgrammeStatsParticipants, **ERRORS},
    summary="Statistics: participants by sex and age group",
)
def statistics_participants_api(request: HttpRequest, query: Query[ProgrammeStatsQuery]) -> Any:
    """Participants by sex × age group (counted activities: their counts; named ones: from the people)."""
    return statistics.participant_counts(**_filters(api_scope(request, Level.ANALYSE), query)).as_json()


@router.get(
    "/programmes/statistics/outputs/",
    response={200: list[ProgrammeStatsOutput], **ERRORS},
    summary="Statistics: output totals",
)
def statistics_outputs_api(request: HttpRequest, query: Query[ProgrammeStatsQuery]) -> Any:
    """Per output kind: the total quantity and the number of activities reporting it."""
    return [
        o.as_json() for o in statistics.output_totals(**_filters(api_scope(request, Level.ANALYSE), query))
    ]
