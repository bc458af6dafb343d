"""Programmes' part of the scope walk (nguon/web/tests/test_scope_walk.py): a joint programme of ward B's
organizations with goals and a yearly plan, activities in ward B (counted, and named with B's people, with
outputs and a photo), and one activity of ward A naming one of B's people (A's officers see her counted, never
named)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from nguon.programmes import services
from nguon.programmes.models import (
    Activity,
    ActivityFile,
    ActivityParticipant,
    ActivityType,
    Goal,
    OutputKind,
    Programme,
    YearPlan,
)

WORDS = {
    **dict.fromkeys(["programme", "programmes", "program", "programs"], "programme"),
    **dict.fromkeys(["goal", "goals", "target", "targets"], "goal"),
    **dict.fromkeys(["plan", "plans", "yearplan"], "yearplan"),
    **dict.fromkeys(["activity", "activities"], "activity"),
    **dict.fromkeys(["file", "files", "photo", "photos", "attachment"], "activityfile"),
}
KIND_MODELS: dict[str, Any] = {
    "programme": Programme,
    "goal": Goal,
    "yearplan": YearPlan,
    "activity": Activity,
    "activityfile": ActivityFile,
}


def tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _ward(ward: dict[str, list[Any]], name: str) -> None:
    party, union = ward["organization"][0], ward["organization"][1]
    area = ward["area"][0]
    programme = services.programme_create(
        title=f"Chương trình phối hợp phường Thử {name} giai đoạn 2021–2025",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
        area=area,
        parties=[(union, "lead"), (party, "partner")],
        number=f"05/CTPH-{name}",
    )
    goal = services.goal_create(
        programme=programme,
        text="Tổ chức ít nhất 2 hoạt động mỗi năm",
        measure="activities",
        period="year",
        target=2,
        unit="hoạt động",
    )
    trees = services.goal_create(
        programme=programme,
        text="Trồng 500 cây xanh",
        measure="output",
        period="period",
        target=500,
        unit="cây",
        output_kind=OutputKind.objects.get(code="cay-xanh"),
    )
    plan = services.year_plan_set(programme=programme, year=2022, targets={goal: 3}, number=f"12/KH-{name}")
    ward["programme"] = [programme]
    ward["goal"] = [goal, trees]
    ward["yearplan"] = [plan]


def extend(world: Any) -> None:
    b, a = world.b, world.a
    _ward(b, "B")
    _ward(a, "A")
    planting = ActivityType.objects.get(code="trong-cay")
    talk = ActivityType.objects.get(code="ky-nang-song")
    counted = services.activity_create(
        data=services.ActivityData(
            title="Ra quân trồng cây xanh phường Thử B",
            type=planting,
            start_date=dt.date(2022, 3, 5),
            area=b["area"][0],
            organizer=b["organization"][1],
            co_organizers=[b["organization"][0]],
            programme=b["programme"][0],
            goal=b["goal"][1],
            participants=30,
            counts={("female", "31_45"): 20, ("male", "unknown"): 10},
            outputs={OutputKind.objects.get(code="cay-xanh"): 120},
        ),
        files=[("ra-quan-trong-cay.png", io.BytesIO(tiny_png()))],
        captions=["Trồng cây"],
    )
    named = services.activity_create(
        data=services.ActivityData(
            title="Nói chuyện kỹ năng sống phường Thử B",
            type=talk,
            start_date=dt.date(2023, 6, 1),
            area=b["area"][0],
            organizer=b["organization"][1],
            programme=b["programme"][0],
            goal=b["goal"][0],
            participant_mode="named",
            people=b["person"][:3],
        ),
    )
    b["activity"] = [counted, named]
    b["activityfile"] = list(ActivityFile.objects.filter(activity=counted).order_by("pk"))
    # ward A's activity with one of B's people named: A's officers see her counted, never named
    mixed = services.activity_create(
        data=services.ActivityData(
            title="Nói chuyện kỹ năng sống phường Thử A",
            type=talk,
            start_date=dt.date(2023, 6, 2),
            area=a["area"][0],
            organizer=a["organization"][1],
            participant_mode="named",
            people=[*a["person"][:1], b["person"][0]],
        ),
    )
    a["activity"] = [mixed]
    world.secrets += [("activity file", f.name) for f in b["activityfile"]]


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    orgs = [o.pk for o in world.b["organization"]]
    people = [p.pk for p in world.b["person"]]
    activities = Activity.objects.filter(organizer__in=orgs)
    return {
        "programmes": list(
            Programme.objects.filter(parties__organization__in=orgs).distinct().order_by("pk").values()
        ),
        "goals": list(
            Goal.objects.filter(programme__parties__organization__in=orgs).distinct().order_by("pk").values()
        ),
        "year plans": list(
            YearPlan.objects.filter(programme__parties__organization__in=orgs)
            .distinct()
            .order_by("pk")
            .values()
        ),
        "activities": list(activities.order_by("pk").values()),
        "activity files": list(ActivityFile.objects.filter(activity__in=activities).order_by("pk").values()),
        "activity participants": list(
            ActivityParticipant.objects.filter(person__in=people).order_by("pk").values()
        ),
    }
