"""The annual activity report on the demo: the Women's Union of Hoàn Kiếm (district 002) in 2018, with its 18
ward unions. Its figures are checked against the statistics functions (the district's activities are those of
the Women's and the Youth Union systems, the activities both hold counted once) and the programme's progress
— never hard-coded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Q, Sum

pytestmark = (
    pytest.mark.django_db
)  # the test database (else the package's demo fixture would use the real one)

START, END = dt.date(2018, 1, 1), dt.date(2018, 12, 31)


def _build(kind: str) -> Any:
    from nguon.areas.selectors import area_get_by_code
    from nguon.core.scope import UNRESTRICTED
    from nguon.organizations.models import Organization
    from nguon.reports.builders import build
    from nguon.reports.params import ReportParams

    district = area_get_by_code(code="002", at=END)
    union = Organization.objects.get(area=district, kind=kind)
    params = ReportParams(kind="annual_activity", area=district, organization=union, at=END)
    return district, union, build(scope=UNRESTRICTED, params=params)


def _ids(kind: str, district: Any) -> set[int]:
    from nguon.programmes.models import Activity

    system = Q(organizer__kind=kind, organizer__area__path__startswith=district.path)
    system |= Q(co_organizers__kind=kind, co_organizers__area__path__startswith=district.path)
    return set(
        Activity.objects.filter(system, start_date__gte=START, start_date__lte=END).values_list(
            "pk", flat=True
        )
    )


def test_the_womens_union_year_against_the_statistics(demo: str, django_db_blocker: Any) -> None:
    from nguon.core.scope import UNRESTRICTED
    from nguon.programmes import statistics
    from nguon.programmes.models import Activity, ActivityOutput

    with django_db_blocker.unblock():
        district, _union, women = _build("womens_union")
        _d, _y, youth = _build("youth_union")
        filters: dict[str, Any] = {"scope": UNRESTRICTED, "area": district, "start": START, "end": END}
        counts = statistics.activity_counts(**filters)
        people = statistics.participant_counts(**filters)
        outputs = {o.code: o.quantity for o in statistics.output_totals(**filters)}
        w_ids, y_ids = _ids("womens_union", district), _ids("youth_union", district)
        both = w_ids & y_ids
        both_people = Activity.objects.filter(pk__in=both).aggregate(n=Sum("participants"))["n"] or 0
        both_outputs = {
            r["kind__code"]: r["q"]
            for r in ActivityOutput.objects.filter(activity__in=both)
            .values("kind__code")
            .annotate(q=Sum("quantity"))
        }

    def value(ctx: Any, key: str) -> Any:
        found = ctx.figure(key)
        return found.value if found is not None else 0

    assert value(women, "activities.total") == len(w_ids) > 0
    assert value(youth, "activities.total") == len(y_ids) > 0
    # every activity of the district is organized by a union of one of the two systems
    assert (
        counts.total
        == len(w_ids | y_ids)
        == value(women, "activities.total") + value(youth, "activities.total") - len(both)
    )
    assert (
        people.total == value(women, "participants.total") + value(youth, "participants.total") - both_people
    )
    for code, quantity in outputs.items():
        mine = value(women, f"outputs.{code}") or Decimal(0)
        theirs = value(youth, f"outputs.{code}") or Decimal(0)
        assert quantity == mine + theirs - both_outputs.get(code, Decimal(0)), code
    # the activities by kind add up to the total; the ward unions' rows too
    kinds = [f for f in women.figures if f.key.startswith("activities.group.")]
    assert sum(f.value for f in kinds) == value(women, "activities.total")
    units = next(t for t in women.tables() if t.key == "activities.units")
    assert len(units.rows) == 1 + 18 + 1  # the district's union, the 18 wards' unions, the total
    assert units.values[-1][1] == value(women, "activities.total")
    assert women.subtitle == "Tổng kết công tác Hội và phong trào phụ nữ năm 2018"
    assert women.header.issuer == "HỘI LHPN QUẬN HOÀN KIẾM"
    assert women.charts() and women.charts()[0].categories


def test_the_programmes_goals_are_the_progress_of_2018(demo: str, django_db_blocker: Any) -> None:
    from nguon.core.scope import UNRESTRICTED
    from nguon.programmes import statistics
    from nguon.programmes.models import Programme

    with django_db_blocker.unblock():
        _district, union, ctx = _build("womens_union")
        programme = Programme.objects.get(parties__organization=union, start_date__year=2015)
        progress = statistics.goals_against_actuals(programme, UNRESTRICTED, at=END)
    table = next(t for t in ctx.tables() if t.key == "goals")
    assert len(table.rows) == len(progress.goals)
    for gp in progress.goals:
        figure = ctx.figure(f"goals.{programme.pk}.{gp.goal.pk}")
        assert figure is not None
        if gp.goal.period == "period":
            cell = next(c for c in gp.rows if c.year is None)
        elif gp.goal.measure == "activities_per_unit":
            cell = next(c for c in gp.rows if c.year == 2018 and c.summary)
        else:
            cell = next(c for c in gp.rows if c.year == 2018 and c.unit_id is None and not c.summary)
        assert figure.value == cell.actual, gp.goal.text
    directions = next(s for s in ctx.sections if s.key == "directions")
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2019" in directions.heading
