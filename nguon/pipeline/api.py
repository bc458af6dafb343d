"""API of the cadre pipeline: the retirement lookup, from a month of birth or for one person of the scope."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from nguon.api.auth import api_scope
from nguon.api.errors import ERRORS
from nguon.core.scope import Level
from nguon.people.choices import BirthDatePrecision
from nguon.people.selectors import person_get

from .retirement import parse_born, parse_sex, retirement, retirement_of_birth

router = Router(tags=["pipeline"])


class RetirementSchema(Schema):
    """When the person reaches retirement age (Labour Code 2019 art. 169, Decree 135/2020/NĐ-CP)."""

    age_years: int
    age_months: int
    retirement_date: dt.date
    year_only: bool
    document: str


@router.get("/pipeline/retirement/", response={200: RetirementSchema, **ERRORS}, summary="Retirement lookup")
def retirement_lookup(request: HttpRequest, sex: str, born: str) -> dict[str, object]:
    """``sex``: nu|nam (or F|M); ``born``: MM/YYYY or YYYY."""
    api_scope(request, Level.ANALYSE)
    try:
        code = parse_sex(sex)
    except ValueError as error:
        raise ValidationError({"sex": [str(error)]}) from error
    try:
        year, month = parse_born(born)
    except ValueError as error:
        raise ValidationError({"born": [str(error)]}) from error
    return retirement(sex=code, birth_year=year, birth_month=month).as_dict()


@router.get(
    "/people/{pk}/retirement/", response={200: RetirementSchema, **ERRORS}, summary="One person's retirement"
)
def person_retirement(request: HttpRequest, pk: int) -> dict[str, object]:
    """The retirement of a person inside the caller's view scope (404 otherwise)."""
    person = person_get(scope=api_scope(request, Level.VIEW), pk=pk)
    return retirement_of_birth(
        sex=person.sex,
        birth_date=person.birth_date,
        year_only=person.birth_date_precision == BirthDatePrecision.YEAR,
    ).as_dict()
