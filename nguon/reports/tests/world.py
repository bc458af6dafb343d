"""A small world for the reports' tests: the programmes' two wards, with a post in each ward's women's union
held by people on 1/6/2020 (two women, one man), and the ward editors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.organizations import services as org_services
from nguon.programmes.tests.factories import SmallWorld, small_world

AT = dt.date(2020, 9, 25)


@dataclass
class ReportWorld:
    world: SmallWorld
    tenures: list[Any]
    admin: Any
    district_editor: Any


def report_world() -> ReportWorld:
    world = small_world()
    tenures = []
    for ward in (world.a, world.b):
        post = org_services.post_create(organization=ward.women, name="Chủ tịch Hội")
        for person in ward.people:
            tenures.append(
                org_services.tenure_create(
                    person=person, post=post, start_date=dt.date(2020, 1, 1), start_reason="elected"
                )
            )
    admin = make_user("quantri", role=Role.ADMINISTRATOR)
    district_editor = make_user("quan_editor", area=world.district, role=Role.EDITOR)
    return ReportWorld(world=world, tenures=tenures, admin=admin, district_editor=district_editor)
