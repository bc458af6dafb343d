"""A small world for support: a district with wards A and B, a party organization in each with people, two
cases in ward A and one in ward B; an editor of ward A without the support permission, a carer (editor of
ward A with it), and a district viewer without it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.models import Assignment
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory
from nguon.support import services

D = dt.date
SUMMARY_A = "Điều trị ung thư vú dài ngày"


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
    carer: Any = None
    district_viewer: Any = None
    case_a: Any = None
    case_a2: Any = None
    case_b: Any = None


def _staffed(org: Any, names: list[str], prefix: str) -> list[Any]:
    post = org_services.post_create(organization=org, name="Ủy viên Ban Thường vụ")
    people = []
    for i, name in enumerate(names):
        person = PersonFactory(
            full_name=name, sex="F", birth_date=D(1980, 1, 1 + i), code=f"{prefix}{i + 1:03d}"
        )
        org_services.tenure_create(person=person, post=post, start_date=D(2015, 1, 1), start_reason="elected")
        people.append(person)
    return people


def supporter(username: str, *, area: Any, role: str = Role.EDITOR) -> Any:
    """A user whose one assignment holds the support permission."""
    user = make_user(username, area=area, role=role)
    Assignment.objects.filter(user=user).update(support_cases=True)
    return user


def build_world() -> World:
    w = World()
    w.district, (w.ward_a, w.ward_b) = district_with_wards()
    w.org_a = org_services.organization_create(
        name="Hội LHPN phường Thử A", kind="grassroots_party", area=w.ward_a
    )
    w.org_b = org_services.organization_create(
        name="Hội LHPN phường Thử B", kind="grassroots_party", area=w.ward_b
    )
    w.people_a = _staffed(w.org_a, ["Phạm Thị Hiền", "Đỗ Thị Mai"], "SA")
    w.people_b = _staffed(w.org_b, ["Vũ Thị Bích"], "SB")
    w.editor = make_user("bientap", area=w.ward_a, role=Role.EDITOR)
    w.carer = supporter("chamsoc", area=w.ward_a)
    w.district_viewer = make_user("quan", area=w.district, role=Role.VIEWER)
    w.case_a = services.case_create(
        person=w.people_a[0], organization=w.org_a, kind="health", opened_on=D(2018, 3, 1), summary=SUMMARY_A
    )
    services.support_add(case=w.case_a, kind="money", amount=2_000_000, given_on=D(2018, 3, 10))
    services.support_add(case=w.case_a, kind="visit", given_on=D(2019, 1, 20))
    w.case_a2 = services.case_create(
        person=w.people_a[1],
        organization=w.org_a,
        kind="hardship",
        opened_on=D(2019, 6, 1),
        closed_on=D(2019, 12, 31),
        summary="Nhà bị dột nát sau bão",
    )
    services.support_add(case=w.case_a2, kind="gift", amount=500_000, given_on=D(2019, 7, 1))
    w.case_b = services.case_create(
        person=w.people_b[0],
        organization=w.org_b,
        kind="family_risk",
        opened_on=D(2020, 2, 1),
        summary="Con nghỉ học",
    )
    services.support_add(case=w.case_b, kind="scholarship", amount=1_000_000, given_on=D(2020, 9, 5))
    return w
