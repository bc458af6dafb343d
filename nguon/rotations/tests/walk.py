"""The rotations' part of the scope walk (nguon/web/tests/test_scope_walk.py): a draft decision of ward B
moving B's member to B's chair, and an applied one; their names must never reach ward A's officers, and the
walk's writes (apply, take out) must change none of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.rotations import services
from nguon.rotations.models import Move, MoveDecision

WORDS = {
    **dict.fromkeys(
        ["rotation", "rotations", "transfer", "transfers", "move_decision", "move_decisions"], "move_decision"
    ),
    **dict.fromkeys(["move", "moves"], "move"),
}
KIND_MODELS: dict[str, Any] = {"move_decision": MoveDecision, "move": Move}


def extend(world: Any) -> None:
    b = world.b
    org = b["organization"][0]
    member = b["tenure"][0]  # b1 on the party's committee seat, term 2025–2030, from 15/10/2025
    draft = services.move_decision_create(
        issuer=org, kind="rotation", number="77-QĐ/ĐU", date=dt.date(2026, 3, 1)
    )
    services.move_add(
        decision=draft,
        person=member.person,
        from_tenure=member,
        to_post=b["post"][1],
        start_date=dt.date(2026, 3, 5),
    )
    applied = services.move_decision_create(
        issuer=b["organization"][1], kind="transfer", number="78-QĐ/HPN", date=dt.date(2026, 4, 1)
    )
    women = b["tenure"][2]  # b3 on the women's union seat
    services.move_add(
        decision=applied,
        person=women.person,
        from_tenure=women,
        to_post=b["post"][3],
        start_date=dt.date(2026, 4, 5),
    )
    services.decision_apply(decision=applied)
    b["move_decision"] = [draft, applied]
    b["move"] = list(Move.objects.filter(decision__in=[draft, applied]).order_by("pk"))


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    ids = [d.pk for d in world.b.get("move_decision", [])]
    return {
        "move decisions": list(MoveDecision.objects.filter(pk__in=ids).order_by("pk").values()),
        "moves": list(Move.objects.filter(decision__in=ids).order_by("pk").values()),
    }
