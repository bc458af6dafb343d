"""API of the planning pools (quy hoạch): pools and their state on a date (the replay of the log, with the
post's incumbent of that date), the log, the writes of the log (add, move, remove, appointed), the planning
decisions, the annual review rounds, the readiness levels, and a pool's list as the offices' workbook.

Reads go through ``pipeline.selectors`` (the caller's view scope: a pool outside it is 404, people outside it
are counted in ``hidden``, never named) and are logged as reads of personal data; writes go through
``pipeline.services`` with ``acting_user=request.user, source="api"`` (the edit scope, the rules of the log,
Vietnamese messages by field)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator, Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text100, Text2000, UserDate, _clean_text, choices_literal
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.downloads import download
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization, Post, Tenure
from nguon.organizations.selectors import organization_list
from nguon.people.models import Person
from nguon.people.selectors import person_get

from . import selectors, services
from .choices import DecisionKind, EventAction, ProposalAction, RemovalReason
from .models import PlanningDecision, Pool, PoolEvent, ReadinessLevel, ReviewRound, RoundProposal
from .xlsx import PoolExporter

router = Router(tags=["pipeline"])

Text250 = Annotated[str, BeforeValidator(_clean_text), Field(max_length=250)]

if TYPE_CHECKING:
    DecisionKindCode = str
    RemovalCode = str
    ProposalCode = str
else:
    DecisionKindCode = choices_literal(DecisionKind)
    RemovalCode = choices_literal(RemovalReason, blank=True)
    ProposalCode = choices_literal(ProposalAction)


# --- schemas ----------------------------------------------------------------------------------------------
class ReadinessSchema(Schema):
    """A readiness level (mức độ sẵn sàng); ``order`` 1 is the readiest."""

    code: str
    name: str
    order: int
    years_from: int
    years_to: int | None


class DecisionSchema(Schema):
    """A planning decision (quyết định phê duyệt, rà soát quy hoạch)."""

    id: int
    organization_id: int
    organization_name: str
    kind: str
    number: str
    date: dt.date
    approving_body: str
    note: str

    @staticmethod
    def resolve_organization_name(obj: PlanningDecision) -> str:
        return obj.organization.name


class PoolSchema(Schema):
    """The planning of one post for one target term."""

    id: int
    post_id: int
    post_name: str
    organization_id: int
    organization_name: str
    target_term: str
    target_start: dt.date
    target_end: dt.date
    decision_id: int | None
    decision_number: str
    decision_date: dt.date | None
    note: str

    @staticmethod
    def resolve_post_name(obj: Pool) -> str:
        return obj.post.name

    @staticmethod
    def resolve_organization_id(obj: Pool) -> int:
        return obj.post.organization_id

    @staticmethod
    def resolve_organization_name(obj: Pool) -> str:
        return obj.post.organization.name

    @staticmethod
    def resolve_decision_number(obj: Pool) -> str:
        return obj.decision.number if obj.decision else ""

    @staticmethod
    def resolve_decision_date(obj: Pool) -> dt.date | None:
        return obj.decision.date if obj.decision else None


class IncumbentSchema(Schema):
    """Who held the post on the date asked."""

    tenure_id: int
    person_id: int
    person_name: str
    start_date: dt.date
    end_date: dt.date | None


class EntrySchema(Schema):
    """A person's place in the pool on the date asked (the replay of her entry's log)."""

    entry_id: int
    person_id: int
    person_name: str
    birth_date: dt.date
    sex: str
    first_planning: bool
    status: str
    in_pool: bool
    readiness: str | None
    readiness_name: str | None
    rank: int | None
    since: dt.date
    removal_reason: str


class PoolDetailSchema(Schema):
    """A pool on ``at``: its entries the caller may read (``hidden``: how many others are in it), the post's
    incumbents of that date (``incumbents_hidden``: holders outside the caller's scope)."""

    pool: PoolSchema
    at: dt.date
    entries: list[EntrySchema]
    hidden: int
    size: int
    incumbents: list[IncumbentSchema]
    incumbents_hidden: int


class EventSchema(Schema):
    """One line of a pool's log."""

    id: int
    entry_id: int
    person_id: int
    person_name: str
    date: dt.date
    action: str
    readiness: str | None
    rank: int | None
    removal_reason: str
    reason: str
    decision_id: int | None
    decision_number: str
    round_id: int | None
    recorded_by: str
    recorded_at: dt.datetime
    source: str

    @staticmethod
    def resolve_person_id(obj: PoolEvent) -> int:
        return obj.entry.person_id

    @staticmethod
    def resolve_person_name(obj: PoolEvent) -> str:
        return obj.entry.person.full_name

    @staticmethod
    def resolve_readiness(obj: PoolEvent) -> str | None:
        return obj.readiness.code if obj.readiness else None

    @staticmethod
    def resolve_decision_number(obj: PoolEvent) -> str:
        return obj.decision.number if obj.decision else ""

    @staticmethod
    def resolve_recorded_by(obj: PoolEvent) -> str:
        return obj.recorded_by.get_username() if obj.recorded_by else ""


class ProposalSchema(Schema):
    id: int
    pool_id: int
    person_id: int
    person_name: str
    action: str
    readiness: str | None
    rank: int | None
    removal_reason: str
    reason: str
    first_planning: bool


class RoundSchema(Schema):
    """An annual review of an organization's planning."""

    id: int
    organization_id: int
    organization_name: str
    year: int
    target_term: str
    status: str
    decision_id: int | None
    note: str
    proposals: int

    @staticmethod
    def resolve_organization_name(obj: ReviewRound) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_proposals(obj: ReviewRound) -> int:
        return int(getattr(obj, "proposal_count", 0))


class RoundDetailSchema(Schema):
    round: RoundSchema
    proposals: list[ProposalSchema]
    hidden: int


class PoolIn(Schema):
    """A new pool: the post planned, the target term (its name and dates), the approval decision."""

    post: Id
    target_term: Text30
    target_start: UserDate
    target_end: UserDate
    decision: Id | None = None
    note: Text2000 = ""


class EntryIn(Schema):
    """One line of the log: whose entry (``person``), on which day it takes effect, the readiness level (its
    code, see /pipeline/readiness-levels/), the rank, why (``removal_reason`` and/or ``reason``; a removal
    needs one), under which decision (its id). ``approved`` (adding only): false records a proposal."""

    person: Id
    date: UserDate
    readiness: Text30 | None = None
    rank: int | None = None
    removal_reason: RemovalCode = ""
    reason: Text2000 = ""
    decision: Id | None = None
    approved: bool = True
    first_planning: bool | None = None


class DecisionIn(Schema):
    organization: Id
    number: Text100
    date: UserDate
    approving_body: Text250
    kind: DecisionKindCode = "approval"
    note: Text2000 = ""


class RoundIn(Schema):
    organization: Id
    year: int
    target_term: Text30
    note: Text2000 = ""


class ProposalIn(Schema):
    pool: Id
    person: Id
    action: ProposalCode
    readiness: Text30 | None = None
    rank: int | None = None
    removal_reason: RemovalCode = ""
    reason: Text2000 = ""
    first_planning: bool = False


class ApproveIn(Schema):
    """The decision approving the round (its id): every proposal becomes a line of the log on its date."""

    decision: Id


class PoolQuery(Schema):
    organization: Id | None = None
    post: Id | None = None
    target_term: Text30 | None = None


class AtQuery(Schema):
    at: UserDate | None = None
    include_out: bool = False


class PoolOrganizationQuery(Schema):
    organization: Id | None = None


# --- helpers ----------------------------------------------------------------------------------------------
def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="not_in_scope")]})


def _person(scope: Scope, pk: int) -> Person:
    """A person the caller reads (a 422 on ``person`` otherwise: who is outside is never told)."""
    try:
        return person_get(scope=scope, pk=pk)
    except Http404 as error:
        raise _refused("person", _("No such person in your area of work.")) from error


def _readiness(code: str | None, field: str = "readiness") -> ReadinessLevel | None:
    if code is None or code == "":
        return None
    found = ReadinessLevel.objects.filter(code=code).first()
    if found is None:
        codes = ", ".join(ReadinessLevel.objects.values_list("code", flat=True))
        raise ValidationError(
            {field: [_("No such readiness level; the levels are: %(codes)s.") % {"codes": codes}]}
        )
    return found


def _decisions(scope: Scope) -> QuerySet[PlanningDecision]:
    return PlanningDecision.objects.filter(
        scope.organizations_q(Level.VIEW, "organization__")
    ).select_related("organization")


def _decision(scope: Scope, pk: int | None, organization: Organization) -> PlanningDecision | None:
    """The decision ``pk`` of ``organization`` (a 422 on ``decision`` otherwise)."""
    if pk is None:
        return None
    found = _decisions(scope).filter(pk=pk, organization=organization).first()
    if found is None:
        raise _refused("decision", _("No such planning decision of %(org)s.") % {"org": organization})
    return found


def _organization(scope: Scope, pk: int) -> Organization:
    found = organization_list(scope=scope, level=Level.VIEW).filter(pk=pk).first()
    if found is None:
        raise _refused("organization", _("No such organization in your area of work."))
    return found


def _rounds(scope: Scope) -> QuerySet[ReviewRound]:
    return (
        ReviewRound.objects.filter(scope.organizations_q(Level.VIEW, "organization__"))
        .select_related("organization")
        .annotate(proposal_count=Count("proposals"))
    )


def _round(scope: Scope, pk: int) -> ReviewRound:
    found = _rounds(scope).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such review in your area of work."))
    return found


def _logged(request: HttpRequest, what: str, people_count: int) -> None:
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=what,
        people_count=people_count,
        path=request.get_full_path(),
    )


def _entry_row(row: selectors.EntryRow) -> dict[str, Any]:
    return {
        "entry_id": row.entry.pk,
        "person_id": row.person.pk,
        "person_name": row.person.full_name,
        "birth_date": row.person.birth_date,
        "sex": row.person.sex,
        "first_planning": row.entry.first_planning,
        "status": row.state.status,
        "in_pool": row.state.in_pool,
        "readiness": row.readiness.code if row.readiness else None,
        "readiness_name": row.readiness.name if row.readiness else None,
        "rank": row.state.rank,
        "since": row.state.since,
        "removal_reason": row.state.removal_reason,
    }


def pool_detail(*, scope: Scope, pool: Pool, at: dt.date, include_out: bool = False) -> dict[str, Any]:
    """The pool on ``at`` as the API answers it (also what the pages helper may reuse)."""
    state = selectors.pool_states(scope=scope, pools_=[pool], at=at, include_out=include_out)[pool.pk]
    incumbents = selectors.incumbents_on(scope=scope, posts=[pool.post], at=at).get(pool.post_id, [])
    held = Tenure.objects.active_on(at).filter(post=pool.post).count()
    return {
        "pool": pool,
        "at": at,
        "entries": [_entry_row(r) for r in state.rows],
        "hidden": state.hidden,
        "size": state.size,
        "incumbents": [
            {
                "tenure_id": t.pk,
                "person_id": t.person_id,
                "person_name": t.person.full_name,
                "start_date": t.start_date,
                "end_date": t.end_date,
            }
            for t in incumbents
        ],
        "incumbents_hidden": max(held - len(incumbents), 0),
    }


# --- readiness, pools -------------------------------------------------------------------------------------
@router.get(
    "/pipeline/readiness-levels/",
    response={200: list[ReadinessSchema], **ERRORS},
    summary="Readiness levels",
)
def readiness_list_api(request: HttpRequest) -> Any:
    """The readiness levels (data), readiest first; their ``code`` is what the writes take."""
    api_scope(request, Level.VIEW)
    return list(ReadinessLevel.objects.all())


@router.get("/pipeline/pools/", response={200: Page[PoolSchema], **ERRORS}, summary="List planning pools")
def pool_list_api(request: HttpRequest, filters: Query[PoolQuery], page: Query[PageIn]) -> Any:
    """Pools of posts of organizations inside the caller's scope, by organization, post, target term."""
    qs = selectors.pool_list(scope=api_scope(request, Level.VIEW))
    if filters.organization is not None:
        qs = qs.filter(post__organization_id=filters.organization)
    if filters.post is not None:
        qs = qs.filter(post_id=filters.post)
    if filters.target_term:
        qs = qs.filter(target_term=filters.target_term.strip())
    return paginate(qs.order_by("post__organization_id", "post__rank", "target_start", "id"), page)


@router.post("/pipeline/pools/", response={201: PoolSchema, **ERRORS}, summary="Open a planning pool")
def pool_create_api(request: HttpRequest, payload: PoolIn) -> Any:
    """Open the planning of a post for a target term through ``pool_create`` (403 outside the edit scope)."""
    scope = api_scope(request, Level.EDIT)
    post = Post.objects.filter(scope.organizations_q(Level.VIEW, "organization__"), pk=payload.post).first()
    if post is None:
        raise _refused("post", _("No such post in your area of work."))
    pool = services.pool_create(
        post=post,
        target_term=payload.target_term,
        target_start=payload.target_start,
        target_end=payload.target_end,
        decision=_decision(scope, payload.decision, post.organization),
        note=payload.note,
        acting_user=request.user,
        source="api",
    )
    return Status(201, selectors.pool_get(scope=scope, pk=pool.pk))


@router.get("/pipeline/pools/{pk}/", response={200: PoolDetailSchema, **ERRORS}, summary="A pool on a date")
def pool_detail_api(request: HttpRequest, pk: Id, query: Query[AtQuery]) -> Any:
    """The pool on ``at`` (YYYY-MM-DD or dd/mm/yyyy; today by default, or the last day of an area that ended): its entries in readiness then rank
    order (``include_out``: also those removed or appointed by then), and the incumbents of that date."""
    scope = api_scope(request, Level.VIEW)
    pool = selectors.pool_get(scope=scope, pk=pk)
    at = query.at or scope.default_date()
    found = pool_detail(scope=scope, pool=pool, at=at, include_out=query.include_out)
    people = len(found["entries"]) + len(found["incumbents"])
    _logged(request, _("API: planning %(pool)s") % {"pool": pool}, people)
    return found


@router.get("/pipeline/pools/{pk}/log/", response={200: Page[EventSchema], **ERRORS}, summary="A pool's log")
def pool_log_api(request: HttpRequest, pk: Id, page: Query[PageIn]) -> Any:
    """The lines of the pool's log about people the caller reads, newest first."""
    scope = api_scope(request, Level.VIEW)
    pool = selectors.pool_get(scope=scope, pk=pk)
    found = paginate(selectors.pool_log(scope=scope, pool=pool), page)
    _logged(
        request,
        _("API: log of the planning %(pool)s") % {"pool": pool},
        len({e.entry.person_id for e in found["items"]}),
    )
    return found


def _write(request: HttpRequest, pk: int, payload: EntryIn, action: str) -> Any:
    scope = api_scope(request, Level.EDIT)
    pool = selectors.pool_get(scope=scope, pk=pk)
    common: dict[str, Any] = {
        "pool": pool,
        "person": _person(scope, payload.person),
        "date": payload.date,
        "reason": payload.reason,
        "decision": _decision(scope, payload.decision, pool.post.organization),
        "acting_user": request.user,
        "source": "api",
    }
    if action == EventAction.APPROVE:
        event = services.entry_add(
            approved=payload.approved,
            readiness=_readiness(payload.readiness),
            rank=payload.rank,
            first_planning=payload.first_planning,
            **common,
        )
    elif action == EventAction.MOVE:
        event = services.entry_move(readiness=_readiness(payload.readiness), rank=payload.rank, **common)
    elif action == EventAction.REMOVE:
        event = services.entry_remove(removal_reason=payload.removal_reason, **common)
    else:
        event = services.entry_fulfil(**common)
    return Status(201, selectors.pool_log(scope=scope, pool=pool).get(pk=event.pk))


@router.post("/pipeline/pools/{pk}/add/", response={201: EventSchema, **ERRORS}, summary="Add to a pool")
def entry_add_api(request: HttpRequest, pk: Id, payload: EntryIn) -> Any:
    """Approve (or, with ``approved`` false, propose) a person into the pool from ``date``."""
    return _write(request, pk, payload, EventAction.APPROVE)


@router.post("/pipeline/pools/{pk}/move/", response={201: EventSchema, **ERRORS}, summary="Move in a pool")
def entry_move_api(request: HttpRequest, pk: Id, payload: EntryIn) -> Any:
    """Change a person's readiness (its code) or rank in the pool from ``date``."""
    return _write(request, pk, payload, EventAction.MOVE)


@router.post(
    "/pipeline/pools/{pk}/remove/", response={201: EventSchema, **ERRORS}, summary="Remove from a pool"
)
def entry_remove_api(request: HttpRequest, pk: Id, payload: EntryIn) -> Any:
    """Take a person out of the pool on ``date`` (``removal_reason`` and/or ``reason`` required)."""
    return _write(request, pk, payload, EventAction.REMOVE)


@router.post(
    "/pipeline/pools/{pk}/fulfil/", response={201: EventSchema, **ERRORS}, summary="Appointed to the post"
)
def entry_fulfil_api(request: HttpRequest, pk: Id, payload: EntryIn) -> Any:
    """The person was appointed or elected to the pool's post on ``date``."""
    return _write(request, pk, payload, EventAction.FULFIL)


@router.get("/pipeline/pools/{pk}/export/", response={200: None, **ERRORS}, summary="A pool as a workbook")
def pool_export_api(request: HttpRequest, pk: Id, query: Query[AtQuery]) -> HttpResponse:
    """The pool's list on ``at`` in the layout the offices use (xlsx)."""
    scope = api_scope(request, Level.VIEW)
    pool = selectors.pool_get(scope=scope, pk=pk)
    exporter = PoolExporter(scope=scope, pool=pool, at=query.at or scope.default_date())
    rendered = exporter.render()
    _logged(request, _("API: export of the planning %(pool)s") % {"pool": pool}, exporter.people_count)
    return download(rendered)


# --- decisions --------------------------------------------------------------------------------------------
@router.get(
    "/pipeline/decisions/", response={200: Page[DecisionSchema], **ERRORS}, summary="Planning decisions"
)
def decision_list_api(
    request: HttpRequest, filters: Query[PoolOrganizationQuery], page: Query[PageIn]
) -> Any:
    qs = _decisions(api_scope(request, Level.VIEW))
    if filters.organization is not None:
        qs = qs.filter(organization_id=filters.organization)
    return paginate(qs.order_by("organization_id", "-date", "id"), page)


@router.post(
    "/pipeline/decisions/", response={201: DecisionSchema, **ERRORS}, summary="Record a planning decision"
)
def decision_create_api(request: HttpRequest, payload: DecisionIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    data = payload.model_dump()
    data["organization"] = _organization(scope, payload.organization)
    decision = services.decision_create(**data, acting_user=request.user, source="api")
    return Status(201, _decisions(scope).get(pk=decision.pk))


# --- review rounds ----------------------------------------------------------------------------------------
@router.get("/pipeline/rounds/", response={200: Page[RoundSchema], **ERRORS}, summary="Review rounds")
def round_list_api(request: HttpRequest, filters: Query[PoolOrganizationQuery], page: Query[PageIn]) -> Any:
    qs = _rounds(api_scope(request, Level.VIEW))
    if filters.organization is not None:
        qs = qs.filter(organization_id=filters.organization)
    return paginate(qs.order_by("organization_id", "-year", "id"), page)


def _round_detail(scope: Scope, review: ReviewRound) -> dict[str, Any]:
    proposals = list(
        RoundProposal.objects.filter(round=review).select_related("person", "readiness").order_by("id")
    )
    visible = set(
        Person.objects.filter(scope.people_q(Level.VIEW))
        .filter(pk__in={p.person_id for p in proposals})
        .values_list("pk", flat=True)
    )
    return {
        "round": review,
        "proposals": [
            {
                "id": p.pk,
                "pool_id": p.pool_id,
                "person_id": p.person_id,
                "person_name": p.person.full_name,
                "action": p.action,
                "readiness": p.readiness.code if p.readiness else None,
                "rank": p.rank,
                "removal_reason": p.removal_reason,
                "reason": p.reason,
                "first_planning": p.first_planning,
            }
            for p in proposals
            if p.person_id in visible
        ],
        "hidden": sum(1 for p in proposals if p.person_id not in visible),
    }


@router.get(
    "/pipeline/rounds/{round_id}/", response={200: RoundDetailSchema, **ERRORS}, summary="A review round"
)
def round_detail_api(request: HttpRequest, round_id: Id) -> Any:
    scope = api_scope(request, Level.VIEW)
    review = _round(scope, round_id)
    found = _round_detail(scope, review)
    _logged(request, _("API: review %(round)s") % {"round": review}, len(found["proposals"]))
    return found


@router.post("/pipeline/rounds/", response={201: RoundSchema, **ERRORS}, summary="Open a review round")
def round_create_api(request: HttpRequest, payload: RoundIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    review = services.round_create(
        organization=_organization(scope, payload.organization),
        year=payload.year,
        target_term=payload.target_term.strip(),
        note=payload.note,
        acting_user=request.user,
        source="api",
    )
    return Status(201, _round(scope, review.pk))


@router.post(
    "/pipeline/rounds/{round_id}/proposals/",
    response={201: RoundDetailSchema, **ERRORS},
    summary="Propose in a review round",
)
def round_propose_api(request: HttpRequest, round_id: Id, payload: ProposalIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    review = _round(scope, round_id)
    pool = selectors.pool_list(scope=scope).filter(pk=payload.pool).first()
    if pool is None:
        raise _refused("pool", _("No such planning in your area of work."))
    services.round_propose(
        round=review,
        pool=pool,
        person=_person(scope, payload.person),
        action=payload.action,
        readiness=_readiness(payload.readiness),
        rank=payload.rank,
        removal_reason=payload.removal_reason,
        reason=payload.reason,
        first_planning=payload.first_planning,
        acting_user=request.user,
        source="api",
    )
    return Status(201, _round_detail(scope, _round(scope, review.pk)))


@router.post(
    "/pipeline/rounds/{round_id}/approve/",
    response={200: RoundDetailSchema, **ERRORS},
    summary="Approve a review round",
)
def round_approve_api(request: HttpRequest, round_id: Id, payload: ApproveIn) -> Any:
    """Approve every proposal of the round under one decision (all or nothing)."""
    scope = api_scope(request, Level.EDIT)
    review = _round(scope, round_id)
    decision = _decision(scope, payload.decision, review.organization)
    assert decision is not None
    services.round_approve(round=review, decision=decision, acting_user=request.user, source="api")
    return _round_detail(scope, _round(scope, review.pk))
