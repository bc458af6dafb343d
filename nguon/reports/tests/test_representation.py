"""The representation report on a small world: two wards of a district merged into a new ward on 1/7/2025,
each with a grassroots party committee. Tables per unit, the bar chart against the target, the series with
the break, the limitations with the gap, the scope (refused outside it; no name from outside it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_of
from nguon.accounts.tests.factories import make_user
from nguon.areas.services import Link, area_create, succession_event_create
from nguon.core.scope import UNRESTRICTED
from nguon.organizations.services import (
    body_create,
    organization_create,
    post_create,
    tenure_create,
    term_create,
)
from nguon.people.services import person_create
from nguon.reports.builders import build
from nguon.reports.builders import representation as rep
from nguon.reports.context import Paragraph, ReportContext
from nguon.reports.params import ReportParams

pytestmark = pytest.mark.django_db

D = dt.date
AT = D(2020, 9, 25)


def _committee(area, valid_to=None):
    org = organization_create(
        name=f"Đảng bộ {area.name}",
        kind="grassroots_party",
        area=area,
        valid_from=area.valid_from,
        valid_to=valid_to,
    )
    body = body_create(organization=org, kind="executive_committee", name=f"BCH {area.name}")
    term = term_create(body=body, name="x", start_date=area.valid_from or D(2015, 1, 1), end_date=valid_to)
    return post_create(organization=org, name="Ủy viên", body=body), term


def _seat(name, sex, seat, start, end=None):
    person = person_create(full_name=name, sex=sex, birth_date=D(1975, 1, 1))
    post, term = seat
    tenure_create(person=person, post=post, term=term, start_date=start, end_date=end, start_reason="elected")
    return person


@pytest.fixture
def world():
    city = area_create(code="01", name="Thành phố Thử", level="province")
    district = area_create(
        code="002", name="Quận Thử", level="district", parent=city, valid_to=D(2025, 6, 30)
    )
    a = area_create(code="00037", name="Phường An", level="commune", parent=district, valid_to=D(2025, 6, 30))
    b = area_create(
        code="00040", name="Phường Bình", level="commune", parent=district, valid_to=D(2025, 6, 30)
    )
    new = area_create(code="00070", name="Phường Mới", level="commune", parent=city, valid_from=D(2025, 7, 1))
    succession_event_create(kind="merge", date=D(2025, 7, 1), links=[Link(a, new), Link(b, new)])
    sa, sb, sn = _committee(a, D(2025, 6, 30)), _committee(b, D(2025, 6, 30)), _committee(new)
    # Phường An: 1 woman of 4 (25%); Phường Bình: 0 of 5 (0%: below 15%, one more woman needed)
    _seat("Lê Thị An", "F", sa, D(2016, 1, 1), D(2025, 6, 30))
    for i in range(3):
        _seat(f"Trần Văn An {i}", "M", sa, D(2016, 1, 1), D(2025, 6, 30))
    for i in range(5):
        _seat(f"Phạm Văn Bình {i}", "M", sb, D(2016, 1, 1), D(2025, 6, 30))
    _seat("Ngô Thị Mới", "F", sn, D(2025, 7, 1))
    _seat("Vũ Văn Mới", "M", sn, D(2025, 7, 1))
    return {"city": city, "district": district, "a": a, "b": b, "new": new}


def _build(scope, area, at=AT) -> ReportContext:
    return build(scope=scope, params=ReportParams(kind="representation", area=area, at=at))


def _texts(ctx: ReportContext) -> list[str]:
    out = [ctx.title, ctx.subtitle]
    for _s, b in ctx.walk():
        if hasattr(b, "text"):
            out.append(b.text)
        if hasattr(b, "rows"):
            out += [cell for row in b.rows for cell in row] + [b.caption, b.note]
        if hasattr(b, "categories"):
            out += [b.caption, b.break_label, b.target_label, *b.categories]
    return out


def test_the_table_has_one_row_per_unit_and_the_area(world):
    ctx = _build(UNRESTRICTED, world["district"])
    tables = {t.key: t for t in ctx.tables()}
    t = tables["representation.grassroots-committee-women"]
    assert [r[0] for r in t.rows] == ["Phường An", "Phường Bình", "Quận Thử"]
    assert t.total_row
    assert t.values[0][1:4] == (4, 1, Decimal("25.0"))
    assert t.rows[1][1:] == ("5", "0", "0,0%", "≥ 15%", "Chưa đạt", "1")
    assert t.rows[2][1:6] == ("9", "1", "11,1%", "≥ 15%", "Chưa đạt")
    figure = ctx.figure("representation.grassroots-committee-women.002")
    assert figure is not None and figure.value == Decimal("11.1") and figure.text == "11,1%"
    assert ctx.figure("representation.grassroots-committee-women.00040").value == Decimal("0.0")
    assert ctx.figure("representation.grassroots-committee-women.002.gap").value == 1
    # the area's own figure carries the people counted; the units' figures none (not looked up)
    assert len(figure.people) == 9 and figure.hidden == 0
    assert ctx.figure("representation.grassroots-committee-women.00037").people == ()


def test_the_bar_chart_shows_the_units_against_the_target(world):
    ctx = _build(UNRESTRICTED, world["district"])
    bars = [c for c in ctx.charts() if c.kind == "bar_target"]
    chart = next(c for c in bars if c.key == "representation.party-committee-women.bar")
    assert chart.categories == ("Phường An", "Phường Bình")
    assert chart.series[0].values == (25.0, 0.0)
    assert chart.target == 15.0 and "15%" in chart.target_label


def test_the_text_says_the_units_below_target_and_the_gap(world):
    ctx = _build(UNRESTRICTED, world["district"])
    text = " ".join(_texts(ctx))
    assert "1/2 đơn vị đạt chỉ tiêu" in text
    assert "Phường Bình 0,0%, còn thiếu 1 nữ" in text
    assert "Giới thiệu, bổ sung ít nhất 1 nữ" in text
    assert ctx.headings()[:3] == ["I. KHÁI QUÁT", "II. KẾT QUẢ", "1. Cấp ủy các cấp"]
    # no raw codes, no English status words, no names in the running text
    for word in ("grassroots-committee-women", "not_met", " met ", "no_data", "Lê Thị An", "Trần Văn"):
        assert word not in text
    assert ReportContext.from_json(ctx.as_json()) == ctx


def test_the_series_of_the_new_ward_marks_the_break(world):
    ctx = _build(UNRESTRICTED, world["new"], at=D(2026, 1, 1))
    series = next(c for c in ctx.charts() if c.key == "representation.party-committee-women.series")
    assert series.kind == "series"
    assert series.categories[-1] == "01/01/2026"
    first_after = series.categories.index("01/07/2025")
    assert series.break_at == first_after
    assert series.break_label == "Sắp xếp đơn vị hành chính 01/07/2025"
    # before: the two old wards counted together (1 of 9); after: the new ward (1 of 2)
    assert series.series[0].values[first_after - 1] == 11.1
    assert series.series[0].values[first_after] == 50.0
    text = " ".join(_texts(ctx))
    assert "2 đơn vị hành chính trước sắp xếp hợp thành Phường Mới" in text


def test_an_area_outside_the_scope_is_refused(world):
    officer = make_user("an", area=world["a"], role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        _build(scope_of(officer), world["district"])
    with pytest.raises(PermissionDenied):
        rep.build(scope=scope_of(officer), params=ReportParams(kind="representation", area=world["b"], at=AT))


def test_no_name_from_outside_the_scope(world):
    """A ward officer who analyses the district: the figures count everyone, name only her ward's people."""
    officer = make_user("an", area=world["a"], role=Role.VIEWER, analysis_area=world["district"])
    ctx = _build(scope_of(officer), world["district"])
    figure = ctx.figure("representation.grassroots-committee-women.002")
    assert figure.value == Decimal("11.1")
    assert {p.name for p in figure.people} == {"Lê Thị An", "Trần Văn An 0", "Trần Văn An 1", "Trần Văn An 2"}
    assert figure.hidden == 5
    assert b"Ph\xe1\xba\xa1m V\xc4\x83n B\xc3\xacnh" not in ctx.dumps()  # "Phạm Văn Bình"
    assert "Phạm Văn Bình" not in ctx.dumps().decode()


def test_a_batch_composes_the_same_figures_from_one_evaluation(world):
    params = [ReportParams(kind="representation", area=world[k], at=AT) for k in ("district", "a", "b")]
    many = list(rep.build_many(scope=UNRESTRICTED, params=params, series=True))
    assert [c.area_code for c in many] == ["002", "00037", "00040"]
    quick = list(rep.build_many(scope=UNRESTRICTED, params=params))  # the batch's default: no series
    assert not [c for ctx in quick for c in ctx.charts() if c.kind == "series"]
    assert [c.tables() for c in quick] == [c.tables() for c in many]
    for one, p in zip(many, params, strict=True):
        alone = _build(UNRESTRICTED, p.area)
        assert {f.key: f.value for f in one.figures} == {f.key: f.value for f in alone.figures}
        assert all(not f.people for f in one.figures)


def test_an_area_without_units_has_one_table_per_section_a_row_per_indicator(world):
    """A ward's report: a sentence per indicator, then one table of the section (not a one-row table each)."""
    ctx = _build(UNRESTRICTED, world["a"])
    tables = {t.key: t for t in ctx.tables()}
    party = tables["representation.party"]
    assert party.caption.endswith(f"Cấp ủy các cấp của {world['a'].name} tại ngày {AT:%d/%m/%Y}")
    assert [c.header for c in party.columns][:4] == ["Chỉ số", "Tổng số", "Trong đó", "Tỷ lệ"]
    assert party.rows == (
        ("Tỷ lệ nữ cấp ủy viên", "4", "1", "25,0%", "≥ 15%", "Đạt", "0"),
        ("Tỷ lệ nữ cấp ủy viên cơ sở", "4", "1", "25,0%", "≥ 15%", "Đạt", "0"),
        ("Tỷ lệ cấp ủy viên trẻ ở cơ sở", "4", "0", "0,0%", "", "Chưa có chỉ tiêu", "—"),
    )
    assert ctx.figure("representation.grassroots-committee-women.00037").text == "25,0%"
    assert len(ctx.tables()) == len([s for s in ctx.sections[1].sections if s.key != "results.empty"])
    results = ctx.sections[1].sections[0]
    assert isinstance(results.blocks[0], Paragraph) and results.blocks[0].text.startswith("Tại ngày")


def test_the_series_draws_the_target_in_force_at_its_last_date(world):
    """A target that lapsed before the report's date is not drawn across the years as if it still held."""
    for at in (AT, D(2026, 1, 1)):
        ctx = _build(UNRESTRICTED, world["new"] if at.year > 2025 else world["a"], at=at)
        series = next(c for c in ctx.charts() if c.key == "representation.party-committee-women.series")
        row = next(r for r in ctx.tables()[0].rows if r[0] == "Tỷ lệ nữ cấp ủy viên")
        if row[4]:
            assert series.target_label == f"Chỉ tiêu {row[4].removeprefix('≥ ')}"
        else:
            assert series.target is None and series.target_label == ""


@pytest.mark.parametrize(
    ("judged", "met", "text"),
    [
        (1, 1, "Có 1 chỉ tiêu có mức phấn đấu tại ngày tính; Phường An đạt chỉ tiêu này."),
        (1, 0, "Có 1 chỉ tiêu có mức phấn đấu tại ngày tính; Phường An chưa đạt chỉ tiêu này."),
        (3, 3, "Trong 3 chỉ tiêu có mức phấn đấu tại ngày tính, Phường An đạt cả 3 chỉ tiêu."),
        (3, 0, "Trong 3 chỉ tiêu có mức phấn đấu tại ngày tính, Phường An chưa đạt chỉ tiêu nào."),
        (
            3,
            2,
            "Trong 3 chỉ tiêu có mức phấn đấu tại ngày tính, Phường An đạt 2 chỉ tiêu, chưa đạt 1 chỉ tiêu.",
        ),
    ],
)
def test_the_overview_counts_the_targets_met_in_plain_words(judged, met, text):
    assert rep._met_tally("Phường An", judged, met) == text


@pytest.mark.django_db(transaction=True)
def test_a_batch_over_worker_processes_writes_what_one_process_writes(world):
    """``--jobs``: the units in chunks over processes started afresh, each reading the database itself;
    the files, in the units' order, are those of one process."""
    from django.db import connection

    from nguon.reports import services

    if services.in_memory_database():
        pytest.skip("SQLite in memory: no other process can open the test database")
    units = services.batch_units(world["district"], AT)
    assert len(units) == 2
    params = ReportParams(kind="representation", area=world["district"], at=AT)
    here = list(services.batch_files(kind="representation", scope=UNRESTRICTED, params=params, units=units))
    with connection.execute_wrapper(lambda *a: pytest.fail("a query in this process")):
        apart = list(
            services.batch_files(
                kind="representation", scope=UNRESTRICTED, params=params, units=units, jobs=2, chunk=1
            )
        )
    assert [(u.pk, m) for u, _r, m in apart] == [(u.pk, "") for u in units]
    # member for member (a ZIP's entries carry the time each process first rendered the template)
    assert [_members(r.data) for _u, r, _m in apart] == [_members(r.data) for _u, r, _m in here]
    assert [r.filename for _u, r, _m in apart] == [r.filename for _u, r, _m in here]


def _members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def test_a_worker_tells_each_unit_of_its_chunk_what_stopped_it(world):
    """A unit removed since the batch was listed, or parameters the chunk cannot read: every unit of the
    chunk comes back with its message, none lost, the batch goes on."""
    from nguon.reports import workers

    params = ReportParams(kind="representation", area=world["district"], at=AT).as_json()
    pks = [world["a"].pk, 999_999, world["b"].pk]
    done = workers.batch_chunk(("representation", UNRESTRICTED, params, pks))
    assert [pk for pk, _r, _m in done] == pks
    assert [r is not None for _pk, r, _m in done] == [True, False, True]
    assert done[1][2] == "Đơn vị này đã bị xóa trong khi đang viết báo cáo."
    broken = workers.batch_chunk(("representation", UNRESTRICTED, {**params, "area_id": 999_999}, pks))
    assert [(pk, r) for pk, r, _m in broken] == [(pk, None) for pk in pks]
    assert all(m for _pk, _r, m in broken)
