"""Training's part of the scope walk (nguon/web/tests/test_scope_walk.py): a course and a class in ward A and
in ward B, with ward B's people in B's class and one of them in A's class too (counted there, never named)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.training import services
from nguon.training.models import Course, Participation, Session

WORDS = {
    **dict.fromkeys(["course", "courses"], "course"),
    **dict.fromkeys(["session", "sessions", "class", "classes"], "session"),
    **dict.fromkeys(
        ["participant", "participants", "participation", "participations", "trainee"], "participation"
    ),
}
KIND_MODELS: dict[str, Any] = {"course": Course, "session": Session, "participation": Participation}


def _training(ward: dict[str, list[Any]], people: list[Any], name: str) -> None:
    organizer = ward["organization"][0]
    course = services.course_create(
        organizer=organizer,
        name=f"Bồi dưỡng kỹ năng lãnh đạo, quản lý {name}",
        kind="leadership",
        provider="Trường Chính trị Tô Hiệu",
    )
    theory = services.course_create(
        organizer=organizer,
        name=f"Trung cấp lý luận chính trị - hành chính {name}",
        kind="political_theory",
        grants="political_theory",
        grants_level="trung_cap",
    )
    session = services.session_create(
        course=course, name="Lớp 1", start_date=dt.date(2021, 3, 1), end_date=dt.date(2021, 3, 30)
    )
    other = services.session_create(course=theory, name="Lớp K9", start_date=dt.date(2019, 9, 1))
    for i, person in enumerate(people):
        services.participant_add(
            session=session, person=person, result="completed", certificate=f"{name}-{i + 1}"
        )
    ward["course"] = [course, theory]
    ward["session"] = [session, other]
    ward["participation"] = list(Participation.objects.filter(session=session).order_by("pk"))


def extend(world: Any) -> None:
    _training(world.b, world.b["person"][:3], "B")
    _training(world.a, world.a["person"][:1], "A")
    # one of B's people in A's class: A's officers see the line counted, never her name
    services.participant_add(session=world.a["session"][0], person=world.b["person"][0], result="enrolled")


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    orgs = [o.pk for o in world.b["organization"]]
    people = [p.pk for p in world.b["person"]]
    return {
        "courses": list(Course.objects.filter(organizer__in=orgs).order_by("pk").values()),
        "sessions": list(Session.objects.filter(course__organizer__in=orgs).order_by("pk").values()),
        "participations": list(
            Participation.objects.filter(session__course__organizer__in=orgs).order_by("pk").values()
        )
        + list(Participation.objects.filter(person__in=people).order_by("pk").values()),
    }
