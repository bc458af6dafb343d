"""Factories of programmes, through the services (every row written as in production).

``small_world()`` builds a district with two wards (A and B), each with its women's union and youth union, two
people per ward and an editor per ward; ``make_activity(**overrides)`` records an activity (counted, 2022-03-05,
in ward A, by A's women's union unless overridden) through ``services.activity_create``; ``make_programme``
a programme of A's two unions (2021–2025)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory
from nguon.programmes import services
from nguon.programmes.models import Activity, ActivityType, Programme


@dataclass
class Ward:
    area: Any
    women: Any
    youth: Any
    people: list[Any] = field(default_factory=list)
    editor: Any = None


@dataclass
class SmallWorld:
    district: Any
    a: Ward
    b: Ward
    district_women: Any = None


def _ward(name: str, district: Any) -> Ward:
    area = AreaFactory(name=f"Phường {name}", parent=district)
    women = org_services.organization_create(
        name=f"Hội Liên hiệp Phụ nữ phường {name}", kind="womens_union", area=area
    )
    youth = org_services.organization_create(
        name=f"Đoàn Thanh niên phường {name}", kind="youth_union", area=area
    )
    return Ward(area=area, women=women, youth=youth)


def small_world() -> SmallWorld:
    district = AreaFactory(name="Quận Thử", level="district", kind="quan")
    world = SmallWorld(district=district, a=_ward("An Thử", district), b=_ward("Bình Thử", district))
    world.district_women = org_services.organization_create(
        name="Hội Liên hiệp Phụ nữ quận Thử", kind="womens_union", area=district
    )
    world.a.people = [
        PersonFactory(full_name="Nguyễn Thị Hoàng Yến", sex="F", birth_date=dt.date(1988, 3, 9)),
        PersonFactory(full_name="Trần Văn Khải", sex="M", birth_date=dt.date(2000, 5, 1)),
    ]
    world.b.people = [
        PersonFactory(full_name="Quách Thị Bảo Trâm", sex="F", birth_date=dt.date(1975, 1, 2)),
        PersonFactory(full_name="Lục Văn Khiêm", sex="M", birth_date=dt.date(1995, 7, 7)),
    ]
    world.a.editor = make_user("a_editor", area=world.a.area, role=Role.EDITOR, analysis_area=district)
    world.b.editor = make_user("b_editor", area=world.b.area, role=Role.EDITOR)
    return world


def activity_type(code: str = "trong-cay") -> ActivityType:
    return ActivityType.objects.get(code=code)


def make_programme(world: SmallWorld, **overrides: Any) -> Programme:
    values: dict[str, Any] = {
        "title": "Chương trình phối hợp phường An Thử giai đoạn 2021–2025",
        "start_date": dt.date(2021, 1, 1),
        "end_date": dt.date(2025, 12, 31),
        "area": world.a.area,
        "parties": [(world.a.women, "lead"), (world.a.youth, "partner")],
    }
    values.update(overrides)
    return services.programme_create(**values)


def activity_data(world: SmallWorld, **overrides: Any) -> services.ActivityData:
    values: dict[str, Any] = {
        "title": "Ra quân trồng cây xanh",
        "type": activity_type(),
        "start_date": dt.date(2022, 3, 5),
        "area": world.a.area,
        "organizer": world.a.women,
        "counts": {("female", "31_45"): 12, ("male", "unknown"): 3},
    }
    values.update(overrides)
    return services.ActivityData(**values)


def make_activity(
    world: SmallWorld, *, files: Any = (), acting_user: Any = None, **overrides: Any
) -> Activity:
    return services.activity_create(
        data=activity_data(world, **overrides), files=files, acting_user=acting_user
    )


def png_bytes(size: tuple[int, int] = (2, 2), color: tuple[int, int, int] = (10, 120, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()
