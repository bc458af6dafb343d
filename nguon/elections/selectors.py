"""Reads of candidate lists and candidacies. Every selector that can return names takes the scope; people
outside it are counted, never named (docs/architecture.md, "The access scope")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from nguon.core.scope import Level, Scope
from nguon.people.models import Person

from . import rules
from .models import Candidacy, CandidateList


def candidate_list_list(
    *,
    scope: Scope,
    level: Level = Level.VIEW,
    organization_id: int | None = None,
    term_id: int | None = None,
    kind: str = "",
    year: int | None = None,
) -> QuerySet[CandidateList]:
    """The candidate lists of the organizations in the scope, newest election first."""
    qs = CandidateList.objects.filter(scope.organizations_q(level, "term__body__organization__"))
    if organization_id:
        qs = qs.filter(term__body__organization_id=organization_id)
    if term_id:
        qs = qs.filter(term_id=term_id)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(election_date__year=year)
    return qs.select_related("term__body__organization__area", "post").order_by(
        "-election_date", "term__body__organization__name", "name", "id"
    )


def candidate_list_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> CandidateList:
    """One list of the scope; a list outside it answers 404, as a missing one."""
    found = candidate_list_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def candidacy_rows(*, scope: Scope, candidate_list: CandidateList) -> tuple[list[Candidacy], int]:
    """The list's candidacies whose person the scope may read (in order) and how many others are hidden."""
    all_ = Candidacy.objects.filter(candidate_list=candidate_list)
    visible_q = scope.people_q(Level.VIEW, "person__")
    visible = list(
        all_.filter(visible_q).select_related("tenure").order_by("order", "person__sort_key", "id")
    )
    hidden = all_.count() - len(visible)
    return visible, hidden


def person_candidacies(*, person: Person) -> QuerySet[Candidacy]:
    """A person's candidacies, newest election first, with the list, its term and body (the profile shows
    them; the caller has already checked that she may read the person)."""
    return (
        Candidacy.objects.filter(person=person)
        .select_related("candidate_list__term__body__organization", "candidate_list__post", "tenure")
        .order_by("-candidate_list__election_date", "candidate_list__name", "id")
    )


def nominated_people(*, person_ids: Iterable[int], start: dt.date, end: dt.date) -> set[int]:
    """Which of ``person_ids`` were candidates on a list whose election date falls in [start, end]
    (the funnel's "nominated" stage)."""
    ids = list(person_ids)
    if not ids:
        return set()
    return set(
        Candidacy.objects.filter(
            person_id__in=ids,
            candidate_list__election_date__gte=start,
            candidate_list__election_date__lte=end,
        ).values_list("person_id", flat=True)
    )


def elected_by_sex(*, candidate_list: CandidateList) -> dict[str, int]:
    """How many were elected on the list, by sex code (counts only: no names)."""
    counts: dict[str, int] = {}
    for sex in Candidacy.objects.filter(candidate_list=candidate_list, elected=True).values_list(
        "person__sex", flat=True
    ):
        counts[sex] = counts.get(sex, 0) + 1
    return counts


def list_facts(*, candidate_list: CandidateList) -> rules.ListFacts:
    """The list as the share rules read it: every candidate (those outside any scope too: only counted)."""
    area = candidate_list.term.body.organization.area
    people = Candidacy.objects.filter(candidate_list=candidate_list).values_list(
        "person__sex", "person__birth_date", "person__ethnicity"
    )
    return rules.ListFacts(
        kind=candidate_list.kind,
        election_date=candidate_list.election_date,
        level=area.level,
        candidates=[rules.CandidateFacts(sex, born, ethnicity or "") for sex, born, ethnicity in people],
    )


def list_verdicts(*, candidate_list: CandidateList) -> list[rules.Verdict]:
    """The share checks of the list (women, young, ethnic minority) by the rules of its election date."""
    return rules.list_checks(list_facts(candidate_list=candidate_list))
