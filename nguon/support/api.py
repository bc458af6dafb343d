"""The API of support to cadres (restricted). Cases and their support only for callers whose scope holds the
support permission over the case's organization (403 on the list without it, 404 on a case: the same answer
as no such case); counts (``/support/counts/``) for everyone, over her analysis area, never naming anyone.
Writes through the services (refusals by field in Vietnamese). Reads naming people are logged."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import AuthorizationError
from pydantic import Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text250, Text2000, UserDate, choices_literal
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list
from nguon.people.models import Person
from nguon.people.selectors import person_get

from . import selectors, services
from .choices import CaseKind, SupportKind
from .models import SupportCase, SupportGiven

router = Router(tags=["support"])

if TYPE_CHECKING:
    CaseKindCode = str
    SupportKindCode = str
    StatusCode = str
else:
    CaseKindCode = choices_literal(CaseKind)
    SupportKindCode = choices_literal(SupportKind)
    StatusCode = Literal["open", "closed"]

Amount = Field(default=None, ge=0, le=10**12)


class SupportGivenSchema(Schema):
    id: int
    case_id: int
    kind: str
    amount: int | None
    given_on: dt.date
    given_by_id: int | None
    note: str


class SupportCaseSchema(Schema):
    id: int
    person_id: int
    person_name: str
    organization_id: int
    organization_name: str
    kind: str
    opened_on: dt.date
    closed_on: dt.date | None
    summary: str
    note: str

    @staticmethod
    def resolve_person_name(obj: SupportCase) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_organization_name(obj: SupportCase) -> str:
        return obj.organization.name


class SupportCaseDetailSchema(SupportCaseSchema):
    supports: list[SupportGivenSchema]

    @staticmethod
    def resolve_supports(obj: SupportCase) -> list[SupportGiven]:
        return list(selectors.case_supports(case=obj))


class SupportCaseQuery(Schema):
    kind: CaseKindCode | None = None
    year: int | None = None
    status: StatusCode | None = None


class SupportCaseIn(Schema):
    person: Id
    organization: Id
    kind: CaseKindCode
    opened_on: UserDate
    closed_on: UserDate | None = None
    summary: Text250
    note: Text2000 = ""


class SupportCasePatch(Schema):
    organization: Id | None = None
    kind: CaseKindCode | None = None
    opened_on: UserDate | None = None
    closed_on: UserDate | None = None
    summary: Text250 | None = None
    note: Text2000 | None = None


class SupportGivenIn(Schema):
    kind: SupportKindCode
    given_on: UserDate
    amount: int | None = Amount
    given_by: Id | None = None
    note: Text2000 = ""


class SupportKindYearSchema(Schema):
    kind: str
    year: int
    cases: int


class SupportAmountSchema(Schema):
    kind: str
    times: int
    amount: int


class SupportCountsSchema(Schema):
    """Counts only, never names."""

    cases: int
    open_cases: int
    people: int
    by_kind_year: list[SupportKindYearSchema]
    supports: int
    amount: int
    amounts: list[SupportAmountSchema]


class SupportCountsQuery(Schema):
    start: UserDate | None = None
    end: UserDate | None = None


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="not_in_scope")]})


def _logged(request: HttpRequest, what: str, people_count: int = 0, person_id: int | None = None) -> None:
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=what,
        people_count=people_count,
        person_id=person_id,
        path=request.get_full_path(),
    )


def _reader(request: HttpRequest, level: Level = Level.VIEW) -> Scope:
    scope = api_scope(request, level)
    if not scope.allows_support(level):
        raise AuthorizationError(
            403,
            _(
                "Support cases are restricted: you do not hold the support permission. "
                "You may read their counts at /api/support/counts/."
            ),
        )
    return scope


def _organization(scope: Scope, pk: int) -> Organization:
    found = Organization.objects.filter(scope.support_q(Level.EDIT)).filter(pk=pk).first()
    if found is None:
        raise _refused("organization", _("No such organization in your area of work."))
    return found


def _person(scope: Scope, pk: int) -> Person:
    try:
        return person_get(scope=scope, pk=pk)
    except Http404 as error:
        raise _refused("person", _("No such person in your area of work.")) from error


def _year(year: int | None) -> None:
    if year is not None and not 1900 <= year <= 2200:
        raise ValidationError({"year": [ValidationError(_("Give a year such as 2024."), code="invalid")]})


@router.get(
    "/support/cases/", response={200: Page[SupportCaseSchema], **ERRORS}, summary="List support cases"
)
def case_list_api(request: HttpRequest, filters: Query[SupportCaseQuery], page: Query[PageIn]) -> Any:
    """The cases the caller may read (403 without the support permission: read /support/counts/)."""
    scope = _reader(request)
    _year(filters.year)
    qs = selectors.case_list(
        scope=scope, kind=filters.kind or "", year=filters.year, status=filters.status or ""
    )
    answer = paginate(qs, page)
    _logged(request, _("Support cases"), people_count=len({c.person_id for c in answer["items"]}))
    return answer


@router.get(
    "/support/cases/{case_id}/", response={200: SupportCaseDetailSchema, **ERRORS}, summary="One support case"
)
def case_detail_api(request: HttpRequest, case_id: Id) -> Any:
    scope = api_scope(request, Level.VIEW)
    case = selectors.case_get(scope=scope, pk=case_id)
    _logged(request, _("Support case %(id)s") % {"id": case.pk}, people_count=1, person_id=case.person_id)
    return case


@router.post("/support/cases/", response={201: SupportCaseSchema, **ERRORS}, summary="Open a support case")
def case_create_api(request: HttpRequest, payload: SupportCaseIn) -> Any:
    scope = _reader(request, Level.EDIT)
    data = payload.model_dump()
    data["organization"] = _organization(scope, payload.organization)
    data["person"] = _person(scope, payload.person)
    case = services.case_create(**data, acting_user=request.user, source="api")
    return Status(201, case)


@router.patch(
    "/support/cases/{case_id}/", response={200: SupportCaseSchema, **ERRORS}, summary="Change a support case"
)
def case_update_api(request: HttpRequest, case_id: Id, payload: SupportCasePatch) -> Any:
    scope = api_scope(request, Level.EDIT)
    case = selectors.case_get(scope=scope, pk=case_id, level=Level.EDIT)
    sent = payload.model_dump(exclude_unset=True)
    data = {k: v for k, v in sent.items() if v is not None or k == "closed_on"}
    if "organization" in data:
        data["organization"] = _organization(scope, data["organization"])
    return services.case_update(case=case, data=data, acting_user=request.user, source="api")


@router.post(
    "/support/cases/{case_id}/supports/",
    response={201: SupportGivenSchema, **ERRORS},
    summary="Record support given in a case",
)
def support_create_api(request: HttpRequest, case_id: Id, payload: SupportGivenIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    case = selectors.case_get(scope=scope, pk=case_id, level=Level.EDIT)
    data = payload.model_dump()
    if payload.given_by is not None:
        found = organization_list(scope=scope, level=Level.ANALYSE).filter(pk=payload.given_by).first()
        if found is None:
            raise _refused("given_by", _("No such organization in your area of work."))
        data["given_by"] = found
    line = services.support_add(case=case, **data, acting_user=request.user, source="api")
    return Status(201, line)


@router.get("/support/counts/", response={200: SupportCountsSchema, **ERRORS}, summary="Support counts")
def counts_api(request: HttpRequest, filters: Query[SupportCountsQuery]) -> Any:
    """Counts of the support cases over the caller's analysis area: cases by kind and year, people
    supported, amounts by kind of support. Never a name or an id of a case."""
    scope = api_scope(request, Level.ANALYSE)
    if filters.start and filters.end and filters.end < filters.start:
        raise ValidationError(
            {"end": [ValidationError(_("The end date is before the start date."), code="end_before_start")]}
        )
    c = selectors.support_counts(scope, start=filters.start, end=filters.end)
    return {
        "cases": c.cases,
        "open_cases": c.open_cases,
        "people": c.people,
        "by_kind_year": [{"kind": k, "year": y, "cases": n} for (k, y), n in sorted(c.by_kind_year.items())],
        "supports": c.supports,
        "amount": c.amount,
        "amounts": [
            {"kind": k, "times": c.supports_by_kind[k], "amount": c.amount_by_kind[k]}
            for k in sorted(c.supports_by_kind)
        ],
    }
