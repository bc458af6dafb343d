"""The API of people: the list (the people page's filters) and the record, through ``person_list`` and
``person_get`` (the view level of the caller's scope), and the writes through ``person_create`` and
``person_update``, which refuse what lies outside her edit scope. Every read is logged as an access to
personal data (Decree 13/2023/NĐ-CP)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import (
    Id,
    Text30,
    Text50,
    Text150,
    UserDate,
    choices_literal,
    filtered,
    query_schema,
)
from nguon.api.errors import ERRORS, WRITE_ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.history import record_version
from nguon.core.scope import Level, Scope
from nguon.organizations.selectors import organization_list

from . import services
from .choices import BirthDatePrecision, Education, PoliticalTheory, Sex, StateManagement
from .filters import PersonFilterSet
from .models import Person
from .selectors import person_get, person_list

router = Router(tags=["people"])


class PersonSchema(Schema):
    """A person's record (birth_date: 1 January of the year when only the year is known)."""

    id: int
    code: str
    full_name: str
    sex: str
    birth_date: dt.date
    birth_date_precision: str
    ethnicity: str
    education: str
    political_theory: str
    state_management: str
    party_admission_date: dt.date | None
    dossier_organization_id: int | None
    version: str

    @staticmethod
    def resolve_version(obj: Person) -> str:
        """The record's version: send it back with a change to be told (409) if someone else changed the
        record meanwhile."""
        return record_version(obj)


if TYPE_CHECKING:  # Literal types of the choices' values, built at import time
    SexCode = str
    Precision = str
    EducationCode = str
    TheoryCode = str
    StateManagementCode = str
else:
    SexCode = choices_literal(Sex)
    Precision = choices_literal(BirthDatePrecision)
    EducationCode = choices_literal(Education, blank=True)
    TheoryCode = choices_literal(PoliticalTheory, blank=True)
    StateManagementCode = choices_literal(StateManagement, blank=True)


class PersonIn(Schema):
    """A new person. ``dossier_organization``: the id of the organization that keeps the record (required
    of officers: it puts the record inside their area of work)."""

    full_name: Text150
    sex: SexCode
    birth_date: UserDate
    birth_date_precision: Precision = "day"
    code: Text30 = ""
    ethnicity: Text50 = ""
    education: EducationCode = ""
    political_theory: TheoryCode = ""
    state_management: StateManagementCode = ""
    party_admission_date: UserDate | None = None
    dossier_organization: Id | None = None


class PersonPatch(Schema):
    """The fields of a person to change; those left out keep their value. ``version`` (from a read): the
    change is refused (409) if the record changed since."""

    version: Text30 | None = None

    full_name: Text150 | None = None
    sex: SexCode | None = None
    birth_date: UserDate | None = None
    birth_date_precision: Precision | None = None
    code: Text30 | None = None
    ethnicity: Text50 | None = None
    education: EducationCode | None = None
    political_theory: TheoryCode | None = None
    state_management: StateManagementCode | None = None
    party_admission_date: UserDate | None = None
    dossier_organization: Id | None = None


_REQUIRED = ("full_name", "sex", "birth_date", "birth_date_precision")
_TEXT = ("code", "ethnicity", "education", "political_theory", "state_management")


def _dossier(scope: Scope, data: dict[str, Any]) -> dict[str, Any]:
    """``dossier_organization`` (an id) as the organization it names inside ``scope``; 422 otherwise."""
    pk = data.get("dossier_organization")
    if pk is not None:
        found = organization_list(scope=scope, level=Level.VIEW).filter(pk=pk).first()
        if found is None:
            message = _("No such organization in your area of work.")
            raise ValidationError({"dossier_organization": [ValidationError(message, code="not_in_scope")]})
        data["dossier_organization"] = found
    return data


if TYPE_CHECKING:  # the query schemas are built from the FilterSets at import time
    PersonQuery = Schema
else:
    PersonQuery = query_schema(PersonFilterSet, "PersonQuery")


@router.get("/people/", response={200: Page[PersonSchema], **ERRORS}, summary="List people")
def person_list_api(request: HttpRequest, filters: Query[PersonQuery], page: Query[PageIn]) -> Any:
    """People inside the caller's scope (view level), with the filters of the people page, in Vietnamese
    name order. Logged as a read of personal data (how many people the page names)."""
    scope = api_scope(request, Level.VIEW)
    qs = filtered(PersonFilterSet, filters, person_list(scope=scope), request)
    found = paginate(qs.order_by("sort_key", "birth_date", "id"), page)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=_("API: list of people"),
        people_count=len(found["items"]),
        path=request.get_full_path(),
    )
    return found


@router.get("/people/{pk}/", response={200: PersonSchema, **ERRORS}, summary="One person")
def person_detail_api(request: HttpRequest, pk: Id) -> Any:
    """One person inside the caller's scope; 404 for anyone else. Logged."""
    person = person_get(scope=api_scope(request, Level.VIEW), pk=pk)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=_("API: record of %(name)s") % {"name": person.full_name},
        person_id=person.pk,
        path=request.get_full_path(),
    )
    return person


@router.post("/people/", response={201: PersonSchema, **ERRORS}, summary="Add a person")
def person_create_api(request: HttpRequest, payload: PersonIn) -> Any:
    """Add a person through ``person_create`` (the rules of the pages and of the importer)."""
    scope = api_scope(request, Level.EDIT)
    data = _dossier(scope, payload.model_dump())
    person = services.person_create(**data, acting_user=request.user, source="api")
    return Status(201, person)


@router.patch("/people/{pk}/", response={200: PersonSchema, **WRITE_ERRORS}, summary="Change a person")
def person_update_api(request: HttpRequest, payload: PersonPatch, pk: Id) -> Any:
    """Change the fields given through ``person_update``; refused (403) outside the caller's edit scope."""
    scope = api_scope(request, Level.EDIT)
    person = person_get(scope=scope, pk=pk)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    for field in _REQUIRED:
        if field in data and data[field] is None:
            raise ValidationError({field: [ValidationError(_("This field is required."), code="required")]})
    for field in _TEXT:
        if field in data and data[field] is None:
            data[field] = ""
    data = _dossier(scope, data)
    return services.person_update(
        person=person, data=data, acting_user=request.user, source="api", expected_version=version
    )
