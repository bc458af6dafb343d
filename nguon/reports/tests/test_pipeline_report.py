"""The pipeline report on a small world: a district's two pools approved under Regulation 50 (women at least
25%, young at least 15%), one with no woman; a person outside the reader's scope counted, never named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_of
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.core.scope import UNRESTRICTED
from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import services
from nguon.pipeline.tests.factories import PlanningDecisionFactory, PoolFactory, post_of, readiness
from nguon.reports.builders import build
from nguon.reports.context import ReportContext
from nguon.reports.params import ReportParams

pytestmark = pytest.mark.django_db

AT = dt.date(2023, 6, 30)
APPROVED = dt.date(2022, 6, 1)  # Regulation 50-QĐ/TW in force


@pytest.fixture
def world():
    district = AreaFactory(level="district", kind="quan", code="00901", name="Quận Thử")
    ward = AreaFactory(parent=district, code="00902", name="Phường An")
    elsewhere = AreaFactory(code="00999", name="Phường Xa")
    org = OrganizationFactory(area=district, name="Đảng bộ quận Thử")
    org_ward = OrganizationFactory(area=ward, name="Đảng bộ phường An")
    org_far = OrganizationFactory(area=elsewhere, name="Đảng bộ phường Xa")
    decision = PlanningDecisionFactory(organization=org, date=APPROVED)
    secretary = PoolFactory(post=post_of(org, name="Bí thư Quận ủy", rank=1), decision=decision)
    deputy = PoolFactory(post=post_of(org, name="Phó Bí thư Quận ủy", rank=2), decision=decision)
    men = [
        PersonFactory(
            full_name=f"Trần Văn Nam {i}",
            sex="M",
            birth_date=dt.date(1975, 1, 5),
            dossier_organization=org_ward,
        )
        for i in range(2)
    ]
    outsider = PersonFactory(
        full_name="Lê Văn Khác", sex="M", birth_date=dt.date(1976, 6, 1), dossier_organization=org_far
    )
    woman = PersonFactory(
        full_name="Nguyễn Thị Hoa", sex="F", birth_date=dt.date(1990, 4, 2), dossier_organization=org_ward
    )
    for rank, person in enumerate([*men, outsider], start=1):
        services.entry_add(pool=secretary, person=person, date=APPROVED, readiness=readiness(), rank=rank)
    for rank, person in enumerate([woman, men[0]], start=1):
        services.entry_add(pool=deputy, person=person, date=APPROVED, readiness=readiness(), rank=rank)
    return {"district": district, "ward": ward, "elsewhere": elsewhere, "outsider": outsider, "woman": woman}


def _build(scope, area) -> ReportContext:
    return build(scope=scope, params=ReportParams(kind="pipeline", area=area, at=AT))


def _text(ctx: ReportContext) -> str:
    out = [ctx.title, ctx.subtitle]
    for _s, b in ctx.walk():
        if hasattr(b, "text"):
            out.append(b.text)
        if hasattr(b, "rows"):
            out += [cell for row in b.rows for cell in row] + [b.caption, b.note]
    return " ".join(out)


def test_pools_per_post_with_the_shares_of_women_and_young(world):
    ctx = _build(UNRESTRICTED, world["district"])
    figures = ctx.figures_by_key()
    assert figures["pipeline.pools"].value == 2
    assert figures["pipeline.entries"].value == 5
    assert figures["pipeline.people"].value == 4
    assert figures["pipeline.women"].value == 1
    assert figures["pipeline.women_share"].value == Decimal("20.0")
    assert figures["pipeline.young"].value == 1  # born 1990: under 40 at the district level on 30/06/2023
    (t, *_rest) = ctx.tables()
    assert t.key == "pipeline.pools"
    assert [r[:5] for r in t.rows] == [
        ("Bí thư Quận ủy – Đảng bộ quận Thử", "2025–2030", "3", "0", "0,0%"),
        ("Phó Bí thư Quận ủy – Đảng bộ quận Thử", "2025–2030", "2", "1", "50,0%"),
        ("Tổng số (lượt người)", "", "5", "1", "20,0%"),
    ]


def test_the_post_without_a_woman_and_the_women_needed(world):
    ctx = _build(UNRESTRICTED, world["district"])
    text = _text(ctx)
    assert ctx.figure("pipeline.without_woman").value == 1
    assert "Có 1 chức danh chưa có nữ trong quy hoạch" in text
    assert "Bí thư Quận ủy – Đảng bộ quận Thử (nhiệm kỳ 2025–2030, 3 người)" in text
    # 25% of 3 → at least 1 woman (Regulation 50)
    assert "cần có ít nhất 1 nữ trong 3 người" in text and "25% theo Quy định 50-QĐ/TW" in text
    assert ctx.figure("pipeline.women_needed").value == 1
    # the checks' finding on the women's share, in Vietnamese
    assert "0/3 nữ" in text
    assert ctx.figure("pipeline.findings").value >= 1
    assert "women-share" not in text and "Share of women" not in text


def test_an_area_outside_the_scope_is_refused(world):
    officer = make_user("huyen", area=world["district"], role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        _build(scope_of(officer), world["elsewhere"])


def test_people_outside_the_scope_are_counted_never_named(world):
    officer = make_user("huyen", area=world["district"], role=Role.EDITOR)
    ctx = _build(scope_of(officer), world["district"])
    people = ctx.figure("pipeline.people")
    assert people.value == 4 and people.hidden == 1
    assert "Lê Văn Khác" not in {p.name for p in people.people}
    assert "Nguyễn Thị Hoa" in {p.name for p in people.people}
    assert "Lê Văn Khác" not in ctx.dumps().decode()
    assert ReportContext.from_json(ctx.as_json()) == ctx
