"""The demo's 2015–2020 review (issue 12 §8): the Hoàn Kiếm programme 01/CTPH-HPN-QĐ reviewed at 25/9/2020 reads
in the order of a review and states the article's figures as the engine computes them from the data (never
typed here); a ward officer's review names nobody outside her scope."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from nguon.accounts.scope import scope_for
from nguon.areas.models import Area
from nguon.core.formats import format_int
from nguon.core.scope import UNRESTRICTED
from nguon.demo.figures import article_figures
from nguon.demo.plan import PERIOD, REFERENCE
from nguon.people.models import Person
from nguon.people.selectors import people_readable
from nguon.programmes.models import Programme
from nguon.reports import wording
from nguon.reports.builders import build
from nguon.reports.context import Paragraph
from nguon.reports.params import ReportParams

pytestmark = pytest.mark.django_db

NUMBER = "01/CTPH-HPN-QĐ"
HEADINGS = [
    "I. ĐẶC ĐIỂM TÌNH HÌNH",
    "II. KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH",
    "III. HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN",
    "IV. BÀI HỌC KINH NGHIỆM",
    "V. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2020 – 2025",
    "VI. KIẾN NGHỊ, ĐỀ XUẤT",
]


def _params(programme: Programme, area: Area) -> ReportParams:
    return ReportParams(
        kind="programme_review", area=area, programme=programme, start=PERIOD[0], end=REFERENCE
    )


def _text(ctx) -> str:
    return " ".join(b.text for _s, b in ctx.walk() if isinstance(b, Paragraph))


def test_the_review_states_the_articles_figures_computed_from_the_data(demo: str) -> None:
    programme = Programme.objects.get(number=NUMBER)
    district = programme.area
    ctx = build(scope=UNRESTRICTED, params=_params(programme, district))
    assert [h for h in ctx.headings() if h.split(".")[0] in ("I", "II", "III", "IV", "V", "VI")] == HEADINGS
    assert ctx.subtitle.startswith(f"Tổng kết 05 năm thực hiện Chương trình phối hợp số {NUMBER} giữa")
    assert ctx.subtitle.endswith("giai đoạn 2015 – 2020")
    assert ctx.header.date_line == "Hoàn Kiếm, ngày 25 tháng 9 năm 2020"

    figures = {f.key: f.result for f in article_figures(district)}
    text = _text(ctx)
    grassroots = figures["grassroots_members"]
    assert (
        f"Ở cấp cơ sở, trong tổng số {format_int(grassroots.denominator)} cấp ủy viên, có "
        f"{wording.share_text(grassroots.value)} nữ" in text
    )
    assert (
        grassroots.denominator == 615 and wording.share_text(grassroots.value) == "hơn 33%"
    )  # the article's
    committee = figures["district_committee_women"]
    assert (
        f"tỷ lệ nữ tham gia Ban Chấp hành Đảng bộ quận là {wording.share_text(committee.value, approximate=False)}"
        in text
    )
    key = figures["key_cadres_women"]
    assert f"đối với cán bộ chủ chốt, tỷ lệ tương ứng là {wording.share_text(key.value)}" in text
    appointed = figures["women_appointed"]
    assert f"Đã có {format_int(appointed.numerator)} cán bộ nữ được đề bạt, bổ nhiệm" in text

    # the same numbers as figures, with the people behind them
    assert ctx.figure("representation.grassroots-committee-women.total").value == grassroots.denominator
    assert ctx.figure("representation.grassroots-committee-women").value == grassroots.value
    assert ctx.figure("representation.party-committee-women-district").text == "30,3%"
    women = ctx.figure("appointments.women")
    assert women.value == appointed.numerator == len(women.people)
    # the chart: every ward of the district against the target line
    (chart,) = ctx.charts()
    wards = Area.objects.filter(parent=district).valid_on(REFERENCE)
    assert len(chart.categories) == wards.count() == 18
    assert chart.target is not None
    # the activities, the goals table with its verdicts, and the follow-up programme in the directions
    assert ctx.figure("activities.total").value > 100
    goals = next(t for t in ctx.tables() if t.key == "goals")
    assert {r[-1] for r in goals.rows} <= {"đạt", "chưa đạt", "—"}
    assert "02/CTPH-HPN-QĐ" in text


@pytest.mark.parametrize("where", ["ward", "district"])
def test_a_ward_officers_review_names_nobody_outside_her_scope(demo: str, where: str) -> None:
    user = get_user_model().objects.get(username="hangbac.phunu")
    scope = scope_for(user)
    programme = Programme.objects.get(number=NUMBER)
    area = (
        Area.objects.filter(parent=programme.area, name="Phường Hàng Bạc").get()
        if where == "ward"
        else programme.area
    )
    ctx = build(scope=scope, params=_params(programme, area))
    named = ctx.person_ids()
    assert named <= people_readable(scope=scope, person_ids=named)
    readable = people_readable(scope=scope, person_ids=Person.objects.values_list("pk", flat=True))
    dumped = ctx.dumps().decode()
    outside = Person.objects.exclude(pk__in=readable).values_list("full_name", flat=True)
    assert outside.exists()
    leaked = [name for name in outside.iterator() if name in dumped]
    assert leaked == []
    total = ctx.figure("representation.grassroots-committee-women.total")
    assert total is not None and total.hidden > 0  # counted, not named
    if where == "ward":
        assert ctx.header.issuer == "HỘI LHPN PHƯỜNG HÀNG BẠC"
