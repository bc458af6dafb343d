"""A small world for supervision tests: a district with wards A and B, a Women's Union in each, people of
each, an editor and a viewer of ward A, and a mission of A and one of B with recommendations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory
from nguon.supervision import services

D = dt.date


@dataclass
class World:
    district: Any = None
    ward_a: Any = None
    ward_b: Any = None
    org_a: Any = None
    org_b: Any = None
    people_a: list[Any] = field(default_factory=list)
    people_b: list[Any] = field(default_factory=list)
    editor: Any = None
    viewer: Any = None
    mission: Any = None
    mission_b: Any = None
    rec: Any = None
    rec_b: Any = None


def _staffed(org: Any, names: list[str], prefix: str) -> list[Any]:
    post = org_services.post_create(organization=org, name="Ủy viên Ban Thường vụ")
    people = []
    for i, name in enumerate(names):
        person = PersonFactory(full_name=name, sex="F", birth_date=D(1982, 1, 9), code=f"{prefix}{i + 1:03d}")
        org_services.tenure_create(
            person=person, post=post, start_date=D(2015, 10, 1), start_reason="elected"
        )
        people.append(person)
    return people


def build_world() -> World:
    w = World()
    w.district, (w.ward_a, w.ward_b) = district_with_wards()
    w.org_a = org_services.organization_create(
        name="Hội LHPN phường Thử A", kind="womens_union", area=w.ward_a
    )
    w.org_b = org_services.organization_create(
        name="Hội LHPN phường Thử B", kind="womens_union", area=w.ward_b
    )
    w.people_a = _staffed(w.org_a, ["Hoàng Thị Lan", "Trịnh Thị Hường"], "SA")
    w.people_b = _staffed(w.org_b, ["Ngô Thị Bí"], "SB")
    w.editor = make_user("bientap", area=w.ward_a, role=Role.EDITOR)
    w.viewer = make_user("xem", area=w.ward_a, role=Role.VIEWER)
    w.mission = services.mission_create(
        kind="supervision",
        subject="Thực hiện Luật Bình đẳng giới tại UBND phường",
        lead=w.org_a,
        supervised_text="UBND phường Thử A",
        notice_sent_on=D(2020, 2, 1),
        start_date=D(2020, 3, 1),
        end_date=D(2020, 3, 5),
    )
    services.team_add(mission=w.mission, person=w.people_a[0], role="lead")
    w.rec = services.recommendation_create(
        mission=w.mission, text="Bố trí cán bộ nữ", addressee_text="UBND phường Thử A", sent_on=D(2020, 3, 10)
    )
    w.mission_b = services.mission_create(
        kind="opinion",
        subject="Góp ý xây dựng Đảng phường Bí Mật",
        lead=w.org_b,
        supervised_text="Đảng ủy phường Thử B",
        notice_sent_on=D(2020, 2, 1),
        start_date=D(2020, 3, 1),
    )
    services.team_add(mission=w.mission_b, person=w.people_b[0], role="lead")
    w.rec_b = services.recommendation_create(
        mission=w.mission_b,
        text="Kiến nghị bí mật B",
        addressee_text="Đảng ủy phường Thử B",
        sent_on=D(2020, 3, 10),
    )
    return w
