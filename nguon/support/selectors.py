"""Reads of support cases. ``case_list``/``case_get`` name people: only through ``Scope.support_q`` (the
support permission over the case's organization). ``support_counts`` reads counts only (cases by kind and
year, people supported, amounts by kind), over the caller's analysis area: what everyone else sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope

from .models import SupportCase, SupportGiven


def case_list(
    *,
    scope: Scope,
    level: Level = Level.VIEW,
    kind: str = "",
    year: int | None = None,
    status: str = "",
) -> QuerySet[SupportCase]:
    """The cases ``scope`` may read (``VIEW``) or record (``EDIT``); empty without the support permission.
    ``year``: cases open at some time in that year; ``status``: "open" or "closed"."""
    qs = SupportCase.objects.filter(scope.support_q(level, "organization__")).select_related(
        "person", "organization"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if year is not None:
        qs = qs.filter(opened_on__year__lte=year).filter(
            Q(closed_on__isnull=True) | Q(closed_on__year__gte=year)
        )
    if status == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif status == "closed":
        qs = qs.filter(closed_on__isnull=False)
    return qs.order_by("-opened_on", "-id")


def case_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> SupportCase:
    """One case she may read; 404 otherwise (the same answer as no such case)."""
    found = case_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such support case."))
    return found


def case_supports(*, case: SupportCase) -> QuerySet[SupportGiven]:
    """The support given in a case the caller may already read."""
    return case.supports.select_related("given_by").order_by("given_on", "id")


def supports_of(*, cases: QuerySet[SupportCase]) -> QuerySet[SupportGiven]:
    return (
        SupportGiven.objects.filter(case__in=cases.values("pk"))
        .select_related("given_by", "case")
        .order_by("case_id", "given_on", "id")
    )


def person_cases(*, scope: Scope, person_id: int) -> QuerySet[SupportCase]:
    """A person's cases that ``scope`` may read (for the profile page): empty without the permission."""
    return case_list(scope=scope).filter(person_id=person_id)


@dataclass(frozen=True)
class SupportCounts:
    """Counts only, never names: cases by (kind, year opened), people supported, support lines and amounts
    by kind of support (amounts in đồng)."""

    cases: int = 0
    open_cases: int = 0
    people: int = 0
    by_kind_year: dict[tuple[str, int], int] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    supports: int = 0
    amount: int = 0
    amount_by_kind: dict[str, int] = field(default_factory=dict)
    supports_by_kind: dict[str, int] = field(default_factory=dict)


def support_counts(
    scope: Scope,
    area: object | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> SupportCounts:
    """Counts of the cases kept by organizations inside ``scope``'s analysis area (inside ``area`` when
    given); ``start``/``end`` narrow the cases to those opened in [start, end] and the support to lines given
    then. Nobody is named: safe for every user."""
    cases = SupportCase.objects.filter(scope.organizations_q(Level.ANALYSE, "organization__"))
    if area is not None:
        cases = cases.filter(organization__area__path__startswith=area.path)  # type: ignore[attr-defined]
    lines = SupportGiven.objects.filter(case__in=cases.values("pk"))
    if start is not None:
        cases = cases.filter(opened_on__gte=start)
        lines = lines.filter(given_on__gte=start)
    if end is not None:
        cases = cases.filter(opened_on__lte=end)
        lines = lines.filter(given_on__lte=end)
    by_kind_year = {
        (r["kind"], r["year"]): r["n"]
        for r in cases.order_by()
        .annotate(year=ExtractYear("opened_on"))
        .values("kind", "year")
        .annotate(n=Count("id"))
    }
    totals = cases.aggregate(n=Count("id"), people=Count("person_id", distinct=True))
    by_kind = {
        r["kind"]: (r["n"], r["total"] or 0)
        for r in lines.order_by().values("kind").annotate(n=Count("id"), total=Sum("amount"))
    }
    return SupportCounts(
        cases=totals["n"] or 0,
        open_cases=cases.filter(closed_on__isnull=True).count(),
        people=totals["people"] or 0,
        by_kind_year=by_kind_year,
        years=sorted({y for _, y in by_kind_year}),
        kinds=sorted({k for k, _ in by_kind_year}),
        supports=sum(n for n, _ in by_kind.values()),
        amount=sum(t for _, t in by_kind.values()),
        amount_by_kind={k: t for k, (_, t) in by_kind.items()},
        supports_by_kind={k: n for k, (n, _) in by_kind.items()},
    )
