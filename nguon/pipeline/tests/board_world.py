"""The small registry the board and pool page tests work on.

Ward A's party committee has three key posts: the secretary (held by Đỗ Văn Cũ in the 2020–2025 term, by
Vũ Thị Mới since 1/10/2025), the deputy secretary (held by Phan Văn Phó) and the chair of the inspection
committee (vacant). The 2030–2035 planning of the secretary holds a woman and a man of ward A and one woman
whose dossier ward B keeps (ward A's officers count her, never name her); the deputy's planning holds one man;
the chair has no planning. Ward B has its own secretary and planning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.organizations import services as org_services
from nguon.people.services import person_create
from nguon.pipeline import services
from nguon.pipeline.models import ReadinessLevel

D = dt.date
PASSWORD = "Mat-khau-thu-9"


@dataclass
class BoardWorld:
    ward_a: Any
    ward_b: Any
    org: Any
    org_b: Any
    term_old: Any
    term_new: Any
    secretary: Any
    deputy: Any
    chair: Any
    old_secretary: Any
    new_secretary: Any
    deputy_holder: Any
    woman: Any
    man: Any
    outsider: Any
    candidate: Any  # a woman of ward A in no pool yet
    pool: Any
    deputy_pool: Any
    pool_b: Any
    b_person: Any
    decision: Any
    editor: Any
    viewer: Any
    editor_b: Any


def ready(code: str) -> ReadinessLevel:
    return ReadinessLevel.objects.get(code=code)


def seed_readiness() -> None:
    """The seeded readiness levels (a transactional test's flush empties the data migrations' rows)."""
    import importlib

    seeded = importlib.import_module("nguon.pipeline.migrations.0002_readiness_levels")
    for code, name, order, years_from, years_to in seeded.LEVELS:
        ReadinessLevel.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "years_from": years_from, "years_to": years_to}
        )


def build_board_world() -> BoardWorld:
    seed_readiness()
    district = AreaFactory(code="00399", name="Quận Kế Cận", level="district", kind="quan")
    ward_a = AreaFactory(code="00401", name="Phường Ánh Dương", parent=district)
    ward_b = AreaFactory(code="00402", name="Phường Bình Minh", parent=district)
    org = org_services.organization_create(
        name="Đảng bộ phường Ánh Dương", kind="grassroots_party", area=ward_a
    )
    org_b = org_services.organization_create(
        name="Đảng bộ phường Bình Minh", kind="grassroots_party", area=ward_b
    )
    body = org_services.body_create(organization=org, kind="executive_committee", name="Ban Chấp hành")
    term_old = org_services.term_create(
        body=body, name="2020–2025", start_date=D(2020, 10, 1), end_date=D(2025, 9, 30)
    )
    term_new = org_services.term_create(
        body=body, name="2025–2030", start_date=D(2025, 10, 1), end_date=D(2030, 9, 30)
    )
    secretary = org_services.post_create(
        organization=org, name="Bí thư Đảng ủy", body=body, rank=1, is_key=True
    )
    deputy = org_services.post_create(
        organization=org, name="Phó Bí thư Đảng ủy", body=body, rank=2, is_key=True
    )
    chair = org_services.post_create(
        organization=org, name="Chủ nhiệm Ủy ban Kiểm tra", rank=3, is_leader=True
    )
    org_services.post_create(organization=org, name="Ủy viên Ban Chấp hành", body=body)

    def person(name: str, sex: str, born: dt.date, dossier: Any = org) -> Any:
        return person_create(full_name=name, sex=sex, birth_date=born, dossier_organization=dossier)

    old_secretary = person("Đỗ Văn Cũ", "M", D(1966, 3, 10))
    new_secretary = person("Vũ Thị Mới", "F", D(1975, 6, 1))
    deputy_holder = person("Phan Văn Phó", "M", D(1967, 1, 15))
    org_services.tenure_create(
        person=old_secretary, post=secretary, term=term_old, start_date=D(2020, 10, 1),
        end_date=D(2025, 9, 30), start_reason="elected", end_reason="term_ended",
    )  # fmt: skip
    org_services.tenure_create(
        person=new_secretary, post=secretary, term=term_new, start_date=D(2025, 10, 1), start_reason="elected"
    )
    org_services.tenure_create(
        person=deputy_holder, post=deputy, term=term_new, start_date=D(2025, 10, 1), start_reason="elected"
    )
    woman = person("Hoàng Thị Lan", "F", D(1985, 8, 20))
    man = person("Lê Văn Bình", "M", D(1980, 2, 2))
    candidate = person("Trịnh Thị Thu", "F", D(1983, 4, 4))
    outsider = person("Ngô Thị Bí", "F", D(1982, 7, 7), dossier=org_b)
    decision = services.decision_create(
        organization=org, number="12-QĐ/QU", date=D(2025, 10, 20), approving_body="Ban Thường vụ Quận ủy"
    )
    pool = services.pool_create(
        post=secretary, target_term="2030–2035", target_start=D(2030, 10, 1), target_end=D(2035, 9, 30),
        decision=decision,
    )  # fmt: skip
    deputy_pool = services.pool_create(
        post=deputy, target_term="2030–2035", target_start=D(2030, 10, 1), target_end=D(2035, 9, 30),
        decision=decision,
    )  # fmt: skip
    services.entry_add(
        pool=pool, person=woman, date=decision.date, decision=decision, readiness=ready("ngay")
    )
    services.entry_add(
        pool=pool, person=man, date=decision.date, decision=decision, readiness=ready("1-2-nam"), rank=1
    )
    services.entry_add(pool=pool, person=outsider, date=decision.date, decision=decision)
    services.entry_add(pool=deputy_pool, person=man, date=decision.date, decision=decision)

    secretary_b = org_services.post_create(organization=org_b, name="Bí thư Đảng ủy", rank=1, is_key=True)
    b_person = person("Quách Thị Bê", "F", D(1984, 1, 1), dossier=org_b)
    decision_b = services.decision_create(
        organization=org_b, number="13-QĐ/QU", date=D(2025, 10, 20), approving_body="Ban Thường vụ Quận ủy"
    )
    pool_b = services.pool_create(
        post=secretary_b, target_term="2030–2035", target_start=D(2030, 10, 1), target_end=D(2035, 9, 30),
        decision=decision_b,
    )  # fmt: skip
    services.entry_add(pool=pool_b, person=b_person, date=decision_b.date, decision=decision_b)

    editor = make_user("canbo_anhduong", area=ward_a, role=Role.EDITOR, password=PASSWORD, first_name="Hạnh")
    viewer = make_user("xem_anhduong", area=ward_a, role=Role.VIEWER, password=PASSWORD)
    editor_b = make_user("canbo_binhminh", area=ward_b, role=Role.EDITOR, password=PASSWORD)
    return BoardWorld(
        ward_a, ward_b, org, org_b, term_old, term_new, secretary, deputy, chair, old_secretary,
        new_secretary, deputy_holder, woman, man, outsider, candidate, pool, deputy_pool, pool_b, b_person,
        decision, editor, viewer, editor_b,
    )  # fmt: skip
