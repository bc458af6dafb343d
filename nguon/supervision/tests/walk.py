"""Supervision's part of the scope walk (nguon/web/tests/test_scope_walk.py): a mission of ward A and one of
ward B, each with its team (ward B's people named only in B's mission) and recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.supervision import services
from nguon.supervision.models import FollowUp, Mission, Recommendation, TeamMember

WORDS = {
    **dict.fromkeys(["mission", "missions", "supervision"], "mission"),
    **dict.fromkeys(["recommendation", "recommendations"], "recommendation"),
}
KIND_MODELS: dict[str, Any] = {"mission": Mission, "recommendation": Recommendation}


def _mission(ward: dict[str, list[Any]], people: list[Any], name: str) -> None:
    lead = ward["organization"][0]
    mission = services.mission_create(
        kind="supervision",
        subject=f"Giám sát thực hiện Luật Bình đẳng giới {name}",
        lead=lead,
        supervised_text=f"UBND phường {name}",
        notice_sent_on=dt.date(2020, 2, 1),
        start_date=dt.date(2020, 3, 1),
    )
    for i, person in enumerate(people):
        services.team_add(mission=mission, person=person, role="lead" if i == 0 else "member")
    rec = services.recommendation_create(
        mission=mission,
        text=f"Kiến nghị {name}",
        addressee_text=f"UBND phường {name}",
        sent_on=dt.date(2020, 3, 10),
    )
    ward["mission"] = [mission]
    ward["recommendation"] = [rec]


def extend(world: Any) -> None:
    _mission(world.b, world.b["person"][:2], "B")
    _mission(world.a, world.a["person"][:1], "A")


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    orgs = [o.pk for o in world.b["organization"]]
    return {
        "missions": list(Mission.objects.filter(lead__in=orgs).order_by("pk").values()),
        "team": list(TeamMember.objects.filter(mission__lead__in=orgs).order_by("pk").values()),
        "recommendations": list(
            Recommendation.objects.filter(mission__lead__in=orgs).order_by("pk").values()
        ),
        "events": list(
            FollowUp.objects.filter(recommendation__mission__lead__in=orgs).order_by("pk").values()
        ),
    }
