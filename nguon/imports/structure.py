"""The structure a tenure row names — organization, body, term, post — found by folded name within its
parent, or created in bulk for a whole chunk, when the user allows it.

For each chunk, ``StructureResolver.resolve`` takes the rows with their areas and, one level after the
other (organizations of an area, then their bodies, terms and posts), finds what each row names or plans
it; what is missing is created with a handful of statements per level, through the organizations' bulk
path (``organizations_bulk_insert``, ``bodies_…``, ``terms_…``, ``posts_bulk_insert``: the rules of the
single-row services, an audit record per row), never one service call per item. Once many
rows were written, the four tables are analyzed (``core.db.analyze``), so the next chunks' joins are
planned on what they hold.

Whether something missing may be created is the user's choice (``StructurePolicy``): structure that has
no close sibling in its parent is genuinely new and is created when ``create_new`` allows it; a name
close to an existing sibling ("Chủ tịch" beside "Chủ tịch Hội LHPN phường", see ``matching``) is a
near-duplicate and stops the import with the proposal, unless the user confirmed that item (by its
``key``) or all of them. Each refused item is reported once, on the first row naming it, in the column
that names it. Near-duplicates are sought among the structure registered before this import only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.audit import Actor
from nguon.core.bulk import RowsRefused
from nguon.core.db import analyze
from nguon.core.scope import UNRESTRICTED, Scope
from nguon.core.text import clean_text, fold
from nguon.organizations import services as org_services
from nguon.organizations.models import Body, Organization, Post, Term

from .kinds import infer_body_kind, infer_organization_kind
from .matching import closest
from .scoping import organization_outside

ErrorSink = Callable[[str, int | None, str | None, str], None]
ANALYZE_AFTER = 1000  #: structure rows written before the planner's statistics are refreshed
LOAD_CHUNK = 500  #: areas whose structure is loaded per query (bounded statement parameters)
_fold = lru_cache(maxsize=1 << 16)(fold)  # the same names come back on every row naming them


def _date(value: Any) -> dt.date | None:
    """A date column read through a raw cursor (SQLite gives its text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


KINDS = ("organizations", "bodies", "terms", "posts")


@dataclass(frozen=True)
class StructurePolicy:
    """What an import may create. ``create_new``: structure with no close existing sibling;
    ``create_near``: every near-duplicate too; ``confirmed``: the near-duplicates (by ``Proposal.key``)
    the user confirmed one by one."""

    create_new: bool = True
    create_near: bool = False
    confirmed: frozenset[str] = frozenset()

    def allows(self, key: str, near: bool) -> bool:
        if near:
            return self.create_near or key in self.confirmed
        return self.create_new or key in self.confirmed


@dataclass(frozen=True)
class Ref:
    """Found or created structure: its id and name (and, for organizations, its validity)."""

    pk: int
    name: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    kind: str = ""  # an organization's kind (for the access scope)

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Proposal(NamedTuple):
    """Structure the file names that is not registered: genuinely new, or a near-duplicate of
    ``proposal``; created if ``allowed``, else refused with an error on the row."""

    key: str  # stable between the dry run and the import: kind, parent id, folded name
    kind: str  # one of KINDS
    name: str
    parent: str
    proposal: str  # the closest registered sibling, "" when genuinely new
    allowed: bool
    sheet: str
    row: int


@dataclass
class _Plan:
    """One level's missing items of a chunk: key → (values to insert, name, first row)."""

    items: dict[Any, tuple[tuple[Any, ...], str, int]] = field(default_factory=dict)


def _near_message(kind: str, name: str, parent: str, proposal: str) -> str:
    values = {"name": name, "parent": parent, "proposal": proposal}
    if kind == "organizations":
        return (
            _(
                "'%(name)s' is not in %(parent)s; did you mean '%(proposal)s'? If it is a new organization,"
                " choose 'Create new structure'."
            )
            % values
        )
    if kind == "bodies":
        return (
            _(
                "'%(name)s' is not in %(parent)s; did you mean '%(proposal)s'? If it is a new body, choose"
                " 'Create new structure'."
            )
            % values
        )
    return (
        _(
            "'%(name)s' is not in %(parent)s; did you mean '%(proposal)s'? If it is a new post, choose"
            " 'Create new structure'."
        )
        % values
    )


def _new_message(name: str, parent: str) -> str:
    return _(
        "'%(name)s' is not registered in %(parent)s and would be created: to create it, choose 'Create new"
        " structure'."
    ) % {"name": name, "parent": parent}


class StructureResolver:
    """Finds or creates the structure of tenure rows; keeps what it learnt across chunks (bounded by the
    file's structure, not its rows)."""

    def __init__(
        self,
        *,
        policy: StructurePolicy,
        error: ErrorSink,
        created: Callable[[str, str, str, int], None],
        proposed: Callable[[str, Proposal], None],
        acting_user: Actor,
        source: str,
        scope: Scope = UNRESTRICTED,
    ) -> None:
        self.policy, self.report, self.created, self.proposed = policy, error, created, proposed
        self.user, self.source, self.scope = acting_user, source, scope
        self.orgs: dict[tuple[int, str], list[Ref]] = {}  # (area, folded name) → organizations
        self.bodies: dict[tuple[int, str], Ref] = {}  # (organization, folded name)
        self.terms: dict[tuple[int, str], Ref] = {}  # (body, name)
        self.posts: dict[tuple[int, str], Ref] = {}  # (organization, folded name)
        # registered before this import: the siblings a near-duplicate is sought among
        self.registered: dict[tuple[str, int], list[tuple[int, str]]] = {}
        # every organization, body and post known by parent, as (folded name, name): for "the same words"
        self.children: dict[tuple[str, int], list[str]] = {}
        self.alias: dict[tuple[str, int, str], str] = {}  # a name → the folded name of the same words
        self.listed: dict[str, bool] = {}  # items listed once already: whether they may be created
        self.loaded: set[int] = set()  # areas whose structure is loaded
        self.inserted = 0  # rows written since the tables were last analyzed

    # --- loading ------------------------------------------------------------------------------------
    def load(self, areas: Sequence[Area]) -> None:
        """The organizations of these areas (those not loaded yet), with their bodies, terms and posts: four
        queries per ``LOAD_CHUNK`` areas, joined on the area in the database (no list of ids goes back)."""
        fresh = sorted({a.pk for a in areas} - self.loaded)
        self.loaded.update(fresh)
        for start in range(0, len(fresh), LOAD_CHUNK):
            self._load(fresh[start : start + LOAD_CHUNK])

    def _load(self, area_ids: list[int]) -> None:
        qn = connection.ops.quote_name
        org, body, term, post = (qn(m._meta.db_table) for m in (Organization, Body, Term, Post))
        within = f"o.area_id IN ({', '.join(['%s'] * len(area_ids))})"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT o.id, o.area_id, o.name, o.search_key, o.valid_from, o.valid_to, o.kind FROM {org} o"
                f" WHERE {within}",
                area_ids,
            )
            for pk, area_id, name, key, begins, ends, kind in cursor.fetchall():
                begins, ends = _date(begins), _date(ends)
                self.orgs.setdefault((area_id, key or _fold(name)), []).append(
                    Ref(pk, name, begins, ends, kind)
                )
                self.registered.setdefault(("organizations", area_id), []).append((pk, name))
                self.children.setdefault(("organizations", area_id), []).append(name)
            cursor.execute(
                f"SELECT b.id, b.organization_id, b.name FROM {body} b JOIN {org} o ON o.id = b.organization_id"
                f" WHERE {within}",
                area_ids,
            )
            for pk, org_id, name in cursor.fetchall():
                self.bodies.setdefault((org_id, _fold(name)), Ref(pk, name))
                self.registered.setdefault(("bodies", org_id), []).append((pk, name))
                self.children.setdefault(("bodies", org_id), []).append(name)
            cursor.execute(
                f"SELECT t.id, t.body_id, t.name, b.name FROM {term} t JOIN {body} b ON b.id = t.body_id"
                f" JOIN {org} o ON o.id = b.organization_id WHERE {within}",
                area_ids,
            )
            for pk, body_id, name, body_name in cursor.fetchall():
                self.terms[(body_id, name)] = Ref(pk, f"{body_name} {name}")
            cursor.execute(
                f"SELECT p.id, p.organization_id, p.name FROM {post} p JOIN {org} o ON o.id = p.organization_id"
                f" WHERE {within}",
                area_ids,
            )
            for pk, org_id, name in cursor.fetchall():
                self.posts.setdefault((org_id, _fold(name)), Ref(pk, name))
                self.registered.setdefault(("posts", org_id), []).append((pk, name))
                self.children.setdefault(("posts", org_id), []).append(name)

    # --- resolving ----------------------------------------------------------------------------------
    def resolve(
        self, sheet: str, header: dict[str, str], rows: Sequence[tuple[Any, Area]]
    ) -> dict[int, tuple[Ref, Ref | None]]:
        """Each row's (post, term) by its number, for the rows (``Row`` with its area) whose structure is
        registered, or was created because the policy allows it; the others get an error (once per item)
        and no entry."""
        self.load([area for _row, area in rows])
        live: list[tuple[Any, Area, Ref]] = []

        # organizations
        plan = _Plan()
        pending: list[tuple[Any, Area, tuple[int, str]]] = []
        for row, area in rows:
            v = row.values
            key = (area.pk, _fold(v["organization"]))
            org = self._org(key, v["start"])
            if org is None and key in plan.items:
                pending.append((row, area, key))
                continue
            if org is None:
                org = self._org_by_words(area.pk, v["organization"], v["start"])
            if org is not None:
                if outside := organization_outside(self.scope, area, org.kind, org.name):
                    self.report(sheet, row.number, header.get("organization"), outside)
                    continue
                live.append((row, area, org))
                continue
            if key not in plan.items:
                name = clean_text(v["organization"])
                kind = v.get("organization_kind") or infer_organization_kind(name, area.level)
                # never created (nor proposed) outside the user's edit scope: an error on every row naming it
                if outside := organization_outside(self.scope, area, kind, name):
                    self.report(sheet, row.number, header.get("organization"), outside)
                    continue
                item = f"organizations:{area.pk}:{key[1]}"
                if not self._may_create(
                    sheet, header.get("organization"), row, item, "organizations", v["organization"],
                    str(area), ("organizations", area.pk),
                ):  # fmt: skip
                    continue
                plan.items[key] = (org_services.OrganizationRow(name, kind, area.pk), name, row.number)
            pending.append((row, area, key))
        refs = self._insert(
            org_services.organizations_bulk_insert, plan, "organizations", sheet, header.get("organization")
        )
        for key, ref in refs.items():
            row_values: org_services.OrganizationRow = plan.items[key][0]  # type: ignore[assignment]
            ref = replace(ref, kind=row_values.kind)
            refs[key] = ref
            self.orgs.setdefault(key, []).append(ref)
            self._child("organizations", key[0], ref.name)
        live.extend((row, area, refs[key]) for row, area, key in pending if key in refs)

        # bodies
        plan = _Plan()
        with_body: list[tuple[Any, Ref, Ref | None]] = []
        waiting: list[tuple[Any, Ref, tuple[int, str]]] = []
        for row, _area, org in live:
            name = row.values.get("body")
            if not name:
                with_body.append((row, org, None))
                continue
            key = (org.pk, _fold(name))
            if key in plan.items:
                waiting.append((row, org, key))
                continue
            body = self.bodies.get(key) or self._by_words("bodies", org.pk, name, self.bodies)
            if body is not None:
                with_body.append((row, org, body))
                continue
            if key not in plan.items:
                if not self._may_create(
                    sheet, header.get("body"), row, f"bodies:{org.pk}:{key[1]}", "bodies", name, org.name,
                    ("bodies", org.pk),
                ):  # fmt: skip
                    continue
                name = clean_text(name)
                plan.items[key] = (
                    org_services.BodyRow(org.pk, infer_body_kind(name), name),
                    name,
                    row.number,
                )
            waiting.append((row, org, key))
        refs = self._insert(org_services.bodies_bulk_insert, plan, "bodies", sheet, header.get("body"))
        self.bodies.update(refs)
        for key, ref in refs.items():
            self._child("bodies", key[0], ref.name)
        with_body.extend((row, org, refs[key]) for row, org, key in waiting if key in refs)

        # terms
        plan = _Plan()
        with_term: list[tuple[Any, Ref, Ref | None, Ref | None]] = []
        waiting_terms: list[tuple[Any, Ref, Ref | None, tuple[int, str]]] = []
        for row, org, body in with_body:
            years = row.values.get("term")
            if not years:
                with_term.append((row, org, body, None))
                continue
            if body is None:
                self.report(
                    sheet,
                    row.number,
                    header.get("term"),
                    _("A term needs the body ('Cơ quan') it belongs to"),
                )
                continue
            first, last = years
            name = f"{first}–{last}"
            key = (body.pk, name)
            term = self.terms.get(key)
            if term is not None:
                with_term.append((row, org, body, term))
                continue
            if key not in plan.items:
                label = f"{body.name} {name}"
                if not self._may_create(
                    sheet, header.get("term"), row, f"terms:{body.pk}:{name}", "terms", label, body.name, None
                ):
                    continue
                start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
                plan.items[key] = (org_services.TermRow(body.pk, name, start, end), label, row.number)
            waiting_terms.append((row, org, body, key))
        refs = self._insert(org_services.terms_bulk_insert, plan, "terms", sheet, header.get("term"))
        self.terms.update(refs)
        with_term.extend((row, org, body, refs[key]) for row, org, body, key in waiting_terms if key in refs)

        # posts
        plan = _Plan()
        found: dict[int, tuple[Ref, Ref | None]] = {}
        waiting_posts: list[tuple[Any, tuple[int, str], Ref | None]] = []
        for row, org, body, term in with_term:
            name = row.values["post"]
            key = (org.pk, _fold(name))
            if key in plan.items:
                waiting_posts.append((row, key, term))
                continue
            post = self.posts.get(key) or self._by_words("posts", org.pk, name, self.posts)
            if post is not None:
                found[row.number] = (post, term)
                continue
            if key not in plan.items:
                if not self._may_create(
                    sheet, header.get("post"), row, f"posts:{org.pk}:{key[1]}", "posts", name, org.name,
                    ("posts", org.pk),
                ):  # fmt: skip
                    continue
                name = clean_text(name)
                values = org_services.PostRow(
                    org.pk, name, body.pk if body else None, is_key=bool(row.values.get("key_post"))
                )
                plan.items[key] = (values, name, row.number)
            waiting_posts.append((row, key, term))
        refs = self._insert(org_services.posts_bulk_insert, plan, "posts", sheet, header.get("post"))
        self.posts.update(refs)
        for key, ref in refs.items():
            self._child("posts", key[0], ref.name)
        if self.inserted >= ANALYZE_AFTER:  # later chunks join these tables: plan them on what they hold
            analyze(Organization, Body, Term, Post)
            self.inserted = 0
        for row, key, term in waiting_posts:
            if key in refs:
                found[row.number] = (refs[key], term)
        return found

    def _org(self, key: tuple[int, str], day: dt.date) -> Ref | None:
        return next((o for o in self.orgs.get(key, ()) if o.valid_on(day)), None)

    def _org_by_words(self, area: int, name: str, day: dt.date) -> Ref | None:
        """An organization whose name has the same words, abbreviations written out ("UBND" = "Ủy ban nhân
        dân"), valid on the day."""
        same = self._same_words("organizations", area, name)
        return None if same is None else self._org((area, same), day)

    def _by_words(self, kind: str, parent: int, name: str, index: dict[tuple[int, str], Ref]) -> Ref | None:
        same = self._same_words(kind, parent, name)
        return None if same is None else index.get((parent, same))

    def _same_words(self, kind: str, parent: int, name: str) -> str | None:
        """The folded name of the sibling whose name has the same words as ``name``, if any (remembered)."""
        key = (kind, parent, _fold(name))
        same = self.alias.get(key)
        if same is None:
            names = self.children.get((kind, parent), ())
            match = closest(name, [(_fold(n), n) for n in names]) if names else None
            if match is not None and match.same:
                same = self.alias[key] = match.key  # only found ones are kept: a sibling may come later
        return same

    def _child(self, kind: str, parent: int, name: str) -> None:
        self.children.setdefault((kind, parent), []).append(name)

    def _may_create(
        self,
        sheet: str,
        column: str | None,
        row: Any,
        key: str,
        kind: str,
        name: str,
        parent: str,
        siblings: tuple[str, int] | None,
    ) -> bool:
        """Whether the policy lets this missing item be created; if not, report it once."""
        if key in self.listed:
            return self.listed[key]
        near = None if siblings is None else closest(name, self.registered.get(siblings, ()))
        allowed = self.listed[key] = self.policy.allows(key, near is not None)  # listed (and reported) once
        self.proposed(
            sheet,
            Proposal(
                key, kind, clean_text(name), parent, near.name if near else "", allowed, sheet, row.number
            ),
        )
        if not allowed:
            message = _near_message(kind, name, parent, near.name) if near else _new_message(name, parent)
            self.report(sheet, row.number, column, message)
        return allowed

    def _insert(
        self, bulk_insert: Callable[..., list[int]], plan: _Plan, kind: str, sheet: str, column: str | None
    ) -> dict[Any, Ref]:
        """Create a level's missing items through the organizations' bulk path (its rules, one audit record
        per row, a few statements); an item its rules refuse is reported on the first row naming it, and
        the others are written without it."""
        if not plan.items:
            return {}
        keys = list(plan.items)
        try:
            ids = bulk_insert(
                rows=[plan.items[k][0] for k in keys], acting_user=self.user, source=self.source
            )
        except RowsRefused as refused:
            for index, errors in refused.rows.items():
                _values, _name, number = plan.items[keys[index]]
                messages = [m for found in errors.values() for e in found for m in e.messages]
                self.report(sheet, number, column, " ".join(messages))
            keys = [k for i, k in enumerate(keys) if i not in refused.rows]
            rows = [plan.items[k][0] for k in keys]
            ids = bulk_insert(rows=rows, acting_user=self.user, source=self.source) if rows else []
        self.inserted += len(ids)
        refs = {}
        for key, pk in zip(keys, ids, strict=True):
            name = plan.items[key][1]
            self.created(sheet, kind, name, pk)
            refs[key] = Ref(pk, name)
        return refs
