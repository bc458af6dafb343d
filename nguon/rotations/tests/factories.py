"""A small world for the rotations' tests: a district with two wards, each with a party committee (a seat of
its executive committee and a chair post), and people holding posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nguon.areas.tests.factories import AreaFactory
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory


@dataclass
class Unit:
    area: Any
    org: Any
    body: Any
    term: Any
    seat: Any
    chair: Any
    deputy: Any


@dataclass
class RotationWorld:
    district: Any
    district_unit: Unit
    wards: list[Unit] = field(default_factory=list)


def unit(area: Any, name: str) -> Unit:
    org = org_services.organization_create(name=name, kind="grassroots_party", area=area)
    body = org_services.body_create(
        organization=org, kind="executive_committee", name=f"Ban Chấp hành {name}"
    )
    term = org_services.term_create(body=body, name="2020–2025", start_date=dt.date(2020, 10, 1))
    seat = org_services.post_create(organization=org, name="Ủy viên Ban Chấp hành", body=body)
    chair = org_services.post_create(organization=org, name="Bí thư", rank=1, is_key=True, is_leader=True)
    deputy = org_services.post_create(
        organization=org, name="Phó Bí thư", rank=2, is_key=True, is_leader=True
    )
    return Unit(area, org, body, term, seat, chair, deputy)


def rotation_world() -> RotationWorld:
    district = AreaFactory(name="Quận Luân", level="district", kind="quan")
    world = RotationWorld(district=district, district_unit=unit(district, "Quận ủy Luân"))
    for n in ("Một", "Hai"):
        area = AreaFactory(name=f"Phường {n}", parent=district)
        world.wards.append(unit(area, f"Đảng bộ phường {n}"))
    return world


def hold(person: Any, post: Any, start: dt.date, term: Any = None, end: dt.date | None = None) -> Any:
    return org_services.tenure_create(
        person=person, post=post, term=term, start_date=start, end_date=end, start_reason="appointed"
    )


def person(name: str, sex: str = "F", born: dt.date = dt.date(1980, 5, 17)) -> Any:
    return PersonFactory(full_name=name, sex=sex, birth_date=born)
