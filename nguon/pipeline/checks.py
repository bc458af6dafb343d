"""The planning rules run on the database: pools and their people on a date → the pure data of
``pipeline.rules`` → verdicts and findings.

- ``pool_verdicts``: each entry's person rules (entry id → verdicts), for the people the scope names.
- ``pool_list_verdicts``: each pool's list rules (pool id → verdicts: per-post, women-share, young-share);
  they count everyone in the pool, named or not (a count names no one).
- ``findings``: every violation and gap in an area's pools on a date, people outside the scope counted,
  never named; over-age and discipline come with the proposal "remove".
- ``propose_removal``: what the check page's button does — a RoundProposal in the organization's draft
  review of the year (created if needed), through the services. The checks themselves never write.

Which documents apply is decided by each pool's approval date: its decision's date, else the date of its
first event. Ages and holdings are read on the date checked. A handful of queries for a whole area.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.areas.models import Area
from nguon.areas.selectors import area_get_by_code
from nguon.core.scope import Level, Scope, outermost
from nguon.organizations.models import Post, Tenure
from nguon.people.choices import BirthDatePrecision
from nguon.people.models import Person
from nguon.training.selectors import qualifications_on

from . import pools as log
from . import rules
from .choices import EventAction, ProposalAction, RemovalReason, RoundStatus
from .models import (
    AppointmentProposal,
    DisciplineRecord,
    Pool,
    PoolEntry,
    PostRequirement,
    ReviewRound,
    RoundProposal,
)
from .rules import Verdict
from .selectors import event_rows, pool_list

REMOVE = "remove"


def candidate_of(person: Person) -> rules.Candidate:
    """A person as the rules see her (a year-only birth date has no month)."""
    year_only = person.birth_date_precision == BirthDatePrecision.YEAR
    return rules.Candidate(
        full_name=person.full_name,
        sex=person.sex,
        birth_year=person.birth_date.year,
        birth_month=None if year_only else person.birth_date.month,
        birth_day=None if year_only else person.birth_date.day,
    )


def post_ref(post: Post) -> rules.PostRef:
    """A post as the rules see it (``post`` with its organization and area loaded)."""
    return rules.PostRef(
        name=post.name,
        organization=post.organization.name,
        level=post.organization.area.level,
        rank=post.rank,
        post_id=post.pk,
        organization_id=post.organization_id,
    )


def approval_date(pool: Pool, events: Iterable[log.Event]) -> dt.date | None:
    """The date the pool's planning was approved: its decision's date, else its first event's."""
    if pool.decision is not None:
        return pool.decision.date
    return min((e.date for e in events), default=None)


def _local_figures() -> tuple[rules.LocalFigure, ...]:
    return rules.local_figures(getattr(settings, "NGUON_PLANNING_LOCAL_FIGURES", ()))


def _qualifications(people: dict[int, Person], at: dt.date) -> dict[int, rules.Qualifications]:
    """Qualifications on ``at``: the higher of the record and what completed training grants
    (``training.selectors.qualifications_on``); the record alone for anyone it leaves out."""
    found = qualifications_on(person_ids=list(people), at=at)
    result = {}
    for pk, person in people.items():
        q = found.get(pk)
        result[pk] = rules.Qualifications(
            education=q.education if q else person.education,
            political_theory=q.political_theory if q else person.political_theory,
            state_management=q.state_management if q else person.state_management,
        )
    return result


@dataclass
class _World:
    """Everything the rules read about some pools on a date (loaded in a few queries)."""

    at: dt.date
    pools: dict[int, Pool]
    approved: dict[int, dt.date]  # pool id → approval date
    entries: dict[int, PoolEntry]  # the entries of these pools in the pool on ``at``
    people: dict[int, Person]
    visible: set[int]  # person ids the scope names
    entered: dict[int, dt.date]  # entry id → approval (else first event) date
    planned: dict[int, list[rules.PostRef]]  # person id → every post she is planned for on ``at``
    held: dict[int, list[rules.PostRef]]
    proposals: dict[int, list[rules.ProposalFact]]
    disciplines: dict[int, list[rules.DisciplineFact]]
    requirements: dict[int, rules.Requirement]  # post id →
    qualifications: dict[int, rules.Qualifications]
    area_codes: dict[int, tuple[str, ...]]  # area id → its code and those above it


def _load(*, scope: Scope, pools_: Iterable[Pool], at: dt.date, person_facts: bool = True) -> _World:
    ids = [p.pk for p in pools_]
    chosen = {
        p.pk: p
        for p in Pool.objects.filter(pk__in=ids).select_related("decision", "post__organization__area")
    }
    all_entries = {e.pk: e for e in PoolEntry.objects.filter(pool_id__in=chosen).select_related("person")}
    events = event_rows(all_entries)
    by_pool: dict[int, list[log.Event]] = defaultdict(list)
    by_entry: dict[int, list[log.Event]] = defaultdict(list)
    for e in events:
        by_pool[all_entries[e.entry_id].pool_id].append(e)
        by_entry[e.entry_id].append(e)
    approved = {pk: approval_date(p, by_pool[pk]) or at for pk, p in chosen.items()}
    states = log.replay(events, at)
    entries = {pk: all_entries[pk] for pk, s in states.items() if s.in_pool}
    people = {e.person_id: e.person for e in entries.values()}
    entered = {}
    for pk in entries:
        own = sorted(by_entry[pk], key=lambda e: (e.date, e.id))
        approvals = [e.date for e in own if e.action == EventAction.APPROVE and e.date <= at]
        entered[pk] = approvals[0] if approvals else own[0].date
    visible = set(
        Person.objects.filter(scope.people_q(Level.VIEW))
        .filter(pk__in=list(people))
        .values_list("pk", flat=True)
    )
    world = _World(
        at=at,
        pools=chosen,
        approved=approved,
        entries=entries,
        people=people,
        visible=visible,
        entered=entered,
        planned=defaultdict(list),
        held=defaultdict(list),
        proposals=defaultdict(list),
        disciplines=defaultdict(list),
        requirements={},
        qualifications={},
        area_codes={},
    )
    areas = {p.post.organization.area for p in chosen.values()}
    ancestor_ids = {int(x) for a in areas for x in a.path.strip("/").split("/") if x}
    codes = dict(Area.objects.filter(pk__in=ancestor_ids).values_list("pk", "code"))
    for a in areas:
        chain = [int(x) for x in a.path.strip("/").split("/") if x][::-1]
        world.area_codes[a.pk] = tuple(codes[i] for i in chain if i in codes) or (a.code,)
    if not person_facts or not people:
        return world
    person_ids = list(people)
    # every pool she is in on ``at`` (also outside the pools checked), for posts-per-person
    theirs = {
        e.pk: e
        for e in PoolEntry.objects.filter(person_id__in=person_ids).select_related(
            "pool__post__organization__area"
        )
    }
    for pk, state in log.replay(event_rows(theirs), at).items():
        if state.in_pool:
            world.planned[theirs[pk].person_id].append(post_ref(theirs[pk].pool.post))
    for tenure in (
        Tenure.objects.active_on(at)
        .filter(person_id__in=person_ids)
        .select_related("post__organization__area")
    ):
        world.held[tenure.person_id].append(post_ref(tenure.post))
    for proposal in AppointmentProposal.objects.filter(person_id__in=person_ids).select_related(
        "post__organization__area"
    ):
        world.proposals[proposal.person_id].append(
            rules.ProposalFact(
                post=post_ref(proposal.post),
                proposed_on=proposal.proposed_on,
                outcome=proposal.outcome,
                outcome_date=proposal.outcome_date,
            )
        )
    for record in DisciplineRecord.objects.filter(person_id__in=person_ids):
        world.disciplines[record.person_id].append(
            rules.DisciplineFact(
                level=record.level,
                date=record.date,
                label=str(record.get_level_display()),
                decision=record.decision,
            )
        )
    post_ids = {p.post_id for p in chosen.values()}
    for req in PostRequirement.objects.filter(post_id__in=post_ids):
        world.requirements[req.post_id] = rules.Requirement(
            education=req.education,
            political_theory=req.political_theory,
            state_management=req.state_management,
            document=req.document,
        )
    world.qualifications = _qualifications(people, at)
    return world


def _facts(world: _World, entry: PoolEntry) -> rules.EntryFacts:
    pool = world.pools[entry.pool_id]
    pid = entry.person_id
    return rules.EntryFacts(
        candidate=candidate_of(world.people[pid]),
        post=post_ref(pool.post),
        term=rules.TargetTerm(pool.target_term, pool.target_start, pool.target_end),
        approved_on=world.approved[pool.pk],
        first_planning=entry.first_planning,
        entered_on=world.entered.get(entry.pk),
        held=tuple(world.held.get(pid, ())),
        planned=tuple(world.planned.get(pid, ())),
        proposals=tuple(world.proposals.get(pid, ())),
        disciplines=tuple(world.disciplines.get(pid, ())),
        qualifications=world.qualifications.get(pid),
        requirement=world.requirements.get(pool.post_id),
    )


def _entry_verdicts(world: _World, *, named_only: bool = True) -> dict[int, list[Verdict]]:
    return {
        pk: rules.person_verdicts(_facts(world, entry), world.at)
        for pk, entry in world.entries.items()
        if not named_only or entry.person_id in world.visible
    }


def pool_verdicts(*, scope: Scope, pools: Iterable[Pool], at: dt.date) -> dict[int, list[Verdict]]:
    """Entry id → the verdicts of every person rule in force, for each entry of ``pools`` in the pool on
    ``at`` whose person the scope names (the others are left out: a verdict names its person)."""
    return _entry_verdicts(_load(scope=scope, pools_=pools, at=at))


def _list_facts(world: _World, pool: Pool, members: Iterable[PoolEntry]) -> rules.ListFacts:
    return rules.ListFacts(
        post=post_ref(pool.post),
        approved_on=world.approved[pool.pk],
        people=tuple(candidate_of(world.people[e.person_id]) for e in members),
        area_codes=world.area_codes.get(pool.post.organization.area_id, ()),
        local=_local_figures(),
    )


def _list_verdicts(world: _World) -> dict[int, list[Verdict]]:
    members: dict[int, list[PoolEntry]] = defaultdict(list)
    for entry in world.entries.values():  # once, not once per pool: a province holds thousands of pools
        members[entry.pool_id].append(entry)
    return {
        pk: rules.list_verdicts(_list_facts(world, pool, members[pk]), world.at)
        for pk, pool in world.pools.items()
    }


def pool_list_verdicts(*, scope: Scope, pools: Iterable[Pool], at: dt.date) -> dict[int, list[Verdict]]:
    """Pool id → the list rules in force (per-post, women-share, young-share) on ``at``, counting everyone in
    the pool (named or not: the explanations name the post, not the people)."""
    return _list_verdicts(_load(scope=scope, pools_=pools, at=at, person_facts=False))


@dataclass(frozen=True)
class Finding:
    """One violation or gap. ``person`` None: people outside the reader's scope, counted in ``hidden`` and
    never named; ``proposal`` "remove" for the automatic removal cases (over-age, discipline)."""

    code: str
    document: str
    person: str | None
    post: str
    organization: str
    pool_id: int
    entry_id: int | None
    explanation: str
    proposal: str = ""
    person_id: int | None = None
    hidden: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "document": self.document,
            "person": self.person,
            "post": self.post,
            "organization": self.organization,
            "explanation": self.explanation,
            "proposal": self.proposal or None,
            "pool": self.pool_id,
            "entry": self.entry_id,
            "hidden": self.hidden,
        }


ORDER = (
    rules.OVER_AGE,
    rules.DISCIPLINE,
    rules.WORKING_TIME,
    rules.PER_POST,
    rules.POSTS_PER_PERSON,
    rules.HIGHER_POST,
    rules.WHILE_PROPOSED,
    rules.QUALIFICATION,
    rules.WOMEN_SHARE,
    rules.YOUNG_SHARE,
)


RULE_TITLES = {
    rules.OVER_AGE: gettext_lazy("Over the planning age (removal proposed)"),
    rules.DISCIPLINE: gettext_lazy("Disciplined at reprimand or above (removal proposed)"),
    rules.WORKING_TIME: gettext_lazy("Not enough working time for the term"),
    rules.PER_POST: gettext_lazy("Too many people planned for one post"),
    rules.POSTS_PER_PERSON: gettext_lazy("One person planned for too many posts at one level"),
    rules.HIGHER_POST: gettext_lazy("Planned for a post not higher than the one held"),
    rules.WHILE_PROPOSED: gettext_lazy("Planned while proposed for appointment"),
    rules.QUALIFICATION: gettext_lazy("Qualifications short of the post's requirement"),
    rules.WOMEN_SHARE: gettext_lazy("Share of women in the list"),
    rules.YOUNG_SHARE: gettext_lazy("Share of young people in the list"),
}


def check_area_choices(*, scope: Scope, at: dt.date) -> list[Area]:
    """The areas the check page offers: the outermost areas the user may read by name (the provinces for a
    user of the whole country), valid on ``at``."""
    areas = Area.objects.valid_on(at).select_related("parent")
    if scope.unrestricted:
        return list(areas.filter(parent__isnull=True).order_by("code"))
    roots = outermost(p for g in scope.grants for p in g.paths_for(Level.VIEW))
    return list(areas.filter(path__in=roots).order_by("code"))


def check_area_get(*, scope: Scope, code: str, at: dt.date) -> Area:
    """The area of ``code`` on ``at`` (ValidationError in Vietnamese when none), inside the user's view
    scope (Http404 outside, as if it did not exist)."""
    area = area_get_by_code(code=code, at=at)
    if not scope.covers_area(area, Level.VIEW):
        raise Http404(_("No such area in your area of work."))
    return area


def area_pools(*, scope: Scope, area: Area) -> list[Pool]:
    """The pools of the organizations of ``area`` and the areas under it that the scope reads."""
    return list(
        pool_list(scope=scope).filter(post__organization__area__path__startswith=area.path).order_by("pk")
    )


def findings(*, scope: Scope, area: Area, at: dt.date) -> list[Finding]:
    """Every violation and gap of the planning rules in ``area``'s pools on ``at`` (changes nothing)."""
    world = _load(scope=scope, pools_=area_pools(scope=scope, area=area), at=at)
    found: list[Finding] = []
    for pk, verdicts in _list_verdicts(world).items():
        pool = world.pools[pk]
        for v in verdicts:
            if not v.ok:
                found.append(
                    Finding(
                        v.code,
                        v.document,
                        None,
                        pool.post.name,
                        pool.post.organization.name,
                        pk,
                        None,
                        v.explanation,
                    )
                )
    hidden: dict[tuple[str, int], tuple[str, int]] = {}
    seen_multi: set[tuple[int, str]] = set()
    for entry_id, verdicts in _entry_verdicts(world, named_only=False).items():
        entry = world.entries[entry_id]
        pool = world.pools[entry.pool_id]
        failed = {v.code for v in verdicts if not v.ok}
        for v in verdicts:
            if v.ok or (v.code == rules.WORKING_TIME and rules.OVER_AGE in failed):
                continue  # over the planning age says it already
            if v.code == rules.POSTS_PER_PERSON:  # one finding per person and level
                key = (entry.person_id, pool.post.organization.area.level)
                if key in seen_multi:
                    continue
                seen_multi.add(key)
            if entry.person_id not in world.visible:
                doc, n = hidden.get((v.code, pool.pk), (v.document, 0))
                hidden[(v.code, pool.pk)] = (doc, n + 1)
                continue
            found.append(
                Finding(
                    v.code,
                    v.document,
                    world.people[entry.person_id].full_name,
                    pool.post.name,
                    pool.post.organization.name,
                    pool.pk,
                    entry_id,
                    v.explanation,
                    REMOVE if v.code in rules.REMOVAL_RULES else "",
                    entry.person_id,
                )
            )
    for (code, pool_id), (document, n) in hidden.items():
        pool = world.pools[pool_id]
        found.append(
            Finding(
                code,
                document,
                None,
                pool.post.name,
                pool.post.organization.name,
                pool_id,
                None,
                _("%(n)s people outside your area of work break this rule in the planning of %(post)s.")
                % {"n": n, "post": pool.post.name},
                REMOVE if code in rules.REMOVAL_RULES else "",
                None,
                n,
            )
        )
    found.sort(
        key=lambda f: (
            ORDER.index(f.code) if f.code in ORDER else len(ORDER),
            f.organization,
            f.post,
            f.person is None,
            f.person or "",
        )
    )
    return found


_REASONS = {rules.OVER_AGE: RemovalReason.OVER_AGE, rules.DISCIPLINE: RemovalReason.DISCIPLINE}


@transaction.atomic
def propose_removal(
    *, scope: Scope, entry: PoolEntry, at: dt.date, acting_user: Any = None, source: str = ""
) -> RoundProposal:
    """Put the removal the checks found for ``entry`` (over-age or discipline on ``at``) into its
    organization's draft review of ``at``'s year (created if there is none), as a proposal: approving the
    review removes her; nothing is removed here. A ValueError in Vietnamese when no removal case holds."""
    from . import services

    world = _load(scope=scope, pools_=[entry.pool], at=at)
    if entry.pk not in world.entries or entry.person_id not in world.visible:
        raise ValueError(_("This person is not in the planning on that date."))
    verdicts = rules.person_verdicts(_facts(world, world.entries[entry.pk]), at)
    failing = [v for v in verdicts if not v.ok and v.code in _REASONS]
    if not failing:
        raise ValueError(_("No automatic removal case holds for this person on that date."))
    pool = world.pools[entry.pool_id]
    organization = pool.post.organization
    review = ReviewRound.objects.filter(
        organization=organization, year=at.year, target_term=pool.target_term, status=RoundStatus.DRAFT
    ).first()
    if review is None:
        review = services.round_create(
            organization=organization,
            year=at.year,
            target_term=pool.target_term,
            acting_user=acting_user,
            source=source,
        )
    return services.round_propose(
        round=review,
        pool=pool,
        person=entry.person,
        action=ProposalAction.REMOVE,
        removal_reason=_REASONS[failing[0].code],
        reason=failing[0].explanation,
        acting_user=acting_user,
        source=source,
    )
