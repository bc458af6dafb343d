"""Writes of rotation and transfer decisions (luân chuyển, điều động) and their moves.

A decision is recorded (``move_decision_create``), its moves added (``move_add``) or taken out
(``move_remove``) while it is a draft, then applied once (``decision_apply``): in one transaction, every move
in start-date order ends the tenure it leaves on the day before its start (end reason "rotated" or
"transferred" by the decision's kind, end decision = the decision's number) and starts the new tenure
through ``organizations.services.tenure_create`` (start reason the same, the decision's number and date).
All or nothing: every move that cannot be applied is named in the refusal and nothing is written.

Several moves of one person in one month: a move may leave "the tenure started by move X" of the same
decision (``from_move``), so A→B on the 5th and B→C on the 20th are one decision and the tenure on B (5th to
19th) is kept in the history. An applied decision is never edited: it is undone by a new decision.

Scope: the issuer's organization and every organization a move touches (the post left, the post taken), at
EDIT, for every write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.scope import Level, Scope
from nguon.core.services import Errors, add_error, model_create, model_delete, model_update, raise_errors
from nguon.core.text import clean_text
from nguon.organizations import services as org_services
from nguon.organizations.choices import TenureEnd, TenureStart
from nguon.organizations.models import Organization, Post, Tenure, Term
from nguon.people.models import Person

from .choices import MoveKind
from .models import Move, MoveDecision

ONE_DAY = dt.timedelta(days=1)

#: The tenure reasons of each kind of decision.
START_REASON = {MoveKind.ROTATION: TenureStart.ROTATED, MoveKind.TRANSFER: TenureStart.TRANSFERRED}
END_REASON = {MoveKind.ROTATION: TenureEnd.ROTATED, MoveKind.TRANSFER: TenureEnd.TRANSFERRED}


def _applied_error(decision: MoveDecision) -> ValidationError:
    return ValidationError(
        _(
            "Decision %(number)s was applied on %(date)s and cannot be changed: record a new decision to undo "
            "or correct it."
        )
        % {"number": decision.number, "date": format_date(timezone.localdate(decision.applied_at))},
        code="applied",
    )


def _require_draft(decision: MoveDecision) -> None:
    if decision.applied_at is not None:
        raise ValidationError({"decision": [_applied_error(decision)]})


def move_decision_check(
    *, kind: str, number: str, date: dt.date | None, effective_date: dt.date | None
) -> Errors:
    """A decision has a kind, a number, a date and the date it is in force from (not before its date)."""
    errors: Errors = {}
    if kind not in MoveKind.values:
        add_error(errors, "kind", _("Choose rotation or transfer."), "kind_invalid")
    if not number:
        add_error(errors, "number", _("Give the decision's number."), "number_empty")
    if date is None:
        add_error(errors, "date", _("Give the decision's date."), "date_missing")
    if effective_date is None:
        add_error(
            errors, "effective_date", _("Give the date the decision is in force from."), "effective_missing"
        )
    elif date is not None and effective_date < date:
        add_error(
            errors,
            "effective_date",
            _("The decision cannot be in force (%(effective)s) before it is signed (%(date)s).")
            % {"effective": format_date(effective_date), "date": format_date(date)},
            "effective_before_date",
        )
    return errors


@transaction.atomic
def move_decision_create(
    *,
    issuer: Organization,
    kind: str,
    number: str,
    date: dt.date,
    effective_date: dt.date | None = None,
    signed_by: str = "",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> MoveDecision:
    """Record a rotation or transfer decision of ``issuer`` (in force from its date unless told)."""
    scope_of(acting_user).require_organization(issuer, Level.EDIT)
    number = clean_text(number)
    effective_date = effective_date or date
    raise_errors(move_decision_check(kind=kind, number=number, date=date, effective_date=effective_date))
    decision = MoveDecision(
        issuer=issuer,
        kind=kind,
        number=number,
        date=date,
        effective_date=effective_date,
        signed_by=clean_text(signed_by),
        note=note.strip(),
    )
    return model_create(instance=decision, acting_user=acting_user, source=source)


def _held_on(tenure: Tenure, day: dt.date) -> bool:
    return tenure.start_date <= day and (tenure.end_date is None or tenure.end_date >= day)


def _leave_errors(errors: Errors, tenure: Tenure, start_date: dt.date) -> None:
    """``tenure`` must be held on the day before ``start_date`` (it is ended that day)."""
    last = start_date - ONE_DAY
    if tenure.start_date > last:
        add_error(
            errors,
            "from_tenure",
            _("The tenure %(post)s starts on %(start)s: it cannot be ended on %(last)s, before it began.")
            % {"post": tenure.post, "start": format_date(tenure.start_date), "last": format_date(last)},
            "from_after_start",
        )
    elif tenure.end_date is not None and tenure.end_date < last:
        add_error(
            errors,
            "from_tenure",
            _("The tenure %(post)s already ended on %(end)s, before the move (%(start)s).")
            % {"post": tenure.post, "end": format_date(tenure.end_date), "start": format_date(start_date)},
            "from_ended",
        )


def move_check(
    *,
    decision: MoveDecision,
    person: Person,
    from_tenure: Tenure | None,
    from_move: Move | None,
    to_post: Post | None,
    to_term: Term | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
) -> Errors:
    """What a move must be, whatever else is recorded: it leaves one of her tenures held the day before it
    starts (or the tenure another move of the same decision starts, earlier), takes a post (and a term of the
    post's body when the post is a seat of one), and its planned end is not before its start."""
    errors: Errors = {}
    if from_tenure is not None and from_move is not None:
        add_error(
            errors,
            "from_tenure",
            _("Choose either a tenure held or the tenure started by another move, not both."),
            "from_both",
        )
    if to_post is None:
        add_error(errors, "to_post", _("Choose the post taken."), "to_post_missing")
    elif to_post.body_id is not None and to_term is None:
        add_error(
            errors,
            "to_term",
            _("%(post)s is a seat of %(body)s: choose the term.") % {"post": to_post, "body": to_post.body},
            "term_missing",
        )
    elif to_term is not None and to_term.body_id != to_post.body_id:
        add_error(
            errors,
            "to_term",
            _("The term %(term)s is not a term of the body of post %(post)s.")
            % {"term": to_term, "post": to_post},
            "term_mismatch",
        )
    if start_date is None:
        add_error(errors, "start_date", _("Give the date the move takes effect."), "start_missing")
        return errors
    if end_date is not None and end_date < start_date:
        add_error(
            errors,
            "end_date",
            _("The end date %(end)s is before the start date %(start)s.")
            % {"end": format_date(end_date), "start": format_date(start_date)},
            "end_before_start",
        )
    if from_tenure is not None:
        if from_tenure.person_id != person.pk:
            add_error(errors, "from_tenure", _("This tenure is not hers."), "from_not_hers")
        else:
            _leave_errors(errors, from_tenure, start_date)
            if to_post is not None and from_tenure.post_id == to_post.pk:
                add_error(
                    errors, "to_post", _("She already holds this post: choose another one."), "same_post"
                )
    if from_move is not None:
        if from_move.decision_id != decision.pk:
            add_error(
                errors, "from_move", _("The move followed must be of the same decision."), "other_decision"
            )
        elif from_move.person_id != person.pk:
            add_error(errors, "from_move", _("The move followed is another person's."), "from_not_hers")
        elif from_move.start_date >= start_date:
            add_error(
                errors,
                "from_move",
                _("The move followed starts on %(start)s: this one must start later.")
                % {"start": format_date(from_move.start_date)},
                "from_move_later",
            )
        elif from_move.end_date is not None and from_move.end_date < start_date - ONE_DAY:
            add_error(
                errors,
                "from_move",
                _("The tenure started by the move followed is planned to end on %(end)s, before this move.")
                % {"end": format_date(from_move.end_date)},
                "from_move_ended",
            )
    return errors


def _touched(
    *, decision: MoveDecision, from_tenure: Tenure | None, to_post: Post | None
) -> Iterable[Organization]:
    yield decision.issuer
    if from_tenure is not None:
        yield from_tenure.post.organization
    if to_post is not None:
        yield to_post.organization


def _require_scope(scope: Scope, organizations: Iterable[Organization]) -> None:
    for organization in organizations:
        scope.require_organization(organization, Level.EDIT)


@transaction.atomic
def move_add(
    *,
    decision: MoveDecision,
    person: Person,
    to_post: Post,
    start_date: dt.date,
    from_tenure: Tenure | None = None,
    from_move: Move | None = None,
    to_term: Term | None = None,
    end_date: dt.date | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Move:
    """Add a move to a draft ``decision``: ``person`` leaves ``from_tenure`` (or the tenure ``from_move``
    starts) and takes ``to_post`` from ``start_date``. Refused outside the edit scope of the issuer and of the
    organizations left and joined, and when ``person`` is outside the acting user's view scope."""
    _require_draft(decision)
    scope = scope_of(acting_user)
    _require_scope(scope, _touched(decision=decision, from_tenure=from_tenure, to_post=to_post))
    if (
        not scope.unrestricted
        and not Person.objects.filter(scope.people_q(Level.VIEW), pk=person.pk).exists()
    ):
        raise PermissionDenied(_("This person is outside your area of work."))
    raise_errors(
        move_check(
            decision=decision,
            person=person,
            from_tenure=from_tenure,
            from_move=from_move,
            to_post=to_post,
            to_term=to_term,
            start_date=start_date,
            end_date=end_date,
        )
    )
    move = Move(
        decision=decision,
        person=person,
        from_tenure=from_tenure,
        from_move=from_move,
        to_post=to_post,
        to_term=to_term,
        start_date=start_date,
        end_date=end_date,
        note=note.strip(),
    )
    return model_create(instance=move, acting_user=acting_user, source=source)


@transaction.atomic
def move_remove(*, move: Move, acting_user: Actor = None, source: str = "") -> None:
    """Take a move out of a draft decision (and the moves that follow it)."""
    decision = move.decision
    _require_draft(decision)
    _require_scope(
        scope_of(acting_user), _touched(decision=decision, from_tenure=move.from_tenure, to_post=move.to_post)
    )
    for follower in list(move.next_moves.all()):
        move_remove(move=follower, acting_user=acting_user, source=source)
    model_delete(instance=move, acting_user=acting_user, source=source)


def moves_in_order(decision: MoveDecision) -> list[Move]:
    """The moves of ``decision`` in the order they are applied: start date, then as they were added."""
    return list(
        decision.moves.select_related(
            "person",
            "to_post__organization__area",
            "to_post__body",
            "to_term__body",
            "from_tenure__post__organization__area",
            "from_move",
        ).order_by("start_date", "id")
    )


def move_label(number: int, move: Move, named: bool = True) -> str:
    """How a refusal names a move: its rank in the decision, who (when the reader may see her), where to,
    from when."""
    return _("Move %(n)s (%(person)s → %(post)s, from %(start)s)") % {
        "n": number,
        "person": move.person if named else _("a person outside your area of work"),
        "post": move.to_post,
        "start": format_date(move.start_date),
    }


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _apply_one(
    *, decision: MoveDecision, move: Move, scope: Scope, acting_user: Actor, source: str
) -> list[str]:
    """Apply one move (inside the caller's transaction); the problems found, if any (nothing written then)."""
    problems: list[str] = []
    leave = move.from_tenure
    if move.from_move is not None:
        followed = Move.objects.select_related("created_tenure__post__organization__area").get(
            pk=move.from_move.pk
        )
        if followed.created_tenure is None:
            return [_("the move it follows could not be applied.")]
        leave = followed.created_tenure
    elif leave is not None:
        leave = Tenure.objects.select_related("post__organization__area", "person").get(pk=leave.pk)
    for organization in _touched(decision=decision, from_tenure=leave, to_post=move.to_post):
        if not scope.covers_organization(organization, Level.EDIT):
            problems.append(
                _("%(organization)s is outside your area of work.") % {"organization": organization}
            )
    errors = move_check(
        decision=decision,
        person=move.person,
        from_tenure=leave,
        from_move=None,
        to_post=move.to_post,
        to_term=move.to_term,
        start_date=move.start_date,
        end_date=move.end_date,
    )
    problems += [m for errs in errors.values() for e in errs for m in _messages(e)]
    if problems:
        return problems
    try:
        with transaction.atomic():
            if leave is not None:
                org_services.tenure_end(
                    tenure=leave,
                    end_date=move.start_date - ONE_DAY,
                    end_reason=END_REASON[MoveKind(decision.kind)],
                    end_decision=decision.number,
                    acting_user=acting_user,
                    source=source,
                )
            created = org_services.tenure_create(
                person=move.person,
                post=move.to_post,
                term=move.to_term,
                start_date=move.start_date,
                end_date=move.end_date,
                start_reason=START_REASON[MoveKind(decision.kind)],
                start_decision=decision.number,
                start_decision_date=decision.date,
                note=move.note,
                acting_user=acting_user,
                source=source,
            )
            model_update(
                instance=move,
                fields=("created_tenure",),
                data={"created_tenure": created},
                acting_user=acting_user,
                source=source,
            )
    except ValidationError as error:
        return _messages(error)
    except PermissionDenied as error:
        return [str(error)]
    return []


@transaction.atomic
def decision_apply(*, decision: MoveDecision, acting_user: Actor = None, source: str = "") -> MoveDecision:
    """Apply every move of ``decision`` in start-date order, in one transaction: end the tenure left on the
    day before the move, start the new one. All or nothing: the refusal (on "moves") names each move that
    could not be applied and why; nothing is written then."""
    locked = MoveDecision.objects.select_for_update().select_related("issuer__area").get(pk=decision.pk)
    _require_draft(locked)
    scope = scope_of(acting_user)
    scope.require_organization(locked.issuer, Level.EDIT)
    moves = moves_in_order(locked)
    if not moves:
        raise ValidationError({"moves": [_("The decision has no move to apply.")]})
    visible = set(
        Person.objects.filter(scope.people_q(Level.VIEW), pk__in=[m.person_id for m in moves]).values_list(
            "pk", flat=True
        )
    )
    problems: list[str] = []
    for number, move in enumerate(moves, start=1):
        named = move.person_id in visible
        found = _apply_one(decision=locked, move=move, scope=scope, acting_user=acting_user, source=source)
        if found and not named:  # what is refused of her is not told either, only that the move is refused
            found = [_("it touches records outside your area of work.")]
        problems += [f"{move_label(number, move, named)}: {problem}" for problem in found]
    if problems:  # raising rolls back every move already applied
        raise ValidationError({"moves": problems})
    model_update(
        instance=locked,
        fields=("applied_at",),
        data={"applied_at": timezone.now()},
        acting_user=acting_user,
        source=source,
    )
    decision.applied_at = locked.applied_at
    return locked
