"""The elections' part of the scope walk (nguon/web/tests/test_scope_walk.py): a candidate list of ward A and
one of ward B, with ward B's people as B's candidates (their names must never reach A's officers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.elections import services
from nguon.elections.models import Candidacy, CandidateList

WORDS = {
    **dict.fromkeys(
        ["election", "elections", "list", "lists", "candidatelist", "candidatelists"], "candidate_list"
    ),
    **dict.fromkeys(["candidate", "candidates", "candidacy", "candidacies"], "candidacy"),
}
KIND_MODELS: dict[str, Any] = {"candidate_list": CandidateList, "candidacy": Candidacy}


def _list(ward: dict[str, list[Any]], people: list[Any], name: str) -> None:
    term, post = ward["term"][0], ward["post"][0]  # the party committee's 2025–2030 term, its member seat
    candidate_list = services.candidate_list_create(
        term=term,
        post=post,
        kind="party_congress",
        name=name,
        election_date=dt.date(2025, 9, 20),
        seats=1,
    )
    for person in people:
        services.candidacy_add(candidate_list=candidate_list, person=person)
    ward["candidate_list"] = [candidate_list]
    ward["candidacy"] = list(Candidacy.objects.filter(candidate_list=candidate_list))


def extend(world: Any) -> None:
    _list(world.a, world.a["person"][:1], "Danh sách bầu Ban Chấp hành phường An")
    _list(world.b, world.b["person"][:2], "Danh sách bầu Ban Chấp hành phường Bình Quách")
    world.secrets += [("candidate_list", "Danh sách bầu Ban Chấp hành phường Bình Quách")]


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    orgs = [o.pk for o in world.b["organization"]]
    return {
        "candidate lists": list(
            CandidateList.objects.filter(term__body__organization__in=orgs).order_by("pk").values()
        ),
        "candidacies": list(
            Candidacy.objects.filter(candidate_list__term__body__organization__in=orgs)
            .order_by("pk")
            .values()
        ),
    }
