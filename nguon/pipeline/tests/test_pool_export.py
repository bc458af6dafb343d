"""The pool's list in the offices' layout: the title rows, the columns, the people on the date asked with the
post each held then, and those outside the reader's scope counted on a last line, never named."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.api.tests.conftest import build_world
from nguon.core.scope import UNRESTRICTED
from nguon.core.xlsx import XLSX
from nguon.organizations import services as org
from nguon.pipeline import services
from nguon.pipeline.tests.factories import PlanningDecisionFactory, PoolFactory, readiness
from nguon.pipeline.xlsx import PoolExporter, pool_export

D = dt.date
HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Chức vụ hiện tại",
    "Trình độ chuyên môn",
    "Lý luận chính trị",
    "Mức độ sẵn sàng",
    "Ghi chú",
]


@pytest.fixture
def world(db: None) -> Any:
    w = build_world()
    w.decision = PlanningDecisionFactory(
        organization=w.a.organization,
        number="12-QĐ/ĐU",
        date=D(2025, 10, 20),
        approving_body="Ban Thường vụ Quận ủy",
    )
    w.secretary = org.post_create(organization=w.a.organization, name="Bí thư Đảng ủy")
    w.pool = PoolFactory(post=w.secretary, decision=w.decision)
    lan, nam = w.a.people
    services.entry_add(pool=w.pool, person=lan, date=D(2025, 10, 20), readiness=readiness("ngay"), rank=1)
    services.entry_add(
        pool=w.pool,
        person=nam,
        date=D(2025, 10, 20),
        readiness=readiness("1-2-nam"),
        rank=2,
        approved=False,
        first_planning=True,
    )
    services.entry_add(pool=w.pool, person=w.b.people[0], date=D(2025, 10, 20), rank=3)
    return w


def _rows(data: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_layout_for_an_officer_of_ward_a(world: Any) -> None:
    scope = scope_for(make_user("viewer_a", area=world.a.area, role=Role.VIEWER))
    rendered = pool_export(scope=scope, pool=world.pool, at=D(2026, 1, 1))
    assert rendered.content_type == XLSX
    assert rendered.filename == "quy-hoach-bi-thu-dang-uy-2025–2030-20260101.xlsx"
    rows = _rows(rendered.data)
    assert rows[0][0] == world.a.organization.name.upper()
    assert rows[1][0] == "DANH SÁCH QUY HOẠCH BÍ THƯ ĐẢNG ỦY NHIỆM KỲ 2025–2030"
    assert rows[2][0] == "(Kèm theo Quyết định số 12-QĐ/ĐU ngày 20/10/2025 của Ban Thường vụ Quận ủy)"
    assert rows[3][0] == "Tính đến ngày 01/01/2026"
    assert rows[5] == HEADERS
    lan, nam = world.a.people
    assert rows[6][:5] == [
        1,
        lan.full_name,
        dt.datetime(1980, 5, 17),
        "Nữ",
        f"Ủy viên Ban Chấp hành, {world.a.organization.name}",
    ]
    assert rows[6][7] == "Sẵn sàng ngay"
    assert rows[7][:2] == [2, nam.full_name]
    assert rows[7][7] == "Sẵn sàng sau 1–2 năm"
    assert rows[7][8] == "đề nghị, chưa được phê duyệt; quy hoạch lần đầu"
    assert rows[8][0] == "và 1 người khác ngoài phạm vi công tác của bạn (không ghi tên)"
    text = repr(rows)
    assert world.b.people[0].full_name not in text
    assert len(rows) == 9
    assert PoolExporter(scope=scope, pool=world.pool, at=D(2026, 1, 1)).people_count == 2


def test_on_a_past_date_the_post_held_then(world: Any) -> None:
    """Lan's seat ended on 31/12/2025: on 1/1/2026 her current post is the one she took that day."""
    lan = world.a.people[0]
    org.tenure_end(tenure=world.a.tenures[0], end_date=D(2025, 12, 31), end_reason="retired")
    deputy = org.post_create(organization=world.a.organization, name="Phó Bí thư Đảng ủy")
    org.tenure_create(person=lan, post=deputy, start_date=D(2026, 1, 1), start_reason="appointed")
    before = _rows(pool_export(scope=UNRESTRICTED, pool=world.pool, at=D(2025, 12, 31)).data)
    after = _rows(pool_export(scope=UNRESTRICTED, pool=world.pool, at=D(2026, 1, 1)).data)
    assert before[6][4] == f"Ủy viên Ban Chấp hành, {world.a.organization.name}"
    assert after[6][4] == f"Phó Bí thư Đảng ủy, {world.a.organization.name}"
    assert len(before) == 9  # the administrator names all three: no last line
    assert before[8][1] == world.b.people[0].full_name


def test_before_anyone_was_planned(world: Any) -> None:
    rows = _rows(pool_export(scope=UNRESTRICTED, pool=world.pool, at=D(2025, 10, 19)).data)
    assert rows[5] == HEADERS and len(rows) == 6


def test_qualifications_on_the_date(world: Any) -> None:
    """The record's levels, raised by training completed by the date asked (an advanced political theory
    course finished on 15/3/2026 counts on 1/4/2026, not on 1/1/2026)."""
    from nguon.people.services import person_update
    from nguon.training.tests.factories import CourseFactory, SessionFactory, completed

    lan = world.a.people[0]
    person_update(person=lan, data={"education": "dai_hoc", "political_theory": "trung_cap"})
    course = CourseFactory(
        organizer=world.a.organization,
        kind="political_theory",
        grants="political_theory",
        grants_level="cao_cap",
    )
    session = SessionFactory(course=course, start_date=D(2025, 9, 1), end_date=D(2026, 3, 15))
    completed(session, lan)
    january = _rows(pool_export(scope=UNRESTRICTED, pool=world.pool, at=D(2026, 1, 1)).data)
    april = _rows(pool_export(scope=UNRESTRICTED, pool=world.pool, at=D(2026, 4, 1)).data)
    assert january[6][5:7] == ["Cử nhân", "Trung cấp"]
    assert april[6][5:7] == ["Cử nhân", "Cao cấp"]
