"""Reads of organizations and tenures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.intervals import active_q
from nguon.core.models import AuditRecord
from nguon.core.scope import Level, Scope
from nguon.people.choices import Sex
from nguon.people.models import Person

from .choices import BodyKind
from .models import Body, Organization, Post, Tenure, Term


def organization_list(
    *, scope: Scope, area: Area | None = None, at: dt.date | None = None, level: Level = Level.VIEW
) -> QuerySet[Organization]:
    """Organizations inside ``scope`` (at ``level``), optionally in ``area``'s subtree and existing on ``at``."""
    qs = Organization.objects.select_related("area", "parent").filter(scope.organizations_q(level))
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if at is not None:
        qs = qs.filter(active_q(at, "valid_from", "valid_to", start_nullable=True))
    return qs


def organization_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Organization:
    """One organization inside ``scope``; Http404 otherwise (the same answer as for no such organization)."""
    found = organization_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such organization in your area of work."))
    return found


def tenure_list(*, scope: Scope, area: Area | None = None, at: dt.date | None = None) -> QuerySet[Tenure]:
    """Tenures in organizations inside ``scope``, optionally those held on ``at`` in ``area``'s subtree, with
    what a list shows preloaded."""
    qs = Tenure.objects.select_related("person", "post__organization__area", "post__body", "term").filter(
        scope.organizations_q(Level.VIEW, "post__organization__")
    )
    if area is not None:
        qs = qs.filter(post__organization__area__path__startswith=area.path)
    if at is not None:
        qs = qs.active_on(at)
    return qs


# --- reads for the shell's pages (issue 9: the dashboard, the tree, the organization page) ----------------

STANDING_KINDS = (BodyKind.STANDING_COMMITTEE, BodyKind.UNION_STANDING_COMMITTEE)


def organization_counts(*, scope: Scope, areas: Iterable[Area], at: dt.date) -> dict[int, int]:
    """How many organizations inside ``scope`` (analysis level: names of organizations are not personal
    data) exist on ``at`` directly in each of ``areas``, in one grouped query."""
    ids = [a.pk for a in areas]
    rows = (
        organization_list(scope=scope, at=at, level=Level.ANALYSE)
        .filter(area_id__in=ids)
        .order_by()
        .values("area_id")
        .annotate(n=Count("pk"))
    )
    return {r["area_id"]: r["n"] for r in rows}


def organization_body_list(*, scope: Scope, organization: Organization) -> QuerySet[Body]:
    """The bodies of ``organization`` (inside ``scope`` at the view level) with their terms preloaded."""
    return (
        Body.objects.filter(organization=organization)
        .filter(scope.organizations_q(Level.VIEW, "organization__"))
        .prefetch_related(Prefetch("terms", queryset=Term.objects.order_by("-start_date", "id")))
        .order_by("kind", "name")
    )


def organization_post_list(*, scope: Scope, organization: Organization) -> QuerySet[Post]:
    """The posts of ``organization`` (inside ``scope`` at the view level), highest rank first."""
    return (
        Post.objects.filter(organization=organization)
        .filter(scope.organizations_q(Level.VIEW, "organization__"))
        .select_related("body")
        .order_by("rank", "name", "id")
    )


def standing_committees_without_women(
    *, scope: Scope, areas: Iterable[Area] | None, at: dt.date, limit: int = 20
) -> tuple[list[Body], int]:
    """Standing committees (of party organizations and of unions) in the subtrees of ``areas`` (None: all)
    inside ``scope``
    (analysis level: bodies are named, never people) with members on ``at`` and not one woman among them;
    the first ``limit`` by area and name, and how many there are in all."""
    held = Tenure.objects.filter(active_q(at), post__body_id=OuterRef("pk"))
    qs = (
        Body.objects.filter(kind__in=STANDING_KINDS)
        .filter(scope.organizations_q(Level.ANALYSE, "organization__"))
        .filter(
            active_q(at, "organization__valid_from", "organization__valid_to", start_nullable=True),
            Exists(held),
        )
        .exclude(Exists(held.filter(person__sex=Sex.FEMALE)))
    )
    if areas is not None:
        under = Q(pk__in=[])
        for area in areas:
            under |= Q(organization__area__path__startswith=area.path)
        qs = qs.filter(under)
    total = qs.count()
    found = list(
        qs.select_related("organization__area").order_by("organization__area__code", "name", "id")[:limit]
    )
    return found, total


AUDITED_MODELS = {
    "organizations.organization": "",
    "organizations.body": "organization__",
    "organizations.term": "body__organization__",
    "organizations.post": "organization__",
    "organizations.tenure": "post__organization__",
}


def _ids_as_text(qs: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys of ``qs`` as text (``AuditRecord.object_id``), for a subquery."""
    ids: QuerySet[Any] = qs.order_by().annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    return ids


def audit_list(
    *, scope: Scope, organization: Organization | None = None, limit: int = 20
) -> list[AuditRecord]:
    """The latest changes to records inside ``scope`` at the view level (their descriptions may name
    people): organizations, bodies, terms, posts, tenures and people; everything for the whole country.
    With ``organization``, only that organization's own records and those of its bodies, terms, posts and
    tenures."""
    records = AuditRecord.objects.select_related("user").order_by("-at", "-id")
    if scope.unrestricted and organization is None:
        return list(records[:limit])
    clauses = Q()
    for label, prefix in AUDITED_MODELS.items():
        qs = apps.get_model(label).objects.filter(scope.organizations_q(Level.VIEW, prefix))
        if organization is not None:
            qs = qs.filter(**{f"{prefix}pk" if prefix else "pk": organization.pk})
        clauses |= Q(model=label, object_id__in=_ids_as_text(qs))
    if organization is None:
        people = Person.objects.filter(scope.people_q(Level.VIEW))
        clauses |= Q(model="people.person", object_id__in=_ids_as_text(people))
    return list(records.filter(clauses)[:limit])
