"""Statistics of activities (issue 11 §5): the numbers on a small world, named participants counted by sex
and age from the people, the scope (counted over the analysis area, never named), a fixed number of queries,
the page and the API, and a property: the participants by sex × age add up to the activities' totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.core.scope import UNRESTRICTED
from nguon.programmes import statistics
from nguon.programmes.models import Activity, OutputKind
from nguon.programmes.tests.factories import activity_type, make_activity, make_programme, small_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> Any:
    w: Any = small_world()
    w.programme = make_programme(w)
    trees = OutputKind.objects.get(code="cay-xanh")
    money = OutputKind.objects.get(code="tien-ung-ho")
    # A: counted, 2022, tree planting, 15 people, 100 trees, in the programme
    w.act1 = make_activity(w, programme=w.programme, outputs={trees: Decimal(100)})
    # B: named, 2023, training, three people (two of B, one of A), money raised
    w.act2 = make_activity(
        w,
        title="Tập huấn kỹ năng",
        type=activity_type("tap-huan"),
        start_date=D(2023, 6, 1),
        area=w.b.area,
        organizer=w.b.youth,
        participant_mode="named",
        counts={},
        people=[w.b.people[0], w.b.people[1], w.a.people[0]],
        outputs={money: Decimal("1500000")},
    )
    # A: counted without a split (a typed total), 2023, tree planting again, 40 trees
    w.act3 = make_activity(
        w, title="Trồng cây đợt 2", start_date=D(2023, 1, 10), counts={}, participants=7, outputs={trees: 40}
    )
    w.plain = make_user("a_plain", area=w.a.area, role=Role.VIEWER)
    return w


def test_activity_counts_by_type_year_and_unit(world: Any) -> None:
    c = statistics.activity_counts(scope=UNRESTRICTED, area=world.district)
    assert c.years == (2022, 2023)
    assert c.total == 3 and c.by_year == (1, 2)
    rows = {t.code: t for t in c.types}
    assert rows["moi-truong"].is_group and rows["moi-truong"].counts == (1, 1)
    assert rows["trong-cay"].counts == (1, 1) and not rows["trong-cay"].is_group
    assert rows["dao-tao"].counts == (0, 1) and rows["tap-huan"].total == 1
    assert [t.code for t in c.types] == ["moi-truong", "trong-cay", "dao-tao", "tap-huan"]
    units = {u.area_id: u for u in c.units}
    assert units[world.a.area.pk].counts == (1, 1)
    assert units[world.b.area.pk].counts == (0, 1)
    assert world.district.pk not in units  # nothing held at the district's own level
    # filters: dates, area, programme
    assert statistics.activity_counts(scope=UNRESTRICTED, start=D(2023, 1, 1)).total == 2
    assert statistics.activity_counts(scope=UNRESTRICTED, end=D(2023, 1, 10)).total == 2
    assert statistics.activity_counts(scope=UNRESTRICTED, area=world.b.area).total == 1
    assert statistics.activity_counts(scope=UNRESTRICTED, programme=world.programme).total == 1
    assert statistics.activity_counts(scope=UNRESTRICTED).as_json()["total"] == 3


def test_participants_by_sex_and_age_group(world: Any) -> None:
    p = statistics.participant_counts(scope=UNRESTRICTED)
    assert p.total == 15 + 3 + 7 == sum(a.participants for a in Activity.objects.all())
    assert p.activities == 3
    assert p.cell("female", "31_45") == 12 + 1  # act1's counts + A's woman born 1988 (35 on 1/6/2023)
    assert p.cell("male", "unknown") == 3
    assert p.cell("female", "46_60") == 1  # born 1975: 48
    assert p.cell("male", "16_30") == 1  # born 1995: 27
    assert p.cell("unknown", "unknown") == 7  # the typed total without a split
    assert sum(r.total for r in p.rows) == p.total == sum(p.by_age)
    assert "Quách" not in str(p.as_json())


def test_named_person_counted_once_per_activity(world: Any) -> None:
    make_activity(
        world,
        title="Cùng ngày",
        start_date=D(2023, 6, 1),
        participant_mode="named",
        counts={},
        people=[world.a.people[0], world.a.people[0]],
    )
    p = statistics.participant_counts(scope=UNRESTRICTED, start=D(2023, 6, 1), end=D(2023, 6, 1))
    assert p.cell("female", "31_45") == 2  # once in each of the two activities of that day
    assert p.total == 4


def test_output_totals(world: Any) -> None:
    out = {o.code: o for o in statistics.output_totals(scope=UNRESTRICTED)}
    assert out["cay-xanh"].quantity == 140 and out["cay-xanh"].activities == 2
    assert out["tien-ung-ho"].is_money and out["tien-ung-ho"].quantity == Decimal("1500000")
    assert out["phe-lieu"].quantity == 0 and out["phe-lieu"].activities == 0
    assert out["cay-xanh"].as_json()["quantity"] == "140"
    only_b = {o.code: o for o in statistics.output_totals(scope=UNRESTRICTED, area=world.b.area)}
    assert only_b["cay-xanh"].quantity == 0


def test_scope_counts_the_analysis_area_only(world: Any) -> None:
    plain = scope_for(world.plain)  # ward A, no analysis area beyond it
    assert statistics.activity_counts(scope=plain).total == 2
    assert statistics.participant_counts(scope=plain).total == 22
    assert [u.area_id for u in statistics.activity_counts(scope=plain).units] == [world.a.area.pk]
    wide = scope_for(world.a.editor)  # ward A, analysis area: the district
    assert statistics.activity_counts(scope=wide).total == 3
    assert [u.area_id for u in statistics.activity_counts(scope=wide).units] == [
        world.a.area.pk,
        world.b.area.pk,
    ]
    assert statistics.participant_counts(scope=wide).total == 25
    b_only = scope_for(world.b.editor)
    assert statistics.activity_counts(scope=b_only).total == 1
    assert {o.code: o.quantity for o in statistics.output_totals(scope=b_only)}["cay-xanh"] == 0


def test_a_fixed_number_of_queries(world: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(5):
        make_activity(world, title=f"Thêm {i}", area=world.b.area, organizer=world.b.women)
    scope = scope_for(world.a.editor)
    with django_assert_max_num_queries(4):
        statistics.activity_counts(scope=scope, area=world.district)
    with django_assert_max_num_queries(4):
        statistics.participant_counts(scope=scope)
    with django_assert_max_num_queries(3):
        statistics.output_totals(scope=scope)


def test_goals_against_actuals(world: Any) -> None:
    p = statistics.goals_against_actuals(world.programme, UNRESTRICTED, D(2025, 12, 31))
    assert p.programme == world.programme and p.years == [2021, 2022, 2023, 2024, 2025]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_renders_counts_and_no_names(world: Any) -> None:
    client = _client(world.a.editor)
    response = client.get(reverse("programme-statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường Bình Thử" in html and "1.500.000 đồng" in html
    assert "Quách" not in html and "Nguyễn Thị Hoàng Yến" not in html
    html = client.get(
        reverse("programme-statistics"), {"area": world.a.area.pk, "start": "01/01/2023"}
    ).content.decode()
    assert "40 cây" in html
    bad = client.get(reverse("programme-statistics"), {"start": "31/02/2023", "area": "x"})
    assert bad.status_code == 200
    html = _client(world.plain).get(reverse("programme-statistics")).content.decode()
    assert "1.500.000" not in html


def test_api(world: Any) -> None:
    client = _client(world.a.editor)
    base = "/api/programmes/statistics/"
    r = client.get(base + "activities/", {"area": world.district.code})
    assert r.status_code == 200, r.content
    assert r.json()["total"] == 3 and r.json()["years"] == [2022, 2023]
    r = client.get(base + "participants/", {"from": "01/01/2023", "to": "2023-12-31"})
    assert r.status_code == 200 and r.json()["total"] == 10
    r = client.get(base + "outputs/", {"programme": world.programme.pk})
    assert {o["code"]: o["quantity"] for o in r.json()}["cay-xanh"] == "100"
    r = client.get(base + "activities/", {"area": "khong-co"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "area"
    r = client.get(base + "activities/", {"programme": 999999})
    assert r.status_code == 404
    assert client.get(base + "outputs/", {"from": "31/02/2023"}).status_code == 422
    assert client.get(base + "outputs/", {"from": "02/02/2023", "to": "01/01/2023"}).status_code == 422
    r = _client(world.plain).get(base + "activities/")
    assert r.status_code == 200 and r.json()["total"] == 2
    assert Client().get(base + "activities/").status_code == 401


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    acts=st.lists(
        st.one_of(
            st.dictionaries(
                st.tuples(
                    st.sampled_from(["female", "male", "unknown"]),
                    st.sampled_from(["under_16", "16_30", "46_60", "unknown"]),
                ),
                st.integers(0, 50),
            ),
            st.lists(st.integers(0, 3), max_size=4),  # named: indexes into the people
            st.integers(0, 60),  # a typed total without a split
        ),
        max_size=5,
    )
)
def test_participants_add_up_to_the_activities_totals(world: Any, acts: list[Any]) -> None:
    Activity.objects.all().delete()
    people = world.a.people + world.b.people
    for i, spec in enumerate(acts):
        if isinstance(spec, dict):
            make_activity(world, title=f"Đếm {i}", counts=spec)
        elif isinstance(spec, list):
            make_activity(
                world,
                title=f"Tên {i}",
                participant_mode="named",
                counts={},
                people=[people[j] for j in spec],
            )
        else:
            make_activity(world, title=f"Tổng {i}", counts={}, participants=spec)
    p = statistics.participant_counts(scope=UNRESTRICTED)
    expected = sum(a.participants for a in Activity.objects.all())
    assert p.total == expected == sum(r.total for r in p.rows) == sum(p.by_age)
    assert statistics.activity_counts(scope=UNRESTRICTED).total == len(acts)
