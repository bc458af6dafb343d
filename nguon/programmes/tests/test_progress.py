"""Progress of a programme: yearly targets against year plans, per-unit goals, nothing after ``at``, counts
through the scope (ANALYSE) with records only the scope may see, TRAINED read from training."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_of
from nguon.accounts.tests.factories import make_user
from nguon.programmes import services
from nguon.programmes.models import ActivityType, OutputKind
from nguon.programmes.progress import progress, progress_json
from nguon.training.tests.world import build_world

pytestmark = pytest.mark.django_db
D = dt.date


def _activity(w: Any, org: Any, area: Any, on: dt.date, **over: Any) -> Any:
    values: dict[str, Any] = {
        "title": "Hoạt động",
        "type": ActivityType.objects.get(code="trong-cay"),
        "start_date": on,
        "area": area,
        "organizer": org,
        "programme": w.programme,
        "counts": {("female", "16_30"): 5},
    }
    values.update(over)
    return services.activity_create(data=services.ActivityData(**values))


@pytest.fixture
def world(db: None) -> Any:
    w: Any = build_world()
    w.programme = services.programme_create(
        title="Chương trình phối hợp thử",
        start_date=D(2020, 1, 1),
        end_date=D(2021, 12, 31),
        area=w.district,
        parties=[(w.org_a, "lead"), (w.org_b, "partner")],
    )
    w.g_acts = services.goal_create(
        programme=w.programme, text="Hoạt động môi trường", measure="activities", period="year", target=2
    )
    w.g_unit = services.goal_create(
        programme=w.programme,
        text="Mỗi phường 1 hoạt động",
        measure="activities_per_unit",
        period="year",
        target=1,
    )
    w.g_trees = services.goal_create(
        programme=w.programme,
        text="Trồng 100 cây",
        measure="output",
        period="period",
        target=100,
        output_kind=OutputKind.objects.get(code="cay-xanh"),
    )
    w.g_trained = services.goal_create(
        programme=w.programme, text="Đào tạo cán bộ nữ", measure="trained", period="year", target=1
    )
    services.year_plan_set(programme=w.programme, year=2021, targets={w.g_acts: 3})
    trees = {OutputKind.objects.get(code="cay-xanh"): 30}
    w.a1 = _activity(w, w.org_a, w.ward_a, D(2020, 3, 8), outputs=trees)
    w.a2 = _activity(w, w.org_a, w.ward_a, D(2020, 5, 1))
    w.b1 = _activity(w, w.org_b, w.ward_b, D(2020, 6, 1), outputs=trees)
    w.late = _activity(w, w.org_b, w.ward_b, D(2021, 9, 1))
    return w


def _goal(p: Any, goal: Any) -> Any:
    return next(g for g in p.goals if g.goal.pk == goal.pk)


def _cell(p: Any, goal: Any, year: int | None, unit: int | None = None) -> Any:
    return next(
        c
        for c in _goal(p, goal).rows
        if c.year == year and c.unit_id == unit and not (unit is None and c.summary)
    )


def test_yearly_targets_year_plans_and_at(world: Any) -> None:
    p = progress(programme=world.programme, scope=scope_of(None), at=D(2021, 6, 30))
    assert p.years == [2020, 2021]
    c2020, c2021 = _cell(p, world.g_acts, 2020), _cell(p, world.g_acts, 2021)
    assert (c2020.target, c2020.actual, c2020.met) == (Decimal(2), 3, True)
    assert sorted(c2020.records) == sorted([world.a1.pk, world.a2.pk, world.b1.pk])
    # the year plan's target replaces the default; the activity after ``at`` does not count
    assert (c2021.target, c2021.actual, c2021.met) == (Decimal(3), 0, False)
    later = progress(programme=world.programme, scope=scope_of(None), at=D(2021, 12, 31))
    assert _cell(later, world.g_acts, 2021).actual == 1


def test_per_unit_and_period_goals(world: Any) -> None:
    p = progress(programme=world.programme, scope=scope_of(None), at=D(2021, 12, 31))
    a = _cell(p, world.g_unit, 2020, world.ward_a.pk)
    b = _cell(p, world.g_unit, 2020, world.ward_b.pk)
    assert (a.actual, a.met, b.actual, b.met) == (2, True, 1, True)
    summary = next(c for c in _goal(p, world.g_unit).rows if c.year == 2021 and c.summary)
    assert (summary.actual, summary.target) == (1, 2)  # only ward B held one in 2021
    whole = _cell(p, world.g_trees, None)
    assert (whole.target, whole.actual, whole.met) == (Decimal(100), 60, False)
    assert _cell(p, world.g_trees, 2020).target is None


def test_scope_counts_at_analyse_and_never_shows_others_records(world: Any) -> None:
    narrow = make_user("a_only", area=world.ward_a, role=Role.VIEWER)
    wide = make_user("a_wide", area=world.ward_a, role=Role.VIEWER, analysis_area=world.district)
    p = progress(programme=world.programme, scope=scope_of(narrow), at=D(2020, 12, 31))
    assert _cell(p, world.g_acts, 2020).actual == 2
    p = progress(programme=world.programme, scope=scope_of(wide), at=D(2020, 12, 31))
    cell = _cell(p, world.g_acts, 2020)
    assert cell.actual == 3 and cell.hidden == 1
    assert world.b1.pk not in cell.records
    assert "Ngô Thị Bí" not in json.dumps(progress_json(p))


def test_trained_reads_training(world: Any) -> None:
    p = progress(programme=world.programme, scope=scope_of(None), at=D(2021, 12, 31))
    cell = _cell(p, world.g_trained, 2021)
    assert cell.actual == 2 and len(cell.records) == 2  # both women completed ward A's class in 2021
    assert _cell(p, world.g_trained, 2020).actual == 0


def test_json_and_query_count(world: Any, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(12):
        p = progress(programme=world.programme, scope=scope_of(None), at=D(2021, 12, 31))
    data = progress_json(p)
    json.dumps(data)
    assert data["at"] == "2021-12-31" and data["goals"][0]["rows"][0]["target"] == 2
