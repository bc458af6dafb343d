"""Writes of the planning pools: decisions, pools, the dated log of their entries, review rounds, discipline,
proposals for appointment and post requirements. Every write is checked against the acting user's edit scope
(the organization of the post planned) and audited; the log is only ever appended to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.scope import Level
from nguon.core.services import Errors, add_error, model_create, model_update, raise_errors
from nguon.organizations.models import Organization, Post
from nguon.people.models import Person
from nguon.people.services import person_require_edit

from . import pools
from .choices import EventAction, ProposalAction, RoundStatus
from .models import (
    AppointmentProposal,
    DisciplineRecord,
    PlanningDecision,
    Pool,
    PoolEntry,
    PoolEvent,
    PostRequirement,
    ReadinessLevel,
    ReviewRound,
    RoundProposal,
)

POOL_FIELDS = ("target_term", "target_start", "target_end", "decision", "note")
DECISION_FIELDS = ("kind", "number", "date", "approving_body", "note")


def _require(organization: Organization, acting_user: Actor) -> None:
    scope_of(acting_user).require_organization(organization, Level.EDIT)


def _actor(acting_user: Actor) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _require_person(errors: Errors, person: Person, acting_user: Actor) -> None:
    """One may plan only a person one reads (the answer for anyone else is the one for no such person: who
    is kept outside the scope is never told)."""
    scope = scope_of(acting_user)
    if scope.unrestricted:
        return
    if not Person.objects.filter(scope.people_q(Level.VIEW)).filter(pk=person.pk).exists():
        add_error(errors, "person", _("No such person in your area of work."), "not_in_scope")


# -- decisions and pools -------------------------------------------------------------------------------------
@transaction.atomic
def decision_create(
    *,
    organization: Organization,
    number: str,
    date: dt.date,
    approving_body: str,
    kind: str = "approval",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> PlanningDecision:
    """Record a planning decision of ``organization``'s posts."""
    _require(organization, acting_user)
    errors: Errors = {}
    if not number.strip():
        add_error(errors, "number", _("The decision number is empty."), "number_empty")
    if not approving_body.strip():
        add_error(errors, "approving_body", _("Say which body approved the planning."), "approver_empty")
    raise_errors(errors)
    decision = PlanningDecision(
        organization=organization,
        kind=kind,
        number=number.strip(),
        date=date,
        approving_body=approving_body.strip(),
        note=note,
    )
    return model_create(instance=decision, acting_user=acting_user, source=source)


def pool_check(
    *, post: Post, target_term: str, target_start: dt.date, target_end: dt.date, pk: int | None
) -> Errors:
    """A pool names its target term, which does not end before it starts, once per post."""
    errors: Errors = {}
    if not target_term.strip():
        add_error(errors, "target_term", _("Name the target term, e.g. 2025–2030."), "term_empty")
    if target_end < target_start:
        add_error(
            errors,
            "target_end",
            _("The end date %(end)s is before the start date %(start)s.")
            % {"end": format_date(target_end), "start": format_date(target_start)},
            "end_before_start",
        )
    clash = Pool.objects.filter(post=post, target_term=target_term.strip())
    if pk is not None:
        clash = clash.exclude(pk=pk)
    if target_term.strip() and clash.exists():
        add_error(
            errors,
            "target_term",
            _("%(post)s already has a planning for the term %(term)s.")
            % {"post": post, "term": target_term.strip()},
            "pool_exists",
        )
    return errors


@transaction.atomic
def pool_create(
    *,
    post: Post,
    target_term: str,
    target_start: dt.date,
    target_end: dt.date,
    decision: PlanningDecision | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Pool:
    """Open the planning of ``post`` for a target term."""
    _require(post.organization, acting_user)
    raise_errors(
        pool_check(
            post=post, target_term=target_term, target_start=target_start, target_end=target_end, pk=None
        )
    )
    pool = Pool(
        post=post,
        target_term=target_term.strip(),
        target_start=target_start,
        target_end=target_end,
        decision=decision,
        note=note,
    )
    return model_create(instance=pool, acting_user=acting_user, source=source)


@transaction.atomic
def pool_update(*, pool: Pool, data: Mapping[str, Any], acting_user: Actor = None, source: str = "") -> Pool:
    _require(pool.post.organization, acting_user)
    merged = {f: data.get(f, getattr(pool, f)) for f in ("target_term", "target_start", "target_end")}
    raise_errors(pool_check(post=pool.post, pk=pool.pk, **merged))
    return model_update(instance=pool, fields=POOL_FIELDS, data=data, acting_user=acting_user, source=source)


# -- the log -------------------------------------------------------------------------------------------------
def _as_event(e: PoolEvent) -> pools.Event:
    return pools.Event(
        id=e.pk,
        entry_id=e.entry_id,
        date=e.date,
        action=e.action,
        readiness_id=e.readiness_id,
        rank=e.rank,
        removal_reason=e.removal_reason,
    )


_REFUSALS = {
    EventAction.PROPOSE: gettext_noop("%(person)s is already in the planning of %(pool)s on %(date)s."),
    EventAction.APPROVE: gettext_noop(
        "%(person)s is already approved in the planning of %(pool)s on %(date)s."
    ),
    EventAction.MOVE: gettext_noop("%(person)s is not in the planning of %(pool)s on %(date)s."),
    EventAction.REMOVE: gettext_noop("%(person)s is not in the planning of %(pool)s on %(date)s."),
    EventAction.FULFIL: gettext_noop("%(person)s is not in the planning of %(pool)s on %(date)s."),
}


@transaction.atomic
def entry_event(
    *,
    pool: Pool,
    person: Person,
    action: str,
    date: dt.date,
    readiness: ReadinessLevel | None = None,
    rank: int | None = None,
    removal_reason: str = "",
    reason: str = "",
    decision: PlanningDecision | None = None,
    round: ReviewRound | None = None,
    first_planning: bool | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> PoolEvent:
    """Append one event to ``person``'s entry in ``pool`` (creating the entry on its first event), after
    checking that it follows the entry's state on ``date`` and that every later event still follows. The one
    write of the log: the add/move/remove/fulfil helpers below and the review rounds go through it."""
    _require(pool.post.organization, acting_user)
    errors: Errors = {}
    _require_person(errors, person, acting_user)
    if action == EventAction.REMOVE and not (removal_reason or reason.strip()):
        add_error(errors, "reason", _("Say why the person leaves the planning."), "reason_empty")
    if rank is not None and rank < 1:
        add_error(errors, "rank", _("The rank is a whole number from 1."), "rank_invalid")
    raise_errors(errors)
    entry, created = PoolEntry.objects.select_for_update().get_or_create(
        pool=pool, person=person, defaults={"first_planning": bool(first_planning)}
    )
    if not created and first_planning is not None and entry.first_planning != first_planning:
        entry.first_planning = first_planning
        entry.save(update_fields=["first_planning"])
    existing = [_as_event(e) for e in PoolEvent.objects.filter(entry=entry)]
    candidate = pools.Event(
        id=max((e.id for e in existing), default=0) + 1,
        entry_id=entry.pk,
        date=date,
        action=str(action),
        readiness_id=readiness.pk if readiness else None,
        rank=rank,
        removal_reason=removal_reason,
    )
    # A new event applies after the entry's events of the same day; the id it will get is larger than theirs.
    values = {"person": person, "pool": pool, "date": format_date(date)}
    try:
        pools.transition(pools.replay(existing, date).get(entry.pk), candidate)
    except pools.TransitionError as error:
        raise ValidationError({"date": [_(_REFUSALS[EventAction(action)]) % values]}) from error
    try:
        pools.state_after(existing, entry.pk, candidate)
    except pools.TransitionError as error:
        message = _(
            "This change on %(date)s would contradict a later line of the log of %(person)s in %(pool)s."
        )
        raise ValidationError({"date": [message % values]}) from error
    event = PoolEvent(
        entry=entry,
        date=date,
        action=action,
        readiness=readiness,
        rank=rank,
        removal_reason=removal_reason,
        reason=reason.strip(),
        decision=decision,
        round=round,
        recorded_by=_actor(acting_user),
        source=source,
    )
    return model_create(instance=event, acting_user=acting_user, source=source)


def entry_add(
    *,
    pool: Pool,
    person: Person,
    date: dt.date,
    approved: bool = True,
    **kwargs: Any,
) -> PoolEvent:
    """Put ``person`` in ``pool`` on ``date``: approved (under ``decision``) or only proposed."""
    action = EventAction.APPROVE if approved else EventAction.PROPOSE
    return entry_event(pool=pool, person=person, action=action, date=date, **kwargs)


def entry_move(*, pool: Pool, person: Person, date: dt.date, **kwargs: Any) -> PoolEvent:
    """Change the readiness or the rank of ``person`` in ``pool`` from ``date``."""
    return entry_event(pool=pool, person=person, action=EventAction.MOVE, date=date, **kwargs)


def entry_remove(*, pool: Pool, person: Person, date: dt.date, **kwargs: Any) -> PoolEvent:
    """Take ``person`` out of ``pool`` on ``date`` (``removal_reason`` and/or ``reason`` required)."""
    return entry_event(pool=pool, person=person, action=EventAction.REMOVE, date=date, **kwargs)


def entry_fulfil(*, pool: Pool, person: Person, date: dt.date, **kwargs: Any) -> PoolEvent:
    """``person`` was appointed or elected to the pool's post on ``date``."""
    return entry_event(pool=pool, person=person, action=EventAction.FULFIL, date=date, **kwargs)


# -- review rounds -------------------------------------------------------------------------------------------
@transaction.atomic
def round_create(
    *,
    organization: Organization,
    year: int,
    target_term: str,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> ReviewRound:
    _require(organization, acting_user)
    if ReviewRound.objects.filter(organization=organization, year=year, target_term=target_term).exists():
        raise ValidationError(
            {
                "year": [
                    _("%(organization)s already has a review for %(year)s.")
                    % {"organization": organization, "year": year}
                ]
            }
        )
    review = ReviewRound(organization=organization, year=year, target_term=target_term, note=note)
    return model_create(instance=review, acting_user=acting_user, source=source)


@transaction.atomic
def round_propose(
    *,
    round: ReviewRound,
    pool: Pool,
    person: Person,
    action: str,
    readiness: ReadinessLevel | None = None,
    rank: int | None = None,
    removal_reason: str = "",
    reason: str = "",
    first_planning: bool = False,
    acting_user: Actor = None,
    source: str = "",
) -> RoundProposal:
    """Add one proposal to a round still being prepared."""
    _require(round.organization, acting_user)
    errors: Errors = {}
    _require_person(errors, person, acting_user)
    raise_errors(errors)  # a person outside the scope: nothing more is said about her
    if round.status != RoundStatus.DRAFT:
        add_error(errors, "round", _("This review is already closed."), "round_closed")
    if pool.post.organization_id != round.organization_id:
        add_error(errors, "pool", _("This post is not one of the organization reviewed."), "pool_other")
    if action == ProposalAction.REMOVE and not (removal_reason or reason.strip()):
        add_error(errors, "reason", _("Say why the person leaves the planning."), "reason_empty")
    if RoundProposal.objects.filter(round=round, pool=pool, person=person).exists():
        add_error(
            errors, "person", _("%(person)s is already proposed in this review.") % {"person": person}, "dup"
        )
    raise_errors(errors)
    proposal = RoundProposal(
        round=round,
        pool=pool,
        person=person,
        action=action,
        readiness=readiness,
        rank=rank,
        removal_reason=removal_reason,
        reason=reason.strip(),
        first_planning=first_planning,
    )
    return model_create(instance=proposal, acting_user=acting_user, source=source)


_PROPOSAL_ACTION = {
    ProposalAction.ADD: EventAction.APPROVE,
    ProposalAction.REMOVE: EventAction.REMOVE,
    ProposalAction.MOVE: EventAction.MOVE,
}


@transaction.atomic
def round_approve(
    *, round: ReviewRound, decision: PlanningDecision, acting_user: Actor = None, source: str = ""
) -> list[PoolEvent]:
    """Approve every proposal of ``round`` as one decision: each becomes an event dated the decision's day.
    All or nothing: one proposal that no longer follows refuses the whole round, naming it."""
    _require(round.organization, acting_user)
    if round.status != RoundStatus.DRAFT:
        raise ValidationError({"round": [_("This review is already closed.")]})
    events = []
    for proposal in round.proposals.select_related("pool__post", "person"):
        events.append(
            entry_event(
                pool=proposal.pool,
                person=proposal.person,
                action=_PROPOSAL_ACTION[ProposalAction(proposal.action)],
                date=decision.date,
                readiness=proposal.readiness,
                rank=proposal.rank,
                removal_reason=proposal.removal_reason,
                reason=proposal.reason,
                decision=decision,
                round=round,
                first_planning=proposal.first_planning if proposal.action == ProposalAction.ADD else None,
                acting_user=acting_user,
                source=source,
            )
        )
    model_update(
        instance=round,
        fields=("status", "decision"),
        data={"status": RoundStatus.APPROVED, "decision": decision},
        acting_user=acting_user,
        source=source,
    )
    return events


# -- facts the rules read ------------------------------------------------------------------------------------
def _person_organization_check(person: Person, acting_user: Actor) -> None:
    """A write about a person: she must be inside the acting user's edit scope."""
    person_require_edit(person=person, acting_user=acting_user)


@transaction.atomic
def discipline_create(
    *,
    person: Person,
    level: str,
    date: dt.date,
    decision: str = "",
    issued_by: str = "",
    reason: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> DisciplineRecord:
    _person_organization_check(person, acting_user)
    record = DisciplineRecord(
        person=person, level=level, date=date, decision=decision, issued_by=issued_by, reason=reason
    )
    return model_create(instance=record, acting_user=acting_user, source=source)


@transaction.atomic
def appointment_proposal_create(
    *,
    person: Person,
    post: Post,
    proposed_on: dt.date,
    proposed_by: str = "",
    document: str = "",
    outcome: str = "pending",
    outcome_date: dt.date | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> AppointmentProposal:
    _require(post.organization, acting_user)
    proposal = AppointmentProposal(
        person=person,
        post=post,
        proposed_on=proposed_on,
        proposed_by=proposed_by,
        document=document,
        outcome=outcome,
        outcome_date=outcome_date,
        note=note,
    )
    return model_create(instance=proposal, acting_user=acting_user, source=source)


@transaction.atomic
def appointment_proposal_close(
    *,
    proposal: AppointmentProposal,
    outcome: str,
    outcome_date: dt.date,
    acting_user: Actor = None,
    source: str = "",
) -> AppointmentProposal:
    _require(proposal.post.organization, acting_user)
    return model_update(
        instance=proposal,
        fields=("outcome", "outcome_date"),
        data={"outcome": outcome, "outcome_date": outcome_date},
        acting_user=acting_user,
        source=source,
    )


@transaction.atomic
def requirement_set(
    *,
    post: Post,
    education: str = "",
    political_theory: str = "",
    state_management: str = "",
    document: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> PostRequirement:
    """Set (or change) what ``post`` requires of the people planned for it."""
    _require(post.organization, acting_user)
    data = {
        "education": education,
        "political_theory": political_theory,
        "state_management": state_management,
        "document": document,
    }
    existing = PostRequirement.objects.filter(post=post).first()
    if existing is None:
        return model_create(
            instance=PostRequirement(post=post, **data), acting_user=acting_user, source=source
        )
    return model_update(
        instance=existing, fields=tuple(data), data=data, acting_user=acting_user, source=source
    )
