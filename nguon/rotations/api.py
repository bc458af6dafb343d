"""API of rotation and transfer decisions (luân chuyển, điều động): decisions, their moves, the application.

Reads go through ``rotations.selectors`` (a decision outside the caller's view scope is 404; the moves of
people outside it are counted in ``hidden``, never named); writes through ``rotations.services`` with
``acting_user=request.user, source="api"`` (the edit scope of every organization touched, Vietnamese
messages by field; a refused application names each move refused, on "moves")."""

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
from nguon.api.common import Id, Text100, Text2000, UserDate, choices_literal
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization, Post, Tenure, Term
from nguon.people.selectors import person_search

from . import selectors, services
from .choices import MoveKind
from .models import Move, MoveDecision

router = Router(tags=["rotations"])

if TYPE_CHECKING:
    KindCode = str
else:
    KindCode = choices_literal(MoveKind)


class MoveDecisionSchema(Schema):
    """A rotation or transfer decision; ``applied_at`` null while it is a draft."""

    id: int
    issuer_id: int
    issuer_name: str
    kind: str
    number: str
    date: dt.date
    effective_date: dt.date
    signed_by: str
    note: str
    applied_at: dt.datetime | None

    @staticmethod
    def resolve_issuer_name(obj: Any) -> str:
        return str(obj["issuer_name"] if isinstance(obj, dict) else obj.issuer.name)


class MoveSchema(Schema):
    """A move: ``person_id`` leaves ``from_tenure_id`` (or the tenure move ``from_move_id`` starts) and takes
    ``to_post_id`` (in ``to_term_id``) from ``start_date``; ``created_tenure_id`` once applied."""

    id: int
    number: int
    person_id: int
    full_name: str
    from_tenure_id: int | None
    from_move_id: int | None
    to_post_id: int
    to_post_name: str
    to_organization_name: str
    to_term_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    created_tenure_id: int | None
    note: str


class DecisionDetailSchema(MoveDecisionSchema):
    moves: list[MoveSchema]
    hidden: int


class MoveDecisionIn(Schema):
    issuer: Id
    kind: KindCode
    number: Text100
    date: UserDate
    effective_date: UserDate | None = None
    signed_by: Text100 = ""
    note: Text2000 = ""


class MoveIn(Schema):
    person: Id
    from_tenure: Id | None = None
    from_move: Id | None = None
    to_post: Id
    to_term: Id | None = None
    start_date: UserDate
    end_date: UserDate | None = None
    note: Text2000 = ""


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="not_in_scope")]})


def _move_row(move: Move, number: int) -> dict[str, Any]:
    return {
        "id": move.pk,
        "number": number,
        "person_id": move.person_id,
        "full_name": move.person.full_name,
        "from_tenure_id": move.from_tenure_id,
        "from_move_id": move.from_move_id,
        "to_post_id": move.to_post_id,
        "to_post_name": move.to_post.name,
        "to_organization_name": move.to_post.organization.name,
        "to_term_id": move.to_term_id,
        "start_date": move.start_date,
        "end_date": move.end_date,
        "created_tenure_id": move.created_tenure_id,
        "note": move.note,
    }


def _detail(request: HttpRequest, scope: Scope, decision: MoveDecision) -> dict[str, Any]:
    moves = selectors.decision_moves(scope=scope, decision=decision)
    if moves.rows:
        personal_data_logged(
            user=request.user,
            kind=AccessKind.API,
            what=_("API: decision %(number)s") % {"number": decision.number},
            people_count=len(moves.rows),
            path=request.get_full_path(),
        )
    data = {f: getattr(decision, f) for f in MoveDecisionSchema.model_fields if f != "issuer_name"}
    data["issuer_name"] = decision.issuer.name
    data["moves"] = [_move_row(m, moves.numbers[m.pk]) for m in moves.rows]
    data["hidden"] = moves.hidden
    return data


@router.get(
    "/rotations/decisions/", response={200: Page[MoveDecisionSchema], **ERRORS}, summary="List decisions"
)
def decision_list_api(request: HttpRequest, page: Query[PageIn]) -> Any:
    """Rotation and transfer decisions of the caller's scope (issued or touching it), newest first."""
    return paginate(selectors.decision_list(scope=api_scope(request, Level.VIEW)), page)


@router.post(
    "/rotations/decisions/", response={201: MoveDecisionSchema, **ERRORS}, summary="Record a decision"
)
def decision_create_api(request: HttpRequest, payload: MoveDecisionIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    issuer = Organization.objects.filter(scope.organizations_q(Level.VIEW), pk=payload.issuer).first()
    if issuer is None:
        raise _refused("issuer", _("No such organization in your area of work."))
    decision = services.move_decision_create(
        issuer=issuer,
        kind=payload.kind,
        number=payload.number,
        date=payload.date,
        effective_date=payload.effective_date,
        signed_by=payload.signed_by,
        note=payload.note,
        acting_user=request.user,
        source="api",
    )
    return Status(201, decision)


@router.get(
    "/rotations/decisions/{rotation_id}/",
    response={200: DecisionDetailSchema, **ERRORS},
    summary="A decision",
)
def decision_detail_api(request: HttpRequest, rotation_id: Id) -> Any:
    """The decision and its moves in the order they are applied (people outside the scope counted)."""
    scope = api_scope(request, Level.VIEW)
    return _detail(request, scope, selectors.decision_get(scope=scope, pk=rotation_id))


@router.post(
    "/rotations/decisions/{rotation_id}/moves/",
    response={201: MoveSchema, **ERRORS},
    summary="Add a move to a decision",
)
def move_add_api(request: HttpRequest, rotation_id: Id, payload: MoveIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    decision = selectors.decision_get(scope=scope, pk=rotation_id)
    person = person_search(scope=scope).filter(pk=payload.person).first()
    if person is None:
        raise _refused("person", _("No such person in your area of work."))
    from_tenure = None
    if payload.from_tenure is not None:
        from_tenure = (
            Tenure.objects.filter(person=person, pk=payload.from_tenure)
            .select_related("post__organization__area")
            .first()
        )
        if from_tenure is None:
            raise _refused("from_tenure", _("This tenure is not hers."))
    from_move = None
    if payload.from_move is not None:
        from_move = Move.objects.filter(decision=decision, pk=payload.from_move).first()
        if from_move is None:
            raise _refused("from_move", _("The move followed must be of the same decision."))
    post = (
        Post.objects.filter(scope.organizations_q(Level.VIEW, "organization__"), pk=payload.to_post)
        .select_related("organization__area", "body")
        .first()
    )
    if post is None:
        raise _refused("to_post", _("No such post in your area of work."))
    term = None
    if payload.to_term is not None:
        term = Term.objects.filter(pk=payload.to_term).select_related("body").first()
        if term is None:
            raise _refused("to_term", _("No such term."))
    move = services.move_add(
        decision=decision,
        person=person,
        from_tenure=from_tenure,
        from_move=from_move,
        to_post=post,
        to_term=term,
        start_date=payload.start_date,
        end_date=payload.end_date,
        note=payload.note,
        acting_user=request.user,
        source="api",
    )
    number = [m.pk for m in services.moves_in_order(decision)].index(move.pk) + 1
    return Status(201, _move_row(move, number))


@router.delete("/rotations/moves/{move_id}/", response={204: None, **ERRORS}, summary="Take a move out")
def move_remove_api(request: HttpRequest, move_id: Id) -> Any:
    """Take a move (and those that follow it) out of a draft decision."""
    scope = api_scope(request, Level.EDIT)
    services.move_remove(
        move=selectors.move_get(scope=scope, pk=move_id), acting_user=request.user, source="api"
    )
    return Status(204, None)


@router.post(
    "/rotations/decisions/{rotation_id}/apply/",
    response={200: DecisionDetailSchema, **ERRORS},
    summary="Apply a decision",
)
def decision_apply_api(request: HttpRequest, rotation_id: Id) -> Any:
    """Apply every move in start-date order in one transaction (all or nothing: 422 on "moves" naming each
    move refused)."""
    scope = api_scope(request, Level.EDIT)
    decision = selectors.decision_get(scope=scope, pk=rotation_id)
    services.decision_apply(decision=decision, acting_user=request.user, source="api")
    return _detail(request, scope, selectors.decision_get(scope=scope, pk=rotation_id))
