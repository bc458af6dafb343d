"""The API of organizations, bodies, terms, posts and tenures: lists and details through the selectors of
the caller's scope (view level), and the writes of tenures through the same services as the pages and the
importer (``tenure_create``, ``tenure_update``, ``tenure_end``), which refuse what lies outside her edit
scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text100, Text2000, UserDate, choices_literal, filtered, query_schema
from nguon.api.errors import ERRORS, WRITE_ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.history import record_version
from nguon.core.scope import Level, Scope
from nguon.people.filters import TenureFilterSet
from nguon.people.models import Person
from nguon.people.selectors import person_get

from . import services
from .choices import TenureEnd, TenureStart
from .filters import BodyFilterSet, OrganizationFilterSet, PostFilterSet, TermFilterSet
from .models import Body, Organization, Post, Tenure, Term
from .selectors import organization_get, organization_list, tenure_list

router = Router(tags=["organizations"])


# --- what the caller may read: always through organization_list / tenure_list (the scope) ----------------


def _organizations(scope: Scope) -> QuerySet[Organization]:
    return organization_list(scope=scope, level=Level.VIEW)


def body_list_in(scope: Scope) -> QuerySet[Body]:
    """Bodies of the organizations inside ``scope``."""
    return Body.objects.filter(organization__in=_organizations(scope)).select_related("organization")


def term_list_in(scope: Scope) -> QuerySet[Term]:
    """Terms of the bodies of the organizations inside ``scope``."""
    return Term.objects.filter(body__organization__in=_organizations(scope)).select_related("body")


def post_list_in(scope: Scope) -> QuerySet[Post]:
    """Posts of the organizations inside ``scope``."""
    return Post.objects.filter(organization__in=_organizations(scope)).select_related("organization__area")


def _one(qs: QuerySet[Any], pk: int, message: str) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


# --- schemas ----------------------------------------------------------------------------------------------


class OrganizationSchema(Schema):
    id: int
    name: str
    kind: str
    sector: str
    area_id: int
    area_code: str
    area_name: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_area_code(obj: Organization) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Organization) -> str:
        return obj.area.name


class BodySchema(Schema):
    id: int
    organization_id: int
    kind: str
    name: str


class TermSchema(Schema):
    id: int
    body_id: int
    name: str
    start_date: dt.date
    end_date: dt.date | None


class PostSchema(Schema):
    id: int
    organization_id: int
    body_id: int | None
    name: str
    rank: int
    is_key: bool
    is_leader: bool


class TenureSchema(Schema):
    """A person's hold on a post (and a seat of a body's term), over dates."""

    id: int
    person_id: int
    person_name: str
    post_id: int
    post_name: str
    organization_id: int
    organization_name: str
    body_id: int | None
    term_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    start_reason: str
    start_decision: str
    start_decision_date: dt.date | None
    end_reason: str
    end_decision: str
    note: str
    version: str

    @staticmethod
    def resolve_version(obj: Tenure) -> str:
        """The tenure's version: send it back with a change to be told (409) if someone else changed it."""
        return record_version(obj)

    @staticmethod
    def resolve_person_name(obj: Tenure) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_post_name(obj: Tenure) -> str:
        return obj.post.name

    @staticmethod
    def resolve_organization_id(obj: Tenure) -> int:
        return obj.post.organization_id

    @staticmethod
    def resolve_organization_name(obj: Tenure) -> str:
        return obj.post.organization.name

    @staticmethod
    def resolve_body_id(obj: Tenure) -> int | None:
        return obj.post.body_id


if TYPE_CHECKING:  # Literal types of the choices' values, built at import time
    StartReason = str
    EndReason = str
    EndReasonGiven = str
else:
    StartReason = choices_literal(TenureStart)
    EndReason = choices_literal(TenureEnd, blank=True)
    EndReasonGiven = choices_literal(TenureEnd)


class TenureIn(Schema):
    """A new tenure: who (``person``), which post, the term when the post is a seat of a body, from when,
    how it began, by which decision."""

    person: Id
    post: Id
    term: Id | None = None
    start_date: UserDate
    start_reason: StartReason
    end_date: UserDate | None = None
    end_reason: EndReason = ""
    start_decision: Text100 = ""
    start_decision_date: UserDate | None = None
    end_decision: Text100 = ""
    note: Text2000 = ""


class TenurePatch(Schema):
    """The fields of a tenure to change; those left out keep their value. ``version`` (from a read): the
    change is refused (409) if the tenure changed since."""

    version: Text30 | None = None

    person: Id | None = None
    post: Id | None = None
    term: Id | None = None
    start_date: UserDate | None = None
    start_reason: StartReason | None = None
    end_date: UserDate | None = None
    end_reason: EndReason | None = None
    start_decision: Text100 | None = None
    start_decision_date: UserDate | None = None
    end_decision: Text100 | None = None
    note: Text2000 | None = None


class TenureEndIn(Schema):
    """The end of a tenure: its last day, why, by which decision (``version``: as for a change)."""

    version: Text30 | None = None

    end_date: UserDate
    end_reason: EndReasonGiven
    end_decision: Text100 = ""


# --- organizations, bodies, terms, posts ------------------------------------------------------------------


if TYPE_CHECKING:  # the query schemas are built from the FilterSets at import time
    OrganizationQuery = Schema
    BodyQuery = Schema
    TermQuery = Schema
    PostQuery = Schema
    TenureQuery = Schema
else:
    OrganizationQuery = query_schema(OrganizationFilterSet, "OrganizationQuery")
    BodyQuery = query_schema(BodyFilterSet, "BodyQuery")
    TermQuery = query_schema(TermFilterSet, "TermQuery")
    PostQuery = query_schema(PostFilterSet, "PostQuery")
    TenureQuery = query_schema(TenureFilterSet, "TenureQuery")


@router.get(
    "/organizations/", response={200: Page[OrganizationSchema], **ERRORS}, summary="List organizations"
)
def organization_list_api(
    request: HttpRequest, filters: Query[OrganizationQuery], page: Query[PageIn]
) -> Any:
    """Organizations inside the caller's scope, with the filters of the pages."""
    qs = filtered(OrganizationFilterSet, filters, _organizations(api_scope(request, Level.VIEW)), request)
    return paginate(qs.order_by("area__code", "kind", "name", "id"), page)


@router.get("/organizations/{pk}/", response={200: OrganizationSchema, **ERRORS}, summary="One organization")
def organization_detail_api(request: HttpRequest, pk: Id) -> Any:
    return organization_get(scope=api_scope(request, Level.VIEW), pk=pk, level=Level.VIEW)


@router.get("/bodies/", response={200: Page[BodySchema], **ERRORS}, summary="List bodies")
def body_list_api(request: HttpRequest, filters: Query[BodyQuery], page: Query[PageIn]) -> Any:
    qs = filtered(BodyFilterSet, filters, body_list_in(api_scope(request, Level.VIEW)), request)
    return paginate(qs.order_by("organization_id", "kind", "name", "id"), page)


@router.get("/bodies/{pk}/", response={200: BodySchema, **ERRORS}, summary="One body")
def body_detail_api(request: HttpRequest, pk: Id) -> Any:
    return _one(body_list_in(api_scope(request, Level.VIEW)), pk, _("No such body in your area of work."))


@router.get("/terms/", response={200: Page[TermSchema], **ERRORS}, summary="List terms")
def term_list_api(request: HttpRequest, filters: Query[TermQuery], page: Query[PageIn]) -> Any:
    qs = filtered(TermFilterSet, filters, term_list_in(api_scope(request, Level.VIEW)), request)
    return paginate(qs.order_by("body_id", "start_date", "id"), page)


@router.get("/terms/{pk}/", response={200: TermSchema, **ERRORS}, summary="One term")
def term_detail_api(request: HttpRequest, pk: Id) -> Any:
    return _one(term_list_in(api_scope(request, Level.VIEW)), pk, _("No such term in your area of work."))


@router.get("/posts/", response={200: Page[PostSchema], **ERRORS}, summary="List posts")
def post_list_api(request: HttpRequest, filters: Query[PostQuery], page: Query[PageIn]) -> Any:
    qs = filtered(PostFilterSet, filters, post_list_in(api_scope(request, Level.VIEW)), request)
    return paginate(qs.order_by("organization_id", "rank", "name", "id"), page)


@router.get("/posts/{pk}/", response={200: PostSchema, **ERRORS}, summary="One post")
def post_detail_api(request: HttpRequest, pk: Id) -> Any:
    return _one(post_list_in(api_scope(request, Level.VIEW)), pk, _("No such post in your area of work."))


# --- tenures ----------------------------------------------------------------------------------------------


def _tenures(scope: Scope) -> QuerySet[Tenure]:
    return tenure_list(scope=scope)


@router.get("/tenures/", response={200: Page[TenureSchema], **ERRORS}, summary="List tenures")
def tenure_list_api(request: HttpRequest, filters: Query[TenureQuery], page: Query[PageIn]) -> Any:
    """Tenures in organizations inside the caller's scope, with the filters of the pages. Logged as a read
    of personal data (how many people the page names)."""
    qs = filtered(TenureFilterSet, filters, _tenures(api_scope(request, Level.VIEW)), request)
    found = paginate(qs.order_by("-start_date", "id"), page)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=_("API: list of tenures"),
        people_count=len({t.person_id for t in found["items"]}),
        path=request.get_full_path(),
    )
    return found


def _tenure(request: HttpRequest, pk: int) -> Tenure:
    return _one(  # type: ignore[no-any-return]
        _tenures(api_scope(request, Level.VIEW)), pk, _("No such tenure in your area of work.")
    )


@router.get("/tenures/{pk}/", response={200: TenureSchema, **ERRORS}, summary="One tenure")
def tenure_detail_api(request: HttpRequest, pk: Id) -> Any:
    tenure = _tenure(request, pk)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=_("API: tenure %(id)s") % {"id": tenure.pk},
        person_id=tenure.person_id,
        path=request.get_full_path(),
    )
    return tenure


def _field_ref(field: str, qs: QuerySet[Any], pk: int, message: str) -> Any:
    """The row ``pk`` of ``qs`` (the caller's scope) named by ``field``; a 422 on that field otherwise."""
    found = qs.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [ValidationError(message, code="not_in_scope")]})
    return found


def _person(scope: Scope, pk: int) -> Person:
    try:
        return person_get(scope=scope, pk=pk)
    except Http404 as error:
        raise ValidationError({"person": [ValidationError(str(error), code="not_in_scope")]}) from error


def _refs(scope: Scope, data: dict[str, Any]) -> dict[str, Any]:
    """The ids of ``person``, ``post`` and ``term`` in ``data`` as the rows they name inside ``scope``."""
    if data.get("person") is not None:
        data["person"] = _person(scope, data["person"])
    if data.get("post") is not None:
        data["post"] = _field_ref(
            "post", post_list_in(scope), data["post"], _("No such post in your area of work.")
        )
    if data.get("term") is not None:
        data["term"] = _field_ref(
            "term", term_list_in(scope), data["term"], _("No such term in your area of work.")
        )
    return data


@router.post("/tenures/", response={201: TenureSchema, **ERRORS}, summary="Start a tenure")
def tenure_create_api(request: HttpRequest, payload: TenureIn) -> Any:
    """Start a tenure through ``tenure_create`` (the rules of the pages and of the importer); refused (403)
    outside the caller's edit scope."""
    scope = api_scope(request, Level.EDIT)
    data = _refs(scope, payload.model_dump())
    tenure = services.tenure_create(**data, acting_user=request.user, source="api")
    return Status(201, _tenures(scope).get(pk=tenure.pk))


@router.patch("/tenures/{pk}/", response={200: TenureSchema, **WRITE_ERRORS}, summary="Change a tenure")
def tenure_update_api(request: HttpRequest, payload: TenurePatch, pk: Id) -> Any:
    """Change the fields given through ``tenure_update`` (the whole tenure checked again)."""
    scope = api_scope(request, Level.EDIT)
    tenure = _tenure(request, pk)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    for field in ("person", "post", "start_date", "start_reason"):
        if field in data and data[field] is None:
            raise ValidationError({field: [ValidationError(_("This field is required."), code="required")]})
    for field in ("end_reason", "start_decision", "end_decision", "note"):
        if field in data and data[field] is None:
            data[field] = ""
    services.tenure_update(
        tenure=tenure,
        data=_refs(scope, data),
        acting_user=request.user,
        source="api",
        expected_version=version,
    )
    return _tenures(scope).get(pk=pk)


@router.post("/tenures/{pk}/end/", response={200: TenureSchema, **WRITE_ERRORS}, summary="End a tenure")
def tenure_end_api(request: HttpRequest, payload: TenureEndIn, pk: Id) -> Any:
    """End a tenure on its last day, with the reason, through ``tenure_end``."""
    scope = api_scope(request, Level.EDIT)
    tenure = _tenure(request, pk)
    data = payload.model_dump()
    version = data.pop("version")
    services.tenure_end(
        tenure=tenure, **data, acting_user=request.user, source="api", expected_version=version
    )
    return _tenures(scope).get(pk=pk)
