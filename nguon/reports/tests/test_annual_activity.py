"""The annual activity report of one union on a small world: the union's activities (organized and
co-organized) counted as the statistics count them, by kind and month, participants by sex and age group,
outputs, the programme's goals of the year, supervision, support (counts only), the refusals, the scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from nguon.accounts.scope import scope_for
from nguon.core.scope import UNRESTRICTED
from nguon.organizations import services as org_services
from nguon.programmes import services as programme_services
from nguon.programmes import statistics
from nguon.programmes.models import OutputKind
from nguon.programmes.tests.factories import activity_type, make_activity, make_programme, small_world
from nguon.reports import charts
from nguon.reports.builders import ReportError, build
from nguon.reports.context import Paragraph, ReportContext
from nguon.reports.params import ReportParams
from nguon.supervision import services as supervision_services
from nguon.support import services as support_services

pytestmark = pytest.mark.django_db
D = dt.date
YEAR_START, YEAR_END = D(2022, 1, 1), D(2022, 12, 31)


@pytest.fixture
def world(db: None) -> Any:
    w: Any = small_world()
    w.programme = make_programme(w, number="05/CTPH")
    w.goal = programme_services.goal_create(
        programme=w.programme, text="Tổ chức các hoạt động trồng cây", measure="activities", period="year",
        target=Decimal(3), unit="hoạt động", activity_type=activity_type("moi-truong"),
    )  # fmt: skip
    programme_services.year_plan_set(programme=w.programme, year=2023, targets={w.goal: Decimal(4)})
    trees = OutputKind.objects.get(code="cay-xanh")
    # A's women's union organizes: counted, 5/3/2022, 12 women 31–45 and 3 men, 100 trees, in the programme
    w.act1 = make_activity(w, programme=w.programme, outputs={trees: Decimal(100)})
    # A's youth union organizes with A's women's union: named, June 2022, the two people of A
    w.act2 = make_activity(
        w,
        title="Tập huấn kỹ năng sống",
        type=activity_type("tap-huan"),
        start_date=D(2022, 6, 1),
        organizer=w.a.youth,
        co_organizers=[w.a.women],
        participant_mode="named",
        counts={},
        people=list(w.a.people),
    )
    # a typed total without a split, September 2022
    w.act3 = make_activity(
        w,
        title="Trồng cây đợt 2",
        start_date=D(2022, 9, 10),
        counts={},
        participants=7,
        outputs={trees: 40},
        programme=w.programme,
    )
    # not the union's: B's women's union; not the year: 2023
    w.other = make_activity(w, title="Của phường Bình", area=w.b.area, organizer=w.b.women)
    w.later = make_activity(w, title="Năm sau", start_date=D(2023, 2, 1))
    # supervision: one mission led by A's women's union in 2022, two recommendations, one acted on
    mission = supervision_services.mission_create(
        kind="supervision", subject="Giám sát việc thực hiện chính sách đối với cán bộ nữ", lead=w.a.women,
        start_date=D(2022, 5, 10), status="concluded", supervised_text="Ủy ban nhân dân phường An Thử",
    )  # fmt: skip
    rec1 = supervision_services.recommendation_create(
        mission=mission, text="Bổ sung quy hoạch", sent_on=D(2022, 6, 1), addressee_text="UBND phường"
    )
    supervision_services.recommendation_create(
        mission=mission, text="Tăng cường đào tạo", sent_on=D(2022, 6, 1), addressee_text="UBND phường"
    )
    supervision_services.event_add(recommendation=rec1, kind="acted", date=D(2022, 8, 1))
    # support: one case kept by A's women's union, two lines of support (one in money)
    case = support_services.case_create(
        person=w.a.people[0], organization=w.a.women, kind="health", opened_on=D(2022, 4, 2),
        summary="Điều trị dài ngày",
    )  # fmt: skip
    support_services.support_add(case=case, kind="visit", given_on=D(2022, 4, 5))
    support_services.support_add(case=case, kind="money", given_on=D(2022, 4, 5), amount=1_500_000)
    return w


def params(w: Any, **kw: Any) -> ReportParams:
    values: dict[str, Any] = {"kind": "annual_activity", "area": w.a.area, "organization": w.a.women,
                              "at": YEAR_END}  # fmt: skip
    values.update(kw)
    return ReportParams(**values)


def value(ctx: ReportContext, key: str) -> Any:
    found = ctx.figure(key)
    assert found is not None, key
    return found.value


def texts(ctx: ReportContext) -> list[str]:
    return [b.text for _s, b in ctx.walk() if isinstance(b, Paragraph)]


def test_the_unions_activities_as_the_statistics_count_them(world: Any) -> None:
    ctx = build(scope=UNRESTRICTED, params=params(world))
    assert (ctx.start, ctx.end) == (YEAR_START, YEAR_END)
    assert value(ctx, "activities.total") == 3
    assert value(ctx, "activities.organized") == 2
    assert value(ctx, "activities.co_organized") == 1
    # In ward A in 2022 only the union's three activities were held: the statistics say the same.
    filters: dict[str, Any] = {
        "scope": UNRESTRICTED,
        "area": world.a.area,
        "start": YEAR_START,
        "end": YEAR_END,
    }
    counts = statistics.activity_counts(**filters)
    people = statistics.participant_counts(**filters)
    outputs = {o.code: o.quantity for o in statistics.output_totals(**filters)}
    assert counts.total == 3
    assert value(ctx, "participants.total") == people.total == 15 + 2 + 7
    assert value(ctx, "participants.women") == next(r.total for r in people.rows if r.sex == "female")
    assert value(ctx, "participants.men") == next(r.total for r in people.rows if r.sex == "male")
    assert value(ctx, "outputs.cay-xanh") == outputs["cay-xanh"] == Decimal(140)
    by_code = {t.code: t.total for t in counts.types}
    assert value(ctx, "activities.group.moi-truong") == by_code["moi-truong"] == 2
    assert value(ctx, "activities.kind.trong-cay") == by_code["trong-cay"]
    assert value(ctx, "activities.kind.tap-huan") == by_code["tap-huan"] == 1
    assert value(ctx, "activities.month.3") == 1 and value(ctx, "activities.month.1") == 0
    participants = next(t for t in ctx.tables() if t.key == "activities.participants")
    assert participants.values[-1][-1] == people.total
    assert participants.values[-1][1:-1] == people.by_age
    lead = texts(ctx)[2]
    assert "đã tổ chức 3 hoạt động (chủ trì 2 hoạt động và phối hợp tổ chức 1 hoạt động)" in lead
    assert "thu hút 24 lượt người tham gia" in lead


def test_the_report_reads_like_an_annual_report(world: Any) -> None:
    ctx = build(scope=UNRESTRICTED, params=params(world, number="Số 12-BC/HPN"))
    assert ctx.kind == "annual_activity"
    assert ctx.subtitle == "Tổng kết công tác Hội và phong trào phụ nữ năm 2022"
    assert ctx.header.issuer == "HỘI LHPN PHƯỜNG AN THỬ"
    assert ctx.header.superior == "HỘI LHPN QUẬN THỬ"
    assert ctx.header.date == YEAR_END and ctx.header.number == "Số 12-BC/HPN"
    assert ctx.headings() == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2022",
        "1. Tổ chức các hoạt động",
        "2. Thực hiện các chương trình phối hợp",
        "3. Công tác giám sát, phản biện xã hội",
        "4. Công tác chăm lo, hỗ trợ cán bộ",
        "III. HẠN CHẾ VÀ NGUYÊN NHÂN",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert ctx.recipients[0] == "- Hội LHPN quận Thử (để báo cáo);"
    assert ctx.signature.position == "CHỦ TỊCH"
    # a chart of the activities per kind, drawn
    (chart,) = ctx.charts()
    assert chart.kind == "bar_target" and not chart.percent and chart.target is None
    assert dict(zip(chart.categories, chart.series[0].values, strict=True)) == {
        activity_type("trong-cay").name: 2.0,
        activity_type("tap-huan").name: 1.0,
    }
    assert chart.series[0].name == "Năm 2022"
    assert charts.chart_png(chart).startswith(b"\x89PNG")
    captions = [t.caption for t in ctx.tables()] + [c.caption for c in ctx.charts()]
    assert all(c.startswith(("Bảng ", "Biểu đồ ")) for c in captions)
    # no raw codes, no English
    body = " ".join(texts(ctx)) + " ".join(" ".join(r) for t in ctx.tables() for r in t.rows)
    for code in ("womens_union", "female", "trong-cay", "moi-truong", "activities_per_unit", "met", "None"):
        assert code not in body.split() and f"{code}." not in body
    assert ReportContext.from_json(ctx.as_json()) == ctx


def test_the_programmes_goal_of_the_year_and_the_next(world: Any) -> None:
    ctx = build(scope=UNRESTRICTED, params=params(world))
    goals = next(t for t in ctx.tables() if t.key == "goals")
    assert goals.rows == (
        ("05/CTPH", "Tổ chức các hoạt động trồng cây", "3 hoạt động", "2 hoạt động", "chưa đạt"),
    )
    assert value(ctx, f"goals.{world.programme.pk}.{world.goal.pk}") == Decimal(2)
    assert value(ctx, "goals.not_met") == 1 and value(ctx, "goals.met") == 0
    limitations = next(s for s in ctx.sections if s.key == "limitations")
    said = " ".join(b.text for b in limitations.blocks if isinstance(b, Paragraph))
    assert "tổ chức các hoạt động trồng cây (kế hoạch: 3 hoạt động; thực hiện: 2 hoạt động)" in said
    directions = next(s for s in ctx.sections if s.key == "directions")
    said = " ".join(b.text for b in directions.blocks if isinstance(b, Paragraph))
    assert "chỉ tiêu năm 2023" in said and "tổ chức các hoạt động trồng cây: 4 hoạt động" in said
    assert "còn thiếu 1 hoạt động" in said


def test_supervision_and_support_are_counted_never_named(world: Any) -> None:
    ctx = build(scope=UNRESTRICTED, params=params(world))
    assert value(ctx, "supervision.missions") == 1 and value(ctx, "supervision.led") == 1
    assert value(ctx, "supervision.recommendations") == 2
    assert value(ctx, "supervision.recommendations.acted") == 1
    assert value(ctx, "supervision.recommendations.open") == 1
    assert value(ctx, "support.cases") == 1 and value(ctx, "support.supports") == 2
    assert value(ctx, "support.amount") == 1_500_000
    assert ctx.figure("support.amount").text == "1.500.000 đồng"  # type: ignore[union-attr]
    dumped = ctx.dumps().decode()
    for person in [*world.a.people, *world.b.people]:
        assert person.full_name not in dumped
    assert "Điều trị dài ngày" not in dumped  # not a case either
    assert all(not f.people for f in ctx.figures)


def test_a_year_not_over_and_another_year(world: Any) -> None:
    ctx = build(scope=UNRESTRICTED, params=params(world, at=D(2022, 6, 30)))
    assert value(ctx, "activities.total") == 2  # September not yet
    assert ctx.subtitle.startswith("Kết quả công tác Hội") and "30/06/2022" in ctx.subtitle
    goals = next(t for t in ctx.tables() if t.key == "goals")
    assert goals.rows[0][-1] == "đang thực hiện"
    later = build(scope=UNRESTRICTED, params=params(world, at=None, start=D(2023, 1, 1), end=D(2023, 12, 31)))
    assert value(later, "activities.total") == 1
    assert "ĐẶC ĐIỂM TÌNH HÌNH" in later.headings()[0]


def test_a_district_union_counts_its_grassroots_units(world: Any) -> None:
    ctx = build(
        scope=UNRESTRICTED, params=params(world, area=world.district, organization=world.district_women)
    )
    assert value(ctx, "activities.total") == 4  # A's three and B's one
    assert value(ctx, "activities.own") == 0 and value(ctx, "activities.units") == 4
    assert value(ctx, f"activities.unit.{world.a.women.pk}") == 3
    assert value(ctx, f"activities.unit.{world.b.women.pk}") == 1
    units = next(t for t in ctx.tables() if t.key == "activities.units")
    assert [r[0] for r in units.rows] == [
        "Hội LHPN quận Thử",
        "Hội LHPN phường An Thử",
        "Hội LHPN phường Bình Thử",
        "Tổng cộng",
    ]
    assert units.values[-1][1] == 4
    overview = " ".join(b.text for b in ctx.sections[0].blocks if isinstance(b, Paragraph))
    assert "Quận ủy Thử" in overview and "Toàn Hội có 2 cơ sở Hội trực thuộc." in overview
    assert any("toàn Hội đã tổ chức 4 hoạt động" in t for t in texts(ctx))
    assert value(ctx, "support.cases") == 1  # kept by A's union, one of the district's grassroots units


def test_a_union_without_activities(world: Any) -> None:
    ctx = build(scope=UNRESTRICTED, params=params(world, area=world.b.area, organization=world.b.youth))
    assert value(ctx, "activities.total") == 0
    assert not ctx.charts()
    assert ctx.subtitle == "Tổng kết công tác Đoàn và phong trào thanh thiếu nhi năm 2022"
    assert ctx.signature.position == "BÍ THƯ"
    assert any("chưa ghi nhận hoạt động nào" in t for t in texts(ctx))
    overview = " ".join(b.text for b in ctx.sections[0].blocks if isinstance(b, Paragraph))
    assert "Đảng ủy phường Bình Thử" in overview


def test_the_refusals(world: Any) -> None:
    with pytest.raises(ReportError) as e:
        build(scope=UNRESTRICTED, params=params(world, organization=None))
    assert e.value.field == "organization" and e.value.message
    party = org_services.organization_create(name="Đảng ủy phường An Thử", kind="party", area=world.a.area)
    with pytest.raises(ReportError) as e:
        build(scope=UNRESTRICTED, params=params(world, organization=party))
    assert e.value.field == "organization"
    with pytest.raises(ReportError) as e:  # B's union in A's report
        build(scope=UNRESTRICTED, params=params(world, organization=world.b.women))
    assert e.value.field == "organization"
    with pytest.raises(ReportError) as e:
        build(scope=UNRESTRICTED, params=params(world, start=D(2022, 5, 1), end=D(2022, 4, 1)))
    assert e.value.field == "end"


def test_the_scope(world: Any) -> None:
    """A's editor (analysis over the district) writes A's report; B's editor may not read A's union."""
    a_scope = scope_for(world.a.editor)
    ctx = build(scope=a_scope, params=params(world))
    assert value(ctx, "activities.total") == 3
    b_scope = scope_for(world.b.editor)
    with pytest.raises(ReportError) as e:
        build(scope=b_scope, params=params(world, area=world.b.area))
    assert e.value.field == "organization"
    own = build(scope=b_scope, params=params(world, area=world.b.area, organization=world.b.women))
    assert value(own, "activities.total") == 1
