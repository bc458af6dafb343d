"""API of candidate lists and elections: the lists of the caller's scope, a list with its share checks and
its candidates (people outside the scope counted in ``hidden``, never named), opening a list, adding and
removing candidates, recording the results (which create or link the tenures of those elected), marking a
term appointed. Reads through ``elections.selectors`` (a list outside the scope is 404), logged as reads of
personal data; writes through ``elections.services`` (``acting_user=request.user, source="api"``), whose
Vietnamese refusals come back by field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text100, Text250, UserDate
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Post, Term
from nguon.people.models import Person
from nguon.people.selectors import person_get

from . import selectors, services
from .models import Candidacy, CandidateList

router = Router(tags=["elections"])
SOURCE = "api"


class VerdictSchema(Schema):
    """One share check: the rule's code, whether the list meets it, the document, why (Vietnamese)."""

    code: str
    ok: bool
    document: str
    explanation: str


class CandidateListSchema(Schema):
    id: int
    term_id: int
    term_name: str
    body_name: str
    organization_id: int
    organization_name: str
    post_id: int
    post_name: str
    kind: str
    name: str
    constituency: str
    election_date: dt.date
    seats: int
    voters: int | None
    valid_ballots: int | None
    status: str
    decision: str

    @staticmethod
    def resolve_term_name(obj: CandidateList) -> str:
        return obj.term.name

    @staticmethod
    def resolve_body_name(obj: CandidateList) -> str:
        return obj.term.body.name

    @staticmethod
    def resolve_organization_id(obj: CandidateList) -> int:
        return obj.term.body.organization_id

    @staticmethod
    def resolve_organization_name(obj: CandidateList) -> str:
        return obj.term.body.organization.name

    @staticmethod
    def resolve_post_name(obj: CandidateList) -> str:
        return obj.post.name


class CandidacySchema(Schema):
    id: int
    person_id: int
    full_name: str
    sex: str
    birth_date: dt.date
    order: int
    nominated_by: str
    self_nominated: bool
    elected: bool | None
    votes: int | None
    share_of_valid_ballots: float | None = Field(None, description="Percent of the valid ballots.")
    tenure_id: int | None
    tenure_created: bool


class CandidateListDetailSchema(Schema):
    candidate_list: CandidateListSchema
    checks: list[VerdictSchema]
    candidacies: list[CandidacySchema]
    hidden: int = Field(description="Candidates outside the caller's scope (counted, never named).")
    elected_by_sex: dict[str, int]


class ListQuery(Schema):
    organization: Id | None = None
    term: Id | None = None
    kind: Text30 = ""
    year: int | None = Field(None, ge=1945, le=2100)


class CandidateListIn(Schema):
    term: Id
    post: Id
    kind: Text30
    name: Text250
    constituency: Text250 = ""
    election_date: UserDate
    seats: int = Field(ge=1, le=10000)
    decision: Text100 = ""


class CandidacyIn(Schema):
    person: Id
    order: int | None = Field(None, ge=0, le=10000)
    nominated_by: Text250 = ""
    self_nominated: bool = False


class ElectionResultIn(Schema):
    candidacy: Id
    elected: bool
    votes: int | None = Field(None, ge=0)


class ResultsIn(Schema):
    voters: int = Field(ge=0)
    valid_ballots: int = Field(ge=0)
    decision: Text100 | None = None
    results: list[ElectionResultIn]


class AppointedIn(Schema):
    decision: Text100


class ElectionTermSchema(Schema):
    id: int
    name: str
    formation: str
    formation_decision: str


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="not_in_scope")]})


def _candidacy_row(c: Candidacy, valid_ballots: int | None) -> dict[str, Any]:
    share = None
    if c.votes is not None and valid_ballots:
        share = round(c.votes * 100 / valid_ballots, 2)
    return {
        "id": c.pk,
        "person_id": c.person_id,
        "full_name": c.person.full_name,
        "sex": c.person.sex,
        "birth_date": c.person.birth_date,
        "order": c.order,
        "nominated_by": c.nominated_by,
        "self_nominated": c.self_nominated,
        "elected": c.elected,
        "votes": c.votes,
        "share_of_valid_ballots": share,
        "tenure_id": c.tenure_id,
        "tenure_created": c.tenure_created,
    }


def _detail(request: HttpRequest, scope: Scope, cl: CandidateList) -> dict[str, Any]:
    rows, hidden = selectors.candidacy_rows(scope=scope, candidate_list=cl)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=_("API: candidate list %(list)s") % {"list": cl.name},
        people_count=len(rows),
        path=request.get_full_path(),
    )
    return {
        "candidate_list": cl,
        "checks": selectors.list_verdicts(candidate_list=cl),
        "candidacies": [_candidacy_row(c, cl.valid_ballots) for c in rows],
        "hidden": hidden,
        "elected_by_sex": selectors.elected_by_sex(candidate_list=cl),
    }


@router.get(
    "/elections/lists/", response={200: Page[CandidateListSchema], **ERRORS}, summary="Candidate lists"
)
def list_list_api(request: HttpRequest, filters: Query[ListQuery], page: Query[PageIn]) -> Any:
    """The candidate lists of organizations inside the caller's scope, newest election first."""
    qs = selectors.candidate_list_list(
        scope=api_scope(request, Level.VIEW),
        organization_id=filters.organization,
        term_id=filters.term,
        kind=filters.kind,
        year=filters.year,
    )
    return paginate(qs, page)


@router.post("/elections/lists/", response={201: CandidateListSchema, **ERRORS}, summary="Open a list")
def list_create_api(request: HttpRequest, payload: CandidateListIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    term = (
        Term.objects.filter(scope.organizations_q(Level.VIEW, "body__organization__"), pk=payload.term)
        .select_related("body__organization__area")
        .first()
    )
    if term is None:
        raise _refused("term", _("No such term in your area of work."))
    post = Post.objects.filter(scope.organizations_q(Level.VIEW, "organization__"), pk=payload.post).first()
    if post is None:
        raise _refused("post", _("No such post in your area of work."))
    cl = services.candidate_list_create(
        term=term,
        post=post,
        kind=payload.kind,
        name=payload.name,
        constituency=payload.constituency,
        election_date=payload.election_date,
        seats=payload.seats,
        decision=payload.decision,
        acting_user=request.user,
        source=SOURCE,
    )
    return Status(201, selectors.candidate_list_get(scope=scope, pk=cl.pk))


@router.get(
    "/elections/lists/{pk}/",
    response={200: CandidateListDetailSchema, **ERRORS},
    summary="A list, its checks",
)
def list_detail_api(request: HttpRequest, pk: Id) -> Any:
    scope = api_scope(request, Level.VIEW)
    return _detail(request, scope, selectors.candidate_list_get(scope=scope, pk=pk))


@router.post(
    "/elections/lists/{pk}/candidacies/", response={201: CandidacySchema, **ERRORS}, summary="Add a candidate"
)
def candidacy_add_api(request: HttpRequest, pk: Id, payload: CandidacyIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    cl = selectors.candidate_list_get(scope=scope, pk=pk)
    try:
        person: Person = person_get(scope=scope, pk=payload.person)
    except Http404 as error:
        raise _refused("person", _("No such person in your area of work.")) from error
    candidacy = services.candidacy_add(
        candidate_list=cl,
        person=person,
        order=payload.order,
        nominated_by=payload.nominated_by,
        self_nominated=payload.self_nominated,
        acting_user=request.user,
        source=SOURCE,
    )
    return Status(201, _candidacy_row(candidacy, cl.valid_ballots))


def _candidacy(scope: Scope, cl: CandidateList, pk: int) -> Candidacy:
    found = (
        Candidacy.objects.filter(candidate_list=cl, pk=pk)
        .filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person")
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.delete(
    "/elections/lists/{pk}/candidacies/{candidacy_id}/",
    response={204: None, **ERRORS},
    summary="Take a candidate off a list",
)
def candidacy_remove_api(request: HttpRequest, pk: Id, candidacy_id: Id) -> Any:
    scope = api_scope(request, Level.EDIT)
    cl = selectors.candidate_list_get(scope=scope, pk=pk)
    services.candidacy_remove(
        candidacy=_candidacy(scope, cl, candidacy_id), acting_user=request.user, source=SOURCE
    )
    return Status(204, None)


@router.post(
    "/elections/lists/{pk}/results/",
    response={200: CandidateListDetailSchema, **ERRORS},
    summary="Record results",
)
def results_record_api(request: HttpRequest, pk: Id, payload: ResultsIn) -> Any:
    """Every candidate of the list once: ``elected`` and ``votes``; errors by field ``votes-<candidacy id>``,
    ``valid_ballots``, ``results``."""
    scope = api_scope(request, Level.EDIT)
    cl = selectors.candidate_list_get(scope=scope, pk=pk)
    by_id = {c.pk: c for c in Candidacy.objects.filter(candidate_list=cl).select_related("person")}
    results = []
    for i, r in enumerate(payload.results):
        candidacy = by_id.get(r.candidacy)
        if candidacy is None:
            raise _refused(f"results.{i}.candidacy", _("No such candidate on this list."))
        results.append((candidacy, r.elected, r.votes))
    services.results_record(
        candidate_list=cl,
        results=results,
        voters=payload.voters,
        valid_ballots=payload.valid_ballots,
        decision=payload.decision,
        acting_user=request.user,
        source=SOURCE,
    )
    return _detail(request, scope, selectors.candidate_list_get(scope=scope, pk=pk))


@router.post(
    "/elections/terms/{pk}/appointed/",
    response={200: ElectionTermSchema, **ERRORS},
    summary="Mark a term appointed",
)
def term_appointed_api(request: HttpRequest, pk: Id, payload: AppointedIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    term = (
        Term.objects.filter(scope.organizations_q(Level.VIEW, "body__organization__"), pk=pk)
        .select_related("body__organization__area")
        .first()
    )
    if term is None:
        raise Http404
    return services.term_mark_appointed(
        term=term, decision=payload.decision, acting_user=request.user, source=SOURCE
    )
