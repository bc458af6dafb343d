"""The succession board and the pool pages (issue 10 §8).

- The board of an organization: each key post with its incumbents *on the date shown* (``request.at``), when
  each leaves (retirement or the end of the term, whichever first), the pool for the target term chosen (by
  default the first whose term starts after the date), its entries in readiness then rank order with their
  verdicts; posts with no candidate, or no woman in the pool, come first.
- The index: the organizations of the scope that have key posts, with how many have no candidate or no woman.
- A pool: its entries on the date (and those removed or fulfilled, apart), the log, the forms that add a
  person, move, remove or fulfil an entry (each through the services), the verdicts.

Views parse the request, call selectors with ``request.scope`` and ``request.at``, call the services, render;
people outside the scope are counted, never named.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nguon.core.access import scoped
from nguon.core.formats import format_date, format_int, format_percent
from nguon.core.labels import label
from nguon.core.scope import Level, Scope
from nguon.elections.choices import ElectionKind
from nguon.elections.selectors import person_candidacies
from nguon.organizations.models import Organization, Post, Tenure
from nguon.organizations.selectors import organization_get, organization_list, organization_post_list
from nguon.people.choices import BirthDatePrecision, Sex
from nguon.people.forms import show_errors, style_fields
from nguon.people.models import Person
from nguon.people.selectors import person_search
from nguon.training.choices import CourseKind
from nguon.training.choices import Result as ParticipationResult
from nguon.training.selectors import person_trainings

from . import pools as engine
from . import selectors, services
from .checks import pool_list_verdicts, pool_verdicts
from .choices import EntryStatus, EventAction, ProposalAction, RemovalReason, RoundStatus
from .forms import (
    ApproveForm,
    EntryAddForm,
    EntryFulfilForm,
    EntryMoveForm,
    EntryRemoveForm,
    PoolEditForm,
    PoolForm,
    ProposalForm,
    RoundForm,
)
from .models import PlanningDecision, Pool, PoolEntry, ReviewRound, RoundProposal
from .retirement import Retirement, retirement_of_birth
from .rules import Verdict

SOURCE = "web"
SEARCH_LIMIT = 20  # people offered by the name search
ORGANIZATIONS_PAGE = 50  # organizations per page of the index
LOG_LIMIT = 200  # lines of a pool's log shown


# --- the board ----------------------------------------------------------------------------------------------
@dataclass
class Holder:
    """An incumbent on the date: when she leaves (retirement or the end of the term, whichever first)."""

    tenure: Tenure
    retirement: Retirement | None
    leaves: dt.date | None
    leaves_why: str
    since: str

    @property
    def leaves_display(self) -> str:
        return format_date(self.leaves)


@dataclass
class EntryView:
    row: selectors.EntryRow
    verdicts: list[Verdict]

    @property
    def ok(self) -> bool | None:
        return all(v.ok for v in self.verdicts) if self.verdicts else None

    @property
    def failed(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.ok]

    @property
    def passed(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.ok]

    @property
    def is_woman(self) -> bool:
        return self.row.person.sex == Sex.FEMALE

    @property
    def status(self) -> str:
        return label(EntryStatus, self.row.state.status)

    @property
    def removal_reason(self) -> str:
        return label(RemovalReason, self.row.state.removal_reason) if self.row.state.removal_reason else ""

    @property
    def since(self) -> str:
        return format_date(self.row.state.since)


@dataclass
class PostRow:
    """A key post on the board."""

    post: Post
    holders: list[Holder] = field(default_factory=list)
    held_unnamed: bool = False  # held on the date by someone outside the scope
    pool: Pool | None = None
    entries: list[EntryView] = field(default_factory=list)
    hidden: int = 0
    size: int = 0
    women: int = 0
    other_pools: list[Pool] = field(default_factory=list)
    list_verdicts: list[Verdict] = field(default_factory=list)

    @property
    def list_failed(self) -> list[Verdict]:
        return [v for v in self.list_verdicts if not v.ok]

    @property
    def no_candidate(self) -> bool:
        return self.size == 0

    @property
    def no_woman(self) -> bool:
        return self.size > 0 and self.women == 0

    @property
    def gap(self) -> bool:
        return self.no_candidate or self.no_woman

    @property
    def vacant(self) -> bool:
        return not self.holders and not self.held_unnamed


def _retirement(person: Person) -> Retirement | None:
    try:
        return retirement_of_birth(
            sex=person.sex,
            birth_date=person.birth_date,
            year_only=person.birth_date_precision == BirthDatePrecision.YEAR,
        )
    except ValueError:
        return None


def _holder(tenure: Tenure) -> Holder:
    leaving = _retirement(tenure.person)
    options: list[tuple[dt.date, str]] = []
    if leaving is not None:
        options.append((leaving.date, _("retires")))
    term_end = tenure.term.end_date if tenure.term else None
    if term_end is not None:
        options.append((term_end, _("the term ends")))
    if tenure.end_date is not None and (term_end is None or tenure.end_date < term_end):
        options.append((tenure.end_date, _("the tenure ends")))
    first = min(options, key=lambda o: o[0]) if options else None
    return Holder(
        tenure=tenure,
        retirement=leaving,
        leaves=first[0] if first else None,
        leaves_why=first[1] if first else "",
        since=format_date(tenure.start_date),
    )


def key_posts(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.filter(Q(is_key=True) | Q(is_leader=True)).order_by("rank", "name", "id")


def women_in_pools(pools_: Sequence[Pool], at: dt.date) -> dict[int, int]:
    """How many women each pool holds on ``at``, named or not (a count, never a name)."""
    entries = {
        pk: (pool_id, sex)
        for pk, pool_id, sex in PoolEntry.objects.filter(pool__in=list(pools_)).values_list(
            "pk", "pool_id", "person__sex"
        )
    }
    women: dict[int, int] = defaultdict(int)
    for entry_id, state in engine.replay(selectors.event_rows(entries), at).items():
        pool_id, sex = entries[entry_id]
        if state.in_pool and sex == Sex.FEMALE:
            women[pool_id] += 1
    return dict(women)


def default_term(pools_: Iterable[Pool], at: dt.date) -> str:
    """The target term a board shows by default: the first whose term starts after ``at``, else the latest."""
    ordered = sorted(pools_, key=lambda p: (p.target_start, p.target_term))
    for pool in ordered:
        if pool.target_start > at:
            return pool.target_term
    return ordered[-1].target_term if ordered else ""


def board_rows(
    *, scope: Scope, posts: Sequence[Post], at: dt.date, term: str | None = None, verdicts: bool = True
) -> list[PostRow]:
    """The board's rows for ``posts``: posts with no candidate first, then those with no woman in the pool,
    then the others, each group by rank. ``term`` names the target term shown (None: per post, the first
    whose term starts after ``at``)."""
    incumbents = selectors.incumbents_on(scope=scope, posts=posts, at=at)
    held = selectors.held_on(posts=posts, at=at)
    by_post: dict[int, list[Pool]] = defaultdict(list)
    for found in selectors.pool_list(scope=scope).filter(post__in=list(posts)).order_by("target_start", "id"):
        by_post[found.post_id].append(found)
    rows: list[PostRow] = []
    for post in posts:
        holders = [_holder(t) for t in incumbents.get(post.pk, [])]
        candidates = by_post.get(post.pk, [])
        chosen_term = term if term is not None else default_term(candidates, at)
        pool = next((p for p in candidates if p.target_term == chosen_term), None)
        rows.append(
            PostRow(
                post=post,
                holders=holders,
                held_unnamed=not holders and post.pk in held,
                pool=pool,
                other_pools=[p for p in candidates if p is not pool],
            )
        )
    chosen = [r.pool for r in rows if r.pool is not None]
    states = selectors.pool_states(scope=scope, pools_=chosen, at=at)
    women = women_in_pools(chosen, at)
    judged = pool_verdicts(scope=scope, pools=chosen, at=at) if verdicts and chosen else {}
    lists = pool_list_verdicts(scope=scope, pools=chosen, at=at) if verdicts and chosen else {}
    for row in rows:
        if row.pool is None:
            continue
        state = states[row.pool.pk]
        row.entries = [EntryView(r, judged.get(r.entry.pk, [])) for r in state.in_pool]
        row.hidden = state.hidden
        row.size = state.size
        row.women = women.get(row.pool.pk, 0)
        row.list_verdicts = lists.get(row.pool.pk, [])
    rows.sort(key=lambda r: (not r.no_candidate, not r.no_woman, r.post.rank, r.post.name, r.post.pk))
    return rows


def _terms_of(pools_: Iterable[Pool]) -> list[str]:
    seen: dict[str, dt.date] = {}
    for p in pools_:
        seen[p.target_term] = min(seen.get(p.target_term, p.target_start), p.target_start)
    return [t for t, _start in sorted(seen.items(), key=lambda i: (i[1], i[0]))]


@scoped(level=Level.VIEW)
def succession_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The succession board of an organization on the date shown (404 outside the view scope)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    org = organization_get(scope=scope, pk=pk)
    posts = list(key_posts(organization_post_list(scope=scope, organization=org)))
    all_pools = list(selectors.pool_list(scope=scope, organization=org))
    terms = _terms_of(all_pools)
    asked = request.GET.get("term", "")
    term = asked if asked in terms else (default_term(all_pools, at) or None)
    rows = board_rows(scope=scope, posts=posts, at=at, term=term)
    return render(
        request,
        "pipeline/board.html",
        {
            "org": org,
            "rows": rows,
            "terms": terms,
            "term": term or "",
            "no_candidate": sum(1 for r in rows if r.no_candidate),
            "no_woman": sum(1 for r in rows if r.no_woman),
            "can_edit": scope.covers_organization(org, Level.EDIT),
        },
    )


@dataclass
class OrganizationSummary:
    organization: Organization
    posts: int
    no_candidate: int
    no_woman: int


@scoped(level=Level.VIEW)
def succession_index(request: HttpRequest) -> HttpResponse:
    """The organizations of the scope that have key posts on the date, with their gaps (50 a page)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    orgs = (
        organization_list(scope=scope, at=at)
        .filter(Q(posts__is_key=True) | Q(posts__is_leader=True))
        .distinct()
        .order_by("area__path", "name", "id")
    )
    page = Paginator(orgs, ORGANIZATIONS_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    posts = list(
        key_posts(Post.objects.filter(organization__in=shown)).select_related("organization", "body")
    )
    rows = board_rows(scope=scope, posts=posts, at=at, verdicts=False)
    by_org: dict[int, list[PostRow]] = defaultdict(list)
    for row in rows:
        by_org[row.post.organization_id].append(row)
    summaries = [
        OrganizationSummary(
            organization=o,
            posts=len(by_org.get(o.pk, [])),
            no_candidate=sum(1 for r in by_org.get(o.pk, []) if r.no_candidate),
            no_woman=sum(1 for r in by_org.get(o.pk, []) if r.no_woman),
        )
        for o in shown
    ]
    return render(request, "pipeline/board_index.html", {"page": page, "summaries": summaries})


# --- a pool -------------------------------------------------------------------------------------------------
def _decisions(pool_or_org: Pool | Organization) -> QuerySet[PlanningDecision]:
    org = pool_or_org.post.organization if isinstance(pool_or_org, Pool) else pool_or_org
    return PlanningDecision.objects.filter(organization=org).order_by("-date", "-id")


def _search_people(scope: Scope, query: str) -> list[Person]:
    if not query.strip():
        return []
    return list(person_search(scope=scope, query=query)[:SEARCH_LIMIT])


@dataclass
class LogLine:
    event: Any
    action: str
    removal_reason: str
    who: str
    when: str
    date: str


def _log(scope: Scope, pool: Pool) -> tuple[list[LogLine], bool]:
    events = list(selectors.pool_log(scope=scope, pool=pool)[: LOG_LIMIT + 1])
    lines = [
        LogLine(
            event=e,
            action=label(EventAction, e.action, capital=True),
            removal_reason=label(RemovalReason, e.removal_reason) if e.removal_reason else "",
            who=(e.recorded_by.get_full_name() or e.recorded_by.get_username()) if e.recorded_by else "",
            when=timezone.localtime(e.recorded_at).strftime("%d/%m/%Y %H:%M") if e.recorded_at else "",
            date=format_date(e.date),
        )
        for e in events[:LOG_LIMIT]
    ]
    return lines, len(events) > LOG_LIMIT


def _pool_context(request: HttpRequest, pool: Pool, add_form: EntryAddForm | None) -> dict[str, Any]:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    state = selectors.pool_states(scope=scope, pools_=[pool], at=at, include_out=True)[pool.pk]
    judged = pool_verdicts(scope=scope, pools=[pool], at=at)
    list_verdicts = sorted(
        pool_list_verdicts(scope=scope, pools=[pool], at=at).get(pool.pk, []), key=lambda v: v.ok
    )
    entries = [EntryView(r, judged.get(r.entry.pk, [])) for r in state.rows]
    log, log_more = _log(scope, pool)
    can_edit = scope.covers_organization(pool.post.organization, Level.EDIT)
    query = ""
    found: list[Person] = []
    selected: Person | None = None
    if add_form is not None:
        query = add_form.data.get("q", "") if add_form.is_bound else ""
        found = _search_people(scope, query)
        if add_form.is_bound:
            chosen = add_form.data.get("person", "")
            selected = person_search(scope=scope).filter(pk=chosen).first() if str(chosen).isdigit() else None
            if selected is not None and selected not in found:
                found.insert(0, selected)
    incumbents = selectors.incumbents_on(scope=scope, posts=[pool.post], at=at).get(pool.post_id, [])
    return {
        "pool": pool,
        "org": pool.post.organization,
        "in_pool": [e for e in entries if e.row.state.in_pool],
        "out": [e for e in entries if not e.row.state.in_pool],
        "hidden": state.hidden,
        "size": state.size,
        "women": women_in_pools([pool], at).get(pool.pk, 0),
        "list_verdicts": list_verdicts,
        "log": log,
        "log_more": log_more,
        "log_limit": LOG_LIMIT,
        "can_edit": can_edit,
        "form": style_fields(add_form) if add_form is not None else None,
        "query": query,
        "found": found,
        "selected_pk": selected.pk if selected else None,
        "holders": [_holder(t) for t in incumbents],
        "target": format_date(pool.target_start) + " – " + format_date(pool.target_end),
        "decision_date": format_date(pool.decision.date) if pool.decision else "",
    }


def _add_form(request: HttpRequest, pool: Pool, data: Any = None) -> EntryAddForm:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    initial = {"date": pool.decision.date if pool.decision else at, "decision": pool.decision_id}
    return EntryAddForm(data, people=person_search(scope=scope), decisions=_decisions(pool), initial=initial)


@scoped(level=Level.VIEW)
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A pool on the date: its entries with their verdicts, the removed and fulfilled apart, the log; the
    form that adds a person for those who may edit it."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    pool = selectors.pool_get(scope=scope, pk=pk)
    can_edit = scope.covers_organization(pool.post.organization, Level.EDIT)
    form = _add_form(request, pool) if can_edit else None
    context = _pool_context(request, pool, form)
    added = request.GET.get("added", "")
    context["added_pk"] = int(added) if added.isdigit() else None
    return render(request, "pipeline/pool_detail.html", context)


@scoped(level=Level.EDIT)
def pool_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: put the person chosen in the pool (through ``services.entry_add``); the page then shows her
    verdicts. A refused form is shown again with what was typed, the refusal on its field. The form's
    "Search" button (without htmx) shows the people found without saving."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    pool = selectors.pool_get(scope=scope, pk=pk)
    scope.require_organization(pool.post.organization, Level.EDIT)
    if request.method != "POST":
        return redirect("pool-detail", pk=pool.pk)
    form = _add_form(request, pool, request.POST)
    if "search" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_add(
                pool=pool,
                person=data["person"],
                date=data["date"],
                approved=data["approved"],
                readiness=data["readiness"],
                rank=data["rank"],
                first_planning=data["first_planning"],
                decision=data["decision"],
                reason=data["reason"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added to the planning of %(post)s for %(term)s.")
                % {"name": data["person"].full_name, "post": pool.post.name, "term": pool.target_term},
            )
            added = data["person"].pk
            return redirect(reverse("pool-detail", args=[pool.pk]) + f"?added={added}#entry-person-{added}")
    elif "search" in request.POST:
        form.errors.clear()
    return render(request, "pipeline/pool_detail.html", _pool_context(request, pool, form))


@scoped(level=Level.EDIT)
def pool_person_search(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?q=…: the people of the scope whose name contains the words typed, with or without diacritics
    (the add form's suggestions, an htmx partial)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    pool = selectors.pool_get(scope=scope, pk=pk)
    scope.require_organization(pool.post.organization, Level.EDIT)
    query = request.GET.get("q", "")
    return render(
        request,
        "pipeline/_person_choices.html",
        {"found": _search_people(scope, query), "query": query, "selected_pk": None},
    )


def _entry_get(scope: Scope, pk: int) -> PoolEntry:
    found = (
        PoolEntry.objects.filter(pk=pk, pool__in=selectors.pool_list(scope=scope))
        .filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person", "pool__post__organization__area", "pool__decision")
        .first()
    )
    if found is None:
        raise Http404(_("No such planning in your area of work."))
    return found


ENTRY_ACTIONS: dict[str, tuple[type[Any], Any, str]] = {
    "move": (EntryMoveForm, services.entry_move, gettext_noop("Change readiness or rank")),
    "remove": (EntryRemoveForm, services.entry_remove, gettext_noop("Remove from the planning")),
    "fulfil": (EntryFulfilForm, services.entry_fulfil, gettext_noop("Appointed or elected to the post")),
}
DONE = {
    "move": gettext_noop("The readiness or rank of %(name)s was changed from %(date)s."),
    "remove": gettext_noop("%(name)s leaves the planning of %(post)s on %(date)s."),
    "fulfil": gettext_noop("%(name)s was appointed or elected to %(post)s on %(date)s."),
}


def _entry_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    entry = _entry_get(scope, pk)
    pool = entry.pool
    scope.require_organization(pool.post.organization, Level.EDIT)
    form_class, write, title = ENTRY_ACTIONS[action]
    form = form_class(
        request.POST if request.method == "POST" else None,
        decisions=_decisions(pool),
        initial={"date": at},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            write(pool=pool, person=entry.person, acting_user=request.user, source=SOURCE, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _(DONE[action])
                % {"name": entry.person.full_name, "post": pool.post.name, "date": format_date(data["date"])},
            )
            return redirect("pool-detail", pk=pool.pk)
    state = engine.replay(selectors.event_rows([entry.pk]), at).get(entry.pk)
    return render(
        request,
        "pipeline/pool_entry_form.html",
        {
            "form": style_fields(form),
            "entry": entry,
            "pool": pool,
            "title": _(title),
            "action": action,
            "state": state,
            "readiness": selectors.readiness_levels().get(state.readiness_id or 0) if state else None,
        },
    )


@scoped(level=Level.EDIT)
def pool_entry_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the readiness or the rank of an entry from a date."""
    return _entry_action(request, pk, "move")


@scoped(level=Level.EDIT)
def pool_entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a person out of the pool on a date, with the reason."""
    return _entry_action(request, pk, "remove")


@scoped(level=Level.EDIT)
def pool_entry_fulfil(request: HttpRequest, pk: int) -> HttpResponse:
    """The person was appointed or elected to the pool's post."""
    return _entry_action(request, pk, "fulfil")


@scoped(level=Level.EDIT)
def pool_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the planning of one of the organization's posts for a target term (``?post=`` chooses it), with
    a new approval decision typed in the same form when it is not registered yet."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org = organization_get(scope=scope, pk=pk)
    scope.require_organization(org, Level.EDIT)
    posts = organization_post_list(scope=scope, organization=org)
    initial: dict[str, Any] = {}
    asked = request.GET.get("post", "")
    if asked.isdigit():
        initial["post"] = int(asked)
    form = PoolForm(
        request.POST if request.method == "POST" else None,
        posts=posts,
        decisions=_decisions(org),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                decision = data["decision"]
                if decision is None and data.get("new_number"):
                    decision = services.decision_create(
                        organization=org,
                        number=data["new_number"],
                        date=data["new_date"],
                        approving_body=data["new_body"],
                        acting_user=request.user,
                        source=SOURCE,
                    )
                pool = services.pool_create(
                    post=data["post"],
                    target_term=data["target_term"],
                    target_start=data["target_start"],
                    target_end=data["target_end"],
                    decision=decision,
                    note=data["note"],
                    acting_user=request.user,
                    source=SOURCE,
                )
        except ValidationError as error:
            show_errors(form, error, PoolForm.FIELD_OF)
        else:
            messages.success(
                request,
                _("The planning of %(post)s for %(term)s was opened.")
                % {"post": pool.post.name, "term": pool.target_term},
            )
            return redirect("pool-detail", pk=pool.pk)
    return render(request, "pipeline/pool_form.html", {"form": style_fields(form), "org": org})


@scoped(level=Level.EDIT)
def pool_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a pool's target term and dates, its approval decision (or a new one typed here), its note."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    pool = selectors.pool_get(scope=scope, pk=pk)
    org = pool.post.organization
    scope.require_organization(org, Level.EDIT)
    initial = {
        "target_term": pool.target_term,
        "target_start": pool.target_start,
        "target_end": pool.target_end,
        "decision": pool.decision_id,
        "note": pool.note,
    }
    form = PoolEditForm(
        request.POST if request.method == "POST" else None, decisions=_decisions(org), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                decision = data["decision"]
                if decision is None and data.get("new_number"):
                    decision = services.decision_create(
                        organization=org,
                        number=data["new_number"],
                        date=data["new_date"],
                        approving_body=data["new_body"],
                        acting_user=request.user,
                        source=SOURCE,
                    )
                services.pool_update(
                    pool=pool,
                    data={
                        "target_term": data["target_term"].strip(),
                        "target_start": data["target_start"],
                        "target_end": data["target_end"],
                        "decision": decision,
                        "note": data["note"],
                    },
                    acting_user=request.user,
                    source=SOURCE,
                )
        except ValidationError as error:
            show_errors(form, error, PoolForm.FIELD_OF)
        else:
            messages.success(request, _("The planning was saved."))
            return redirect("pool-detail", pk=pool.pk)
    return render(request, "pipeline/pool_form.html", {"form": style_fields(form), "org": org, "pool": pool})


# --- a person's profile -------------------------------------------------------------------------------------
@dataclass
class PersonPool:
    """One planning of a person's profile on the date: the pool, her status, readiness and since when."""

    pool: Pool
    status: str
    in_pool: bool
    readiness: str
    rank: int | None
    since: str
    removal_reason: str
    linked: bool


def person_pipeline(*, scope: Scope, person: Person, at: dt.date) -> dict[str, Any]:
    """What the profile shows of the pipeline (pipeline/_person_pipeline.html): the plannings she is or was
    in on ``at``, current ones first (the caller has read her through the scope)."""
    found = selectors.person_pool_rows(scope=scope, person=person, at=at)
    levels = selectors.readiness_levels() if found else {}
    readable = (
        set(
            selectors.pool_list(scope=scope)
            .filter(pk__in=[p.pk for p, _s in found])
            .values_list("pk", flat=True)
        )
        if found
        else set()
    )
    rows = []
    for pool, state in found:
        level = levels.get(state.readiness_id or 0)
        rows.append(
            PersonPool(
                pool=pool,
                status=label(EntryStatus, state.status),
                in_pool=state.in_pool,
                readiness=level.name if level else "",
                rank=state.rank,
                since=format_date(state.since),
                removal_reason=label(RemovalReason, state.removal_reason) if state.removal_reason else "",
                linked=pool.pk in readable,
            )
        )
    rows.sort(key=lambda r: (not r.in_pool, r.pool.target_start, r.pool.post.rank, r.pool.pk))
    trainings = [
        {
            "participation": p,
            "course": p.session.course,
            "kind": label(CourseKind, p.session.course.kind),
            "result": label(ParticipationResult, p.result),
            "dates": format_date(p.session.start_date)
            + (" – " + format_date(p.session.end_date) if p.session.end_date else ""),
            "completed_on": format_date(p.completed_on),
        }
        for p in person_trainings(person=person)
    ]
    candidacies = []
    for c in person_candidacies(person=person):
        ballots = c.candidate_list.valid_ballots
        candidacies.append(
            {
                "candidacy": c,
                "list": c.candidate_list,
                "kind": label(ElectionKind, c.candidate_list.kind),
                "date": format_date(c.candidate_list.election_date),
                "share": format_percent(100 * c.votes / ballots) if c.votes is not None and ballots else "",
                "votes": format_int(c.votes) if c.votes is not None else "",
            }
        )
    return {"pipeline_pools": rows, "pipeline_trainings": trainings, "pipeline_candidacies": candidacies}


# --- review rounds ------------------------------------------------------------------------------------------
def _round_get(scope: Scope, pk: int) -> ReviewRound:
    found = (
        ReviewRound.objects.filter(pk=pk)
        .filter(scope.organizations_q(Level.VIEW, "organization__"))
        .select_related("organization__area", "decision")
        .first()
    )
    if found is None:
        raise Http404(_("No such review in your area of work."))
    return found


@scoped(level=Level.VIEW)
def review_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual reviews of an organization's planning; the form that opens one (EDIT level)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    org = organization_get(scope=scope, pk=pk)
    can_edit = scope.covers_organization(org, Level.EDIT)
    terms = _terms_of(selectors.pool_list(scope=scope, organization=org))
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        terms=terms,
        initial={
            "year": at.year,
            "target_term": default_term(selectors.pool_list(scope=scope, organization=org), at),
        },
    )
    if request.method == "POST":
        scope.require_organization(org, Level.EDIT)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = services.round_create(
                    organization=org,
                    year=data["year"],
                    target_term=data["target_term"],
                    note=data["note"],
                    acting_user=request.user,
                    source=SOURCE,
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The review of %(year)s was opened.") % {"year": review.year})
                return redirect("review-detail", pk=review.pk)
    rounds = list(
        ReviewRound.objects.filter(organization=org)
        .select_related("decision")
        .annotate(proposal_count=Count("proposals"))
        .order_by("-year", "-id")
    )
    return render(
        request,
        "pipeline/pool_review_list.html",
        {
            "org": org,
            "rounds": [(r, label(RoundStatus, r.status)) for r in rounds],
            "form": style_fields(form) if can_edit and terms else None,
            "can_edit": can_edit,
        },
    )


@dataclass
class ProposalView:
    proposal: RoundProposal
    action: str
    removal_reason: str


def _proposal_form(request: HttpRequest, review: ReviewRound, data: Any = None) -> ProposalForm:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    pools_ = (
        selectors.pool_list(scope=scope, organization=review.organization)
        .filter(target_term=review.target_term)
        .order_by("post__rank", "post__name", "id")
    )
    return ProposalForm(data, pools=pools_, people=person_search(scope=scope))


def _review_context(
    request: HttpRequest,
    review: ReviewRound,
    proposal_form: ProposalForm | None,
    approve_form: ApproveForm | None,
) -> dict[str, Any]:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    proposals = list(
        review.proposals.select_related("pool__post", "person", "readiness").order_by(
            "pool__post__rank", "id"
        )
    )
    visible = set(
        person_search(scope=scope)
        .filter(pk__in=[p.person_id for p in proposals])
        .values_list("pk", flat=True)
    )
    shown = [
        ProposalView(
            proposal=p,
            action=label(ProposalAction, p.action, capital=True),
            removal_reason=label(RemovalReason, p.removal_reason) if p.removal_reason else "",
        )
        for p in proposals
        if p.person_id in visible
    ]
    query = ""
    found: list[Person] = []
    selected_pk = None
    if proposal_form is not None and proposal_form.is_bound:
        query = proposal_form.data.get("q", "")
        found = _search_people(scope, query)
        chosen = str(proposal_form.data.get("person", ""))
        selected = person_search(scope=scope).filter(pk=chosen).first() if chosen.isdigit() else None
        if selected is not None:
            selected_pk = selected.pk
            if selected not in found:
                found.insert(0, selected)
    draft = review.status == RoundStatus.DRAFT
    can_edit = scope.covers_organization(review.organization, Level.EDIT)
    return {
        "review": review,
        "org": review.organization,
        "status": label(RoundStatus, review.status),
        "proposals": shown,
        "hidden": len(proposals) - len(shown),
        "draft": draft,
        "can_edit": can_edit,
        "proposal_form": style_fields(proposal_form) if proposal_form is not None else None,
        "approve_form": style_fields(approve_form) if approve_form is not None else None,
        "query": query,
        "found": found,
        "selected_pk": selected_pk,
        "decision_date": format_date(review.decision.date) if review.decision else "",
    }


def _review_forms(
    request: HttpRequest, review: ReviewRound
) -> tuple[ProposalForm | None, ApproveForm | None]:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    if review.status != RoundStatus.DRAFT or not scope.covers_organization(review.organization, Level.EDIT):
        return None, None
    return _proposal_form(request, review), ApproveForm(decisions=_decisions(review.organization))


@scoped(level=Level.VIEW)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A review: its proposals (people outside the scope counted), the forms that add a proposal and that
    approve the whole review as one decision."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    review = _round_get(scope, pk)
    proposal_form, approve_form = _review_forms(request, review)
    return render(
        request,
        "pipeline/pool_review_detail.html",
        _review_context(request, review, proposal_form, approve_form),
    )


@scoped(level=Level.EDIT)
def review_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: add one proposal to a review being prepared (``services.round_propose``)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    review = _round_get(scope, pk)
    scope.require_organization(review.organization, Level.EDIT)
    if request.method != "POST":
        return redirect("review-detail", pk=review.pk)
    form = _proposal_form(request, review, request.POST)
    if "search" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_propose(
                round=review,
                pool=data["pool"],
                person=data["person"],
                action=data["action"],
                readiness=data["readiness"],
                rank=data["rank"],
                removal_reason=data["removal_reason"],
                reason=data["reason"],
                first_planning=data["first_planning"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("The proposal about %(name)s was added.") % {"name": data["person"].full_name}
            )
            return redirect("review-detail", pk=review.pk)
    elif "search" in request.POST:
        form.errors.clear()
    _unused, approve_form = _review_forms(request, review)
    return render(
        request, "pipeline/pool_review_detail.html", _review_context(request, review, form, approve_form)
    )


@scoped(level=Level.EDIT)
def review_person_search(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?q=…: the people of the scope for the proposal form (an htmx partial)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    review = _round_get(scope, pk)
    scope.require_organization(review.organization, Level.EDIT)
    query = request.GET.get("q", "")
    return render(
        request,
        "pipeline/_person_choices.html",
        {"found": _search_people(scope, query), "query": query, "selected_pk": None},
    )


@scoped(level=Level.EDIT)
def review_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: approve every proposal of the review as one decision, all or nothing (``services.round_approve``)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    review = _round_get(scope, pk)
    scope.require_organization(review.organization, Level.EDIT)
    if request.method != "POST":
        return redirect("review-detail", pk=review.pk)
    form = ApproveForm(request.POST, decisions=_decisions(review.organization))
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                decision = data["decision"]
                if decision is None:
                    decision = services.decision_create(
                        organization=review.organization,
                        kind="review",
                        number=data["new_number"],
                        date=data["new_date"],
                        approving_body=data["new_body"],
                        acting_user=request.user,
                        source=SOURCE,
                    )
                events = services.round_approve(
                    round=review, decision=decision, acting_user=request.user, source=SOURCE
                )
        except ValidationError as error:
            show_errors(form, error, ApproveForm.FIELD_OF)
        else:
            messages.success(
                request,
                _("The review was approved by decision %(number)s: %(n)s changes to the planning.")
                % {"number": decision.number, "n": len(events)},
            )
            return redirect("review-detail", pk=review.pk)
    proposal_form, _unused = _review_forms(request, review)
    return render(
        request, "pipeline/pool_review_detail.html", _review_context(request, review, proposal_form, form)
    )
