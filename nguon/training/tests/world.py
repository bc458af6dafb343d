"""A small world for the training pages, API and import: a district with wards A and B, an organization in
each, people holding posts there, an editor and a viewer of ward A, a course and a class of ward A."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory
from nguon.training import services

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
    course: Any = None
    session: Any = None
    course_b: Any = None
    session_b: Any = None


def _staffed(org: Any, names: list[tuple[str, str, dt.date]], code_prefix: str) -> list[Any]:
    post = org_services.post_create(organization=org, name="Ủy viên Ban Thường vụ")
    people = []
    for i, (name, sex, born) in enumerate(names):
        person = PersonFactory(full_name=name, sex=sex, birth_date=born, code=f"{code_prefix}{i + 1:03d}")
        org_services.tenure_create(
            person=person, post=post, start_date=D(2020, 10, 1), start_reason="elected"
        )
        people.append(person)
    return people


def build_world() -> World:
    w = World()
    w.district, (w.ward_a, w.ward_b) = district_with_wards()
    w.org_a = org_services.organization_create(
        name="Đảng bộ phường Thử A", kind="grassroots_party", area=w.ward_a
    )
    w.org_b = org_services.organization_create(
        name="Đảng bộ phường Thử B", kind="grassroots_party", area=w.ward_b
    )
    w.people_a = _staffed(
        w.org_a,
        [
            ("Hoàng Thị Lan", "F", D(1980, 5, 17)),
            ("Trịnh Thị Hường", "F", D(1985, 2, 1)),
            ("Lê Văn Bình", "M", D(1978, 11, 3)),
        ],
        "A",
    )
    w.people_b = _staffed(w.org_b, [("Ngô Thị Bí", "F", D(1982, 1, 9))], "B")
    w.editor = make_user("bientap", area=w.ward_a, role=Role.EDITOR)
    w.viewer = make_user("xem", area=w.ward_a, role=Role.VIEWER)
    w.course = services.course_create(
        organizer=w.org_a,
        name="Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ nữ",
        kind="leadership",
        provider="Trường Chính trị Tô Hiệu",
    )
    w.session = services.session_create(
        course=w.course,
        name="Lớp 1 năm 2021",
        start_date=D(2021, 3, 1),
        end_date=D(2021, 3, 30),
        place="Hà Nội",
    )
    w.course_b = services.course_create(
        organizer=w.org_b,
        name="Trung cấp lý luận chính trị - hành chính",
        kind="political_theory",
        grants="political_theory",
        grants_level="trung_cap",
    )
    w.session_b = services.session_create(course=w.course_b, name="Lớp K9", start_date=D(2019, 9, 1))
    # ward B's woman took ward A's class (she is counted there, never named)
    services.participant_add(session=w.session, person=w.people_b[0], result="completed")
    services.participant_add(
        session=w.session, person=w.people_a[0], result="completed", certificate="LD-001"
    )
    return w
