"""The pipeline's part of the scope walk (nguon/web/tests/test_scope_walk.py): pools of ward A and ward B,
with ward B's people in B's pool (their names must never reach A's officers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.pipeline import services
from nguon.pipeline.models import PlanningDecision, Pool, PoolEntry, PoolEvent, ReviewRound, RoundProposal

WORDS = {
    **dict.fromkeys(["pool", "pools", "planning", "plannings", "board", "boards"], "pool"),
    **dict.fromkeys(["entry", "entries"], "pool_entry"),
    **dict.fromkeys(["event", "events", "log"], "pool_event"),
    **dict.fromkeys(["decision", "decisions"], "planning_decision"),
    **dict.fromkeys(["round", "rounds", "review", "reviews"], "review_round"),
    **dict.fromkeys(["proposal", "proposals"], "round_proposal"),
}
KIND_MODELS: dict[str, Any] = {
    "pool": Pool,
    "pool_entry": PoolEntry,
    "pool_event": PoolEvent,
    "planning_decision": PlanningDecision,
    "review_round": ReviewRound,
    "round_proposal": RoundProposal,
}


def _pool(ward: dict[str, list[Any]], people: list[Any]) -> None:
    post = ward["post"][1]  # the party secretary of the ward
    decision = services.decision_create(
        organization=post.organization,
        number="99-QĐ/QU",
        date=dt.date(2025, 10, 20),
        approving_body="Ban Thường vụ Quận ủy",
    )
    pool = services.pool_create(
        post=post,
        target_term="2030–2035",
        target_start=dt.date(2030, 10, 1),
        target_end=dt.date(2035, 9, 30),
        decision=decision,
    )
    for person in people:
        services.entry_add(pool=pool, person=person, date=decision.date, decision=decision)
    ward["pool"] = [pool]
    ward["planning_decision"] = [decision]
    ward["pool_entry"] = list(PoolEntry.objects.filter(pool=pool))
    ward["pool_event"] = list(PoolEvent.objects.filter(entry__pool=pool))
    review = services.round_create(organization=post.organization, year=2026, target_term="2030–2035")
    services.round_propose(
        round=review, pool=pool, person=people[0], action="remove", removal_reason="review", reason="rà soát"
    )
    ward["review_round"] = [review]
    ward["round_proposal"] = list(RoundProposal.objects.filter(round=review))


def extend(world: Any) -> None:
    _pool(world.a, world.a["person"][:1])
    _pool(world.b, world.b["person"][:2])


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    orgs = [o.pk for o in world.b["organization"]]
    return {
        "pools": list(Pool.objects.filter(post__organization__in=orgs).order_by("pk").values()),
        "pool entries": list(
            PoolEntry.objects.filter(pool__post__organization__in=orgs).order_by("pk").values()
        ),
        "pool events": list(
            PoolEvent.objects.filter(entry__pool__post__organization__in=orgs).order_by("pk").values()
        ),
        "planning decisions": list(
            PlanningDecision.objects.filter(organization__in=orgs).order_by("pk").values()
        ),
        "review rounds": list(ReviewRound.objects.filter(organization__in=orgs).order_by("pk").values()),
        "round proposals": list(
            RoundProposal.objects.filter(round__organization__in=orgs).order_by("pk").values()
        ),
    }
