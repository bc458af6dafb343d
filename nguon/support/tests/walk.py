"""Support's part of the scope walk (nguon/web/tests/test_scope_walk.py): a support case with support given in
ward A and in ward B. Ward A's officers are not given the support permission (the walk's world is shared by
every app; without it they must see no case of either ward, which is the stricter check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nguon.support import services
from nguon.support.models import SupportCase, SupportGiven

WORDS = {
    **dict.fromkeys(["case", "cases"], "support_case"),
    **dict.fromkeys(["supports", "line", "lines"], "support_given"),
}
KIND_MODELS: dict[str, Any] = {"support_case": SupportCase, "support_given": SupportGiven}


def _cases(ward: dict[str, list[Any]], name: str) -> None:
    organization = ward["organization"][0]
    case = services.case_create(
        person=ward["person"][0],
        organization=organization,
        kind="health",
        opened_on=dt.date(2019, 3, 1),
        summary=f"Điều trị dài ngày {name}",
    )
    line = services.support_add(case=case, kind="money", amount=2_000_000, given_on=dt.date(2019, 3, 5))
    ward["support_case"] = [case]
    ward["support_given"] = [line]


def extend(world: Any) -> None:
    _cases(world.b, "B")
    _cases(world.a, "A")


def snapshot(world: Any) -> dict[str, list[dict[str, Any]]]:
    orgs = [o.pk for o in world.b["organization"]]
    return {
        "support_cases": list(SupportCase.objects.filter(organization__in=orgs).order_by("pk").values()),
        "support_given": list(
            SupportGiven.objects.filter(case__organization__in=orgs).order_by("pk").values()
        ),
    }
