"""API of the funnel and of the appointments and promotions (issue 10 §7): ``pipeline.funnel`` as JSON.

``GET /api/pipeline/funnel/?area=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD`` and ``GET /api/pipeline/appointments/``
(same parameters; dd/mm/yyyy accepted too). Counts over the caller's analysis area; the people behind a count
are named only when they are inside her view scope (``hidden`` counts the others). A period that ends before
it starts, or a date that is none, is refused by field ("from", "to"); an area outside the scope is 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Text30
from nguon.api.errors import ERRORS
from nguon.core.scope import Level

from . import funnel
from .views_funnel import funnel_area, parse_period

router = Router(tags=["pipeline"])


class PeriodQuery(Schema):
    area: Text30 = Field(..., description="The area's code.")
    start: Text30 = Field("", alias="from", description="First day (YYYY-MM-DD or dd/mm/yyyy).")
    end: Text30 = Field("", alias="to", description="Last day (YYYY-MM-DD or dd/mm/yyyy).")


class PersonRef(Schema):
    id: int
    full_name: str


class StageSchema(Schema):
    """A stage of the funnel: ``total`` people, by sex (F, M), by age group and by sex × age group
    ("F:under-30"), ``share`` of the pool; ``people`` those inside the caller's scope, ``hidden`` the others."""

    code: str
    label: str
    total: int
    share: float | None
    by_sex: dict[str, int]
    by_age: dict[str, int]
    by_sex_age: dict[str, int]
    people: list[PersonRef]
    hidden: int


class AgeGroupSchema(Schema):
    code: str
    label: str
    min_age: int | None
    max_age: int | None


class FunnelSchema(Schema):
    area: str
    area_name: str
    start: dt.date
    end: dt.date
    age_groups: list[AgeGroupSchema]
    stages: list[StageSchema]


class AppointmentRowSchema(Schema):
    year: int
    total: int
    by_sex: dict[str, int]
    women: list[PersonRef]
    women_hidden: int
    men: list[PersonRef]
    men_hidden: int


class AppointmentsSchema(Schema):
    """People who started a tenure in the period on a key post by appointment or promotion (each once a year,
    and once in ``total``)."""

    area: str
    area_name: str
    start: dt.date
    end: dt.date
    total: int
    by_sex: dict[str, int]
    rows: list[AppointmentRowSchema]


def _refs(people: funnel.People) -> list[dict[str, Any]]:
    return [{"id": p.pk, "full_name": p.full_name} for p in people.named]


def _period(query: PeriodQuery, request: HttpRequest) -> tuple[Any, dt.date, dt.date]:
    scope = api_scope(request, Level.ANALYSE)
    start, end = parse_period(query.start, query.end)
    return scope, start, end


def _log(request: HttpRequest, what: str, count: int) -> None:
    if count:
        personal_data_logged(
            user=request.user,
            kind=AccessKind.API,
            what=what,
            people_count=count,
            path=request.get_full_path(),
        )


@router.get("/pipeline/funnel/", response={200: FunnelSchema, **ERRORS}, summary="The cadre pipeline funnel")
def funnel_api(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    """Pool → trained → nominated → elected or appointed in the area for the period (see pipeline.funnel)."""
    scope, start, end = _period(query, request)
    area = funnel_area(scope=scope, code=query.area, start=start, end=end)
    found = funnel.funnel(scope=scope, area=area, start=start, end=end)
    _log(request, _("API: funnel of %(area)s") % {"area": area.name}, len(found.stages[0].people.named))
    return {
        "area": area.code,
        "area_name": area.name,
        "start": start,
        "end": end,
        "age_groups": [
            {"code": c, "label": str(label), "min_age": low, "max_age": high}
            for c, label, low, high in funnel.AGE_GROUPS
        ],
        "stages": [
            {
                "code": s.code,
                "label": str(s.label),
                "total": s.total,
                "share": s.share,
                "by_sex": s.by_sex,
                "by_age": s.by_age,
                "by_sex_age": {f"{sex}:{age}": n for (sex, age), n in s.by_sex_age.items()},
                "people": _refs(s.people),
                "hidden": s.people.hidden,
            }
            for s in found.stages
        ],
    }


@router.get(
    "/pipeline/appointments/",
    response={200: AppointmentsSchema, **ERRORS},
    summary="Appointments and promotions to key posts",
)
def appointments_api(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    """Per year and sex, with the people behind each count (names only inside the caller's scope)."""
    scope, start, end = _period(query, request)
    area = funnel_area(scope=scope, code=query.area, start=start, end=end)
    found = funnel.appointments(scope=scope, area=area, start=start, end=end)
    _log(
        request,
        _("API: appointments of %(area)s") % {"area": area.name},
        sum(len(r.women.named) + len(r.men.named) for r in found.rows),
    )
    return {
        "area": area.code,
        "area_name": area.name,
        "start": start,
        "end": end,
        "total": found.total,
        "by_sex": found.by_sex,
        "rows": [
            {
                "year": r.year,
                "total": r.total,
                "by_sex": r.by_sex,
                "women": _refs(r.women),
                "women_hidden": r.women.hidden,
                "men": _refs(r.men),
                "men_hidden": r.men.hidden,
            }
            for r in found.rows
        ],
    }
