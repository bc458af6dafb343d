"""Reads of rotation and transfer decisions, through the reader's scope.

A decision is in the scope when its issuer is, or when one of its moves leaves or takes a post of an
organization in the scope (at VIEW). Its moves are shown by name only for the people inside the scope; the
others are counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope
from nguon.organizations.models import Tenure
from nguon.people.models import Person

from .models import Move, MoveDecision


def decision_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[MoveDecision]:
    """Decisions inside ``scope``, newest first."""
    qs = MoveDecision.objects.select_related("issuer__area").annotate(move_count=Count("moves"))
    if not scope.unrestricted:
        touched = Move.objects.filter(
            scope.organizations_q(level, "to_post__organization__")
            | scope.organizations_q(level, "from_tenure__post__organization__")
        ).values("decision_id")
        qs = qs.filter(Q(scope.organizations_q(level, "issuer__")) | Q(pk__in=touched))
    return qs.order_by("-date", "-id")


def decision_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> MoveDecision:
    """One decision inside ``scope``; Http404 otherwise (as for none)."""
    found = decision_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such decision in your area of work."))
    return found


@dataclass
class DecisionMoves:
    """The moves of a decision as a reader sees them: ``rows`` those of people inside the scope (in the order
    they are applied), ``hidden`` how many others."""

    rows: list[Move] = field(default_factory=list)
    hidden: int = 0
    numbers: dict[int, int] = field(default_factory=dict)  # move id -> its rank in the decision


def decision_moves(*, scope: Scope, decision: MoveDecision) -> DecisionMoves:
    moves = list(
        decision.moves.select_related(
            "person",
            "to_post__organization",
            "to_post__body",
            "to_term",
            "from_tenure__post__organization",
            "from_move",
            "created_tenure",
        ).order_by("start_date", "id")
    )
    visible = set(
        Person.objects.filter(scope.people_q(Level.VIEW), pk__in=[m.person_id for m in moves]).values_list(
            "pk", flat=True
        )
    )
    found = DecisionMoves(numbers={m.pk: n for n, m in enumerate(moves, start=1)})
    for move in moves:
        move.number = found.numbers[move.pk]  # type: ignore[attr-defined]
        if move.person_id in visible:
            found.rows.append(move)
        else:
            found.hidden += 1
    return found


def move_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Move:
    """One move of a decision in the scope, of a person inside it; Http404 otherwise."""
    move = (
        Move.objects.select_related("decision__issuer__area", "person", "to_post__organization__area")
        .filter(decision__in=decision_list(scope=scope, level=level), pk=pk)
        .filter(scope.people_q(Level.VIEW, "person__"))
        .first()
    )
    if move is None:
        raise Http404(_("No such move in your area of work."))
    return move


def tenures_to_leave(*, scope: Scope, person: Person, since: dt.date | None = None) -> QuerySet[Tenure]:
    """The tenures of ``person`` in organizations of the edit scope that a move could leave: not ended, or
    ended on or after ``since`` (the day before the decision's date: a move does not leave a tenure over
    before it), newest first."""
    qs = Tenure.objects.filter(person=person)
    if since is not None:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
    return (
        qs.filter(scope.organizations_q(Level.EDIT, "post__organization__"))
        .select_related("post__organization", "term")
        .order_by("-start_date", "-id")
    )


def person_moves(*, scope: Scope, person: Person) -> QuerySet[Move]:
    """The moves of ``person`` in decisions of the scope (her timeline), oldest first."""
    return (
        Move.objects.filter(person=person, decision__in=decision_list(scope=scope))
        .select_related("decision", "to_post__organization", "from_tenure__post")
        .order_by("start_date", "id")
    )
