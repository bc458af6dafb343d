"""The representation and pipeline reports on the demo (Hoàn Kiếm, 18 wards, 2010 → 2025, three new wards
from 1/7/2025): the tables and the bar chart of the 18 wards on 25/9/2020, the series of the new phường Hoàn
Kiếm across the reorganization with its break, and the pipeline report's figures against the pipeline's own
selectors (never hard-coded)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

# The marker makes pytest-django set up the test database even when this module runs alone (without any
# test asking for the database, the package's demo fixture would run on the configured database itself).
pytestmark = pytest.mark.django_db

D = dt.date
REFERENCE = D(2020, 9, 25)


def _params(kind, code, at):
    from nguon.areas.selectors import area_get_by_code
    from nguon.reports.params import ReportParams

    return ReportParams(kind=kind, area=area_get_by_code(code=code, at=at), at=at)


def _build(kind, code, at):
    from nguon.core.scope import UNRESTRICTED
    from nguon.reports.builders import build

    return build(scope=UNRESTRICTED, params=_params(kind, code, at))


def test_the_district_report_has_the_tables_and_the_bar_chart_of_the_18_wards(demo, django_db_blocker):
    from nguon.areas.selectors import area_children, area_get_by_code
    from nguon.demo.figures import article_figures

    with django_db_blocker.unblock():
        ctx = _build("representation", "002", REFERENCE)
        district = area_get_by_code(code="002", at=REFERENCE)
        wards = [a.name for a in area_children(area=district, at=REFERENCE)]
        article = {f.result.indicator: f.result for f in article_figures(district)}
    assert len(wards) == 18
    tables = {t.key: t for t in ctx.tables()}
    grassroots = tables["representation.grassroots-committee-women"]
    assert [r[0] for r in grassroots.rows] == [*wards, district.name]
    cell = article["grassroots-committee-women"]
    assert grassroots.values[-1][1:3] == (cell.denominator, cell.numerator)  # the article's 615, over 33%
    figure = ctx.figure("representation.grassroots-committee-women.002")
    assert figure.value == cell.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert len(figure.people) == cell.denominator and figure.hidden == 0
    district_committee = ctx.figure("representation.party-committee-women-district.002")
    assert district_committee.text == "30,3%"
    bars = [c for c in ctx.charts() if c.kind == "bar_target"]
    assert bars, "a bar chart per main indicator"
    first = bars[0]
    assert first.categories == tuple(wards)
    assert first.target is not None and first.target_label
    assert len(first.series[0].values) == 18
    assert {"1. Cấp ủy các cấp", "3. Hội đồng nhân dân"} <= set(ctx.headings())


def test_the_series_of_the_new_ward_marks_the_2025_break(demo, django_db_blocker):
    with django_db_blocker.unblock():
        ctx = _build("representation", "00070", D(2025, 12, 31))
    series = [c for c in ctx.charts() if c.kind == "series"]
    assert series
    chart = series[0]
    assert "01/07/2020" in chart.categories and chart.categories[-1] == "31/12/2025"
    assert chart.break_at is not None
    assert chart.categories[chart.break_at] == "01/07/2025"
    assert chart.categories[chart.break_at - 1] == "01/07/2024"
    assert chart.break_label == "Sắp xếp đơn vị hành chính 01/07/2025"
    assert all(v is not None for v in chart.series[0].values)


def test_the_pipeline_report_says_the_pipelines_own_numbers(demo, django_db_blocker):
    from nguon.core.scope import UNRESTRICTED
    from nguon.demo import pipeline as demo_pipeline
    from nguon.pipeline import checks
    from nguon.pipeline.selectors import pool_list, pool_states

    at = demo_pipeline.CHECK_DISTRICT
    with django_db_blocker.unblock():
        params = _params("pipeline", "002", at)
        ctx = _build("pipeline", "002", at)
        pools = list(
            pool_list(scope=UNRESTRICTED).filter(
                post__organization__area__path__startswith=params.area.path, target_end__gte=at
            )
        )
        states = [s for s in pool_states(scope=UNRESTRICTED, pools_=pools, at=at).values() if s.rows]
        found = checks.findings(scope=UNRESTRICTED, area=params.area, at=at)
    entries = sum(s.size for s in states)
    women = sum(1 for s in states for r in s.in_pool if r.person.sex == "F")
    people = {r.person.pk for s in states for r in s.in_pool}
    without_woman = [s for s in states if s.size and not any(r.person.sex == "F" for r in s.in_pool)]
    assert ctx.figure("pipeline.pools").value == len(states)
    assert ctx.figure("pipeline.entries").value == entries
    assert ctx.figure("pipeline.people").value == len(people)
    assert ctx.figure("pipeline.women").value == women
    share = (Decimal(women * 100) / Decimal(entries)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert ctx.figure("pipeline.women_share").value == share
    assert ctx.figure("pipeline.without_woman").value == len(without_woman)
    assert ctx.figure("pipeline.findings").value == len(found)
    findings = next(t for t in ctx.tables() if t.key == "pipeline.findings")
    assert len(findings.rows) == len(found)
    text = " ".join(b.text for _s, b in ctx.walk() if hasattr(b, "text"))
    for s in without_woman:
        assert s.pool.post.name in text
