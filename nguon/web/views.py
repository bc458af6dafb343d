"""The shell's own pages: the dashboard, the tree of areas and organizations, an area, an organization.

Views parse the request, call selectors with ``request.scope`` and ``request.at``, and render; they never
filter for access themselves. Areas are read at the analysis level (aggregates, names of areas and
organizations); people only through the selectors that apply the view level.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from nguon.areas.choices import area_kind_label, area_level_label
from nguon.areas.models import Area
from nguon.areas.selectors import (
    Succession,
    area_children_counted,
    area_get,
    area_roots,
    area_successions,
)
from nguon.core.access import scoped
from nguon.core.formats import format_date
from nguon.core.history import history_entries
from nguon.core.labels import label
from nguon.core.models import AuditAction, AuditRecord
from nguon.core.scope import Level, Scope
from nguon.organizations.choices import BodyKind, OrganizationKind, TenureStart
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.organizations.selectors import (
    audit_list,
    organization_body_list,
    organization_counts,
    organization_get,
    organization_list,
    organization_post_list,
    tenure_list,
)
from nguon.people.choices import Sex

from .dashboard import area_section, dashboard_build

PAGE = 50  # areas per page of a tree level
SEATS_LISTED = 3  # holders listed under a post before pointing to the body's members
HISTORY = 30  # changes shown on an organization's page


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _page(request: HttpRequest) -> int:
    return max(1, _int(request.GET.get("page")) or 1)


# --- areas as the pages show them -------------------------------------------------------------------------
@dataclass
class Node:
    """One area of the tree: what it is, whether it exists on the date, its history, its organizations."""

    area: Area
    kind: str
    level: str
    exists: bool
    validity: str
    successions: list[Any]
    organization_count: int = 0
    child_count: int = 0
    mine: bool = False  # the area of one of the user's assignments


def _validity(area: Area | Organization) -> str:
    if area.valid_from and area.valid_to:
        return _("from %(start)s to %(end)s") % {
            "start": format_date(area.valid_from),
            "end": format_date(area.valid_to),
        }
    if area.valid_from:
        return _("from %(start)s") % {"start": format_date(area.valid_from)}
    if area.valid_to:
        return _("until %(end)s") % {"end": format_date(area.valid_to)}
    return ""


def _succession_groups(scope: Scope, found: list[Succession]) -> list[dict[str, Any]]:
    """The arrows of one area grouped by event and direction: "Sáp nhập từ A, B, C (01/07/2025)"; the
    other areas linked when they lie inside the analysis scope."""
    groups: dict[tuple[str, str, dt.date], dict[str, Any]] = {}
    for s in found:
        group = groups.setdefault(
            (s.kind, s.direction, s.date),
            {"phrase": s.phrase, "date": format_date(s.date), "decision": s.decision, "areas": []},
        )
        group["areas"].append({"area": s.other, "linked": scope.covers_area(s.other, Level.ANALYSE)})
    return list(groups.values())


def _nodes(*, scope: Scope, areas: list[Area], at: dt.date) -> list[Node]:
    """Tree nodes for ``areas``: two queries (their succession arrows, their organization counts)."""
    successions = area_successions(areas=areas)
    counts = organization_counts(scope=scope, areas=areas, at=at)
    own = {g.area_id for g in scope.grants}
    return [
        Node(
            area=a,
            kind=area_kind_label(a.kind) or area_level_label(a.level),
            level=area_level_label(a.level),
            exists=a.is_valid_on(at),
            validity=_validity(a),
            successions=_succession_groups(scope, successions.get(a.pk, [])),
            organization_count=counts.get(a.pk, 0),
            child_count=getattr(a, "child_count", 0),
            mine=a.pk in own,
        )
        for a in areas
    ]


@dataclass
class OrgItem:
    organization: Organization
    kind: str
    linked: bool


def _org_items(scope: Scope, organizations: list[Organization]) -> list[OrgItem]:
    return [
        OrgItem(o, label(OrganizationKind, o.kind, capital=True), scope.covers_organization(o, Level.VIEW))
        for o in organizations
    ]


@dataclass
class OrgGroup:
    """The organizations of one kind in an area, opened when few or when one of them can be opened."""

    kind: str
    items: list[OrgItem]
    open: bool


GROUP_OPEN = 5  # a group of at most this many organizations is shown open


def _org_groups(items: list[OrgItem]) -> list[OrgGroup]:
    groups: dict[str, list[OrgItem]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item)
    return [
        OrgGroup(kind, found, len(found) <= GROUP_OPEN or any(i.linked for i in found))
        for kind, found in groups.items()
    ]


def _children_block(
    *, scope: Scope, area: Area, at: dt.date, page: int, organizations: bool = True
) -> dict[str, Any]:
    """What opens under an area of the tree: its organizations on the date (named; linked inside the view
    scope), then one page of the areas under it."""
    children = Paginator(area_children_counted(scope=scope, area=area, at=at), PAGE).get_page(page)
    block: dict[str, Any] = {
        "parent": area,
        "children": _nodes(scope=scope, areas=list(children.object_list), at=at),
        "page": children,
        "groups": [],
    }
    if organizations and page == 1:
        found = organization_list(scope=scope, at=at, level=Level.ANALYSE).filter(area=area)
        block["groups"] = _org_groups(_org_items(scope, list(found.order_by("kind", "name", "id"))))
    return block


@scoped
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's areas at the date: headline indicators against their targets, comparisons, standing
    committees without a woman, the latest changes. ``?area=<id>`` shows one area of the analysis scope."""
    data = dashboard_build(scope=request.scope, at=request.at, area_pk=_int(request.GET.get("area")))  # type: ignore[attr-defined]
    return render(request, "web/dashboard.html", {"dashboard": data, "changes": _changes(data.changes)})


@scoped
def area_list(request: HttpRequest) -> HttpResponse:
    """The areas the user may analyse, as a tree at the date: the top level here, each level below loaded
    when opened (htmx, a page of areas at a time), with the organizations of each area."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    roots = Paginator(area_roots(scope=scope, at=at), PAGE * 2).get_page(_page(request))
    nodes = _nodes(scope=scope, areas=list(roots.object_list), at=at)
    nodes.sort(key=lambda n: not n.exists)
    opened = None
    existing = [n for n in nodes if n.exists]
    if not scope.unrestricted and len(existing) == 1:
        opened = _children_block(scope=scope, area=existing[0].area, at=at, page=1)
    return render(request, "web/area_list.html", {"nodes": nodes, "page": roots, "opened": opened})


@scoped
def area_children(request: HttpRequest, pk: int) -> HttpResponse:
    """One level of the tree under an area (the htmx partial; a page of its own without htmx)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    area = area_get(scope=scope, pk=pk)
    block = _children_block(scope=scope, area=area, at=request.at, page=_page(request))  # type: ignore[attr-defined]
    template = "web/_area_children.html" if request.headers.get("HX-Request") else "web/area_children.html"
    return render(request, template, block)


@scoped
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An area at the date: what it is, where it came from and went, its figures (aggregates), the areas
    under it and its organizations inside the view scope."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    area = area_get(scope=scope, pk=pk)
    (node,) = _nodes(scope=scope, areas=[area], at=at)
    children = Paginator(area_children_counted(scope=scope, area=area, at=at), PAGE * 2).get_page(
        _page(request)
    )
    organizations = organization_list(scope=scope, at=at).filter(area=area).order_by("kind", "name", "id")
    parent = area.parent
    context = {
        "area": area,
        "node": node,
        "parent": parent,
        "parent_linked": parent is not None and scope.covers_area(parent, Level.ANALYSE),
        "children": _nodes(scope=scope, areas=list(children.object_list), at=at),
        "page": children,
        "organizations": _org_items(scope, list(organizations)),
        "section": area_section(scope=scope, area=area, at=at),
    }
    return render(request, "web/area_detail.html", context)


# --- the organization page --------------------------------------------------------------------------------
@dataclass
class Member:
    """One tenure held on the date, as a row of the page."""

    tenure: Tenure
    sex: str
    age: int
    post: str
    reason: str
    decision: str
    since: str


@dataclass
class TermView:
    term: Term
    dates: str
    current: bool


@dataclass
class BodyView:
    body: Body
    kind: str
    terms: list[TermView]
    current: Term | None
    members: list[Member]
    women: int


@dataclass
class PostView:
    post: Post
    holders: list[Member]
    seats: bool  # a seat of a body: its holders are listed with the body

    @property
    def vacant(self) -> bool:
        return not self.holders


def _member(tenure: Tenure, at: dt.date) -> Member:
    person = tenure.person
    decision = tenure.start_decision
    if tenure.start_decision_date:
        decision = _("%(number)s of %(date)s") % {
            "number": decision or "—",
            "date": format_date(tenure.start_decision_date),
        }
    return Member(
        tenure=tenure,
        sex=label(Sex, person.sex, capital=True),
        age=person.age_on(at),
        post=tenure.post.name,
        reason=label(TenureStart, tenure.start_reason, capital=True),
        decision=decision,
        since=format_date(tenure.start_date),
    )


def _term_dates(term: Term) -> str:
    if term.end_date:
        return f"{format_date(term.start_date)} – {format_date(term.end_date)}"
    return _("from %(start)s") % {"start": format_date(term.start_date)}


@scoped(level=Level.VIEW)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization at the date: its bodies and their terms, the members of each term on the date (sex,
    age on the date, how they came in, the decision), its posts and their holders, the vacant posts, and the
    history of changes to its records. 404 outside the view scope."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    org = organization_get(scope=scope, pk=pk)
    held = list(
        tenure_list(scope=scope, at=at)
        .filter(post__organization=org)
        .order_by("post__rank", "post__name", "person__sort_key", "id")
    )
    by_post: dict[int, list[Member]] = defaultdict(list)
    by_body: dict[int, list[Member]] = defaultdict(list)
    for tenure in held:
        member = _member(tenure, at)
        by_post[tenure.post_id].append(member)
        if tenure.post.body_id is not None:
            by_body[tenure.post.body_id].append(member)
    bodies = []
    for body in organization_body_list(scope=scope, organization=org):
        terms = list(body.terms.all())
        current = next(
            (t for t in terms if t.start_date <= at and (t.end_date is None or at <= t.end_date)), None
        )
        members = [
            m for m in by_body.get(body.pk, []) if m.tenure.term_id in (None, current.pk if current else None)
        ]
        bodies.append(
            BodyView(
                body=body,
                kind=label(BodyKind, body.kind, capital=True),
                terms=[TermView(t, _term_dates(t), t is current) for t in terms],
                current=current,
                members=members,
                women=sum(1 for m in members if m.tenure.person.sex == Sex.FEMALE),
            )
        )
    posts = [
        PostView(p, by_post.get(p.pk, []), p.body_id is not None)
        for p in organization_post_list(scope=scope, organization=org)
    ]
    parent = org.parent
    exists = (org.valid_from is None or org.valid_from <= at) and (org.valid_to is None or at <= org.valid_to)
    context = {
        "org": org,
        "kind": label(OrganizationKind, org.kind, capital=True),
        "exists": exists,
        "validity": _validity(org),
        "area_linked": scope.covers_area(org.area, Level.ANALYSE),
        "parent": parent,
        "parent_linked": parent is not None and scope.covers_organization(parent, Level.VIEW),
        "bodies": bodies,
        "posts": posts,
        "vacant": [p for p in posts if p.vacant] if exists else [],
        "seats_listed": SEATS_LISTED,
        "history": history_entries(audit_list(scope=scope, organization=org, limit=HISTORY)),
        "history_limit": HISTORY,
    }
    return render(request, "web/organization_detail.html", context)


# --- the latest changes (the dashboard) --------------------------------------------------------------------
@dataclass
class Change:
    """One audit record as a line of the dashboard: when, who, what was done to which record."""

    record: AuditRecord
    when: str
    who: str
    action: str
    what: str


def _changes(records: list[AuditRecord]) -> list[Change]:
    """Audit records as the dashboard lists them, the kind of record by its Vietnamese name (never
    "organizations.tenure"); the fields changed are on each record's own page (``core.history``)."""
    from django.apps import apps

    shown = []
    for r in records:
        try:
            kind = capfirst(apps.get_model(r.model)._meta.verbose_name)
        except (LookupError, ValueError):
            kind = r.model
        shown.append(
            Change(
                record=r,
                when=timezone.localtime(r.at).strftime("%d/%m/%Y %H:%M") if r.at else "",
                who=(r.user.get_full_name() or r.user.get_username()) if r.user else _("system"),
                action=label(AuditAction, r.action, capital=True),
                what=f"{kind}: {r.object_repr}",
            )
        )
    return shown
