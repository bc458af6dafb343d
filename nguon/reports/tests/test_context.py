"""The report context round-trips through JSON exactly (an issued report re-opens from it), and the wording
helpers say a value the way a review does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from nguon.reports import wording
from nguon.reports.context import (
    Chart,
    Column,
    Figure,
    Header,
    Paragraph,
    Person,
    ReportContext,
    Section,
    Series,
    Signature,
    Table,
)


def sample() -> ReportContext:
    return ReportContext(
        kind="programme_review",
        title="BÁO CÁO",
        subtitle="Tổng kết 5 năm thực hiện chương trình phối hợp giai đoạn 2015 – 2020",
        header=Header(
            issuer="BAN THƯỜNG VỤ HỘI LHPN QUẬN HOÀN KIẾM",
            superior="HỘI LHPN TP HÀ NỘI",
            number="Số 12-BC/HPN",
            place="Hoàn Kiếm",
            date=dt.date(2020, 9, 25),
        ),
        sections=(
            Section(
                key="results",
                heading="KẾT QUẢ",
                number="I.",
                blocks=(
                    Paragraph("Ở cấp cơ sở, trong tổng số 615 cấp ủy viên, có hơn 33% nữ.", figures=("a",)),
                    Table(
                        key="t",
                        caption="Bảng 1",
                        columns=(Column("Đơn vị"), Column("Tỷ lệ", "percent")),
                        rows=(("Hàng Bạc", "33,3%"),),
                        values=(("Hàng Bạc", Decimal("33.33")),),
                    ),
                    Chart(
                        key="c",
                        caption="Biểu đồ 1",
                        kind="series",
                        categories=("2020", "2025"),
                        series=(Series("Nữ", (30.3, None)),),
                        break_at=1,
                        break_label="1/7/2025",
                    ),
                ),
                sections=(Section(key="sub", heading="Con", number="1.", level=2),),
            ),
        ),
        figures=(
            Figure(
                "a",
                "Nữ cấp ủy viên cơ sở",
                Decimal("33.3"),
                "hơn 33%",
                "%",
                people=(Person(1, "Nguyễn Thị Hoa"),),
                hidden=2,
            ),
            Figure("b", "Hoạt động", 237, "237"),
            Figure("c", "Không số liệu", None, "—"),
        ),
        recipients=("- Thành Hội (để b/c);",),
        signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Thị Hoa"),
        params={"area": "002"},
        area_code="002",
        area_name="Quận Hoàn Kiếm",
        start=dt.date(2015, 10, 1),
        end=dt.date(2020, 9, 25),
        at=dt.date(2020, 9, 25),
        built_at=dt.datetime(2020, 9, 25, 8, 0, tzinfo=dt.UTC),
    )


def test_the_context_round_trips_through_json_with_its_decimals_dates_and_blocks():
    ctx = sample()
    import orjson

    again = ReportContext.from_json(orjson.loads(ctx.dumps()))
    assert again == ctx
    assert again.sha256() == ctx.sha256()
    assert again.figure("a").value == Decimal("33.3") and isinstance(again.figure("b").value, int)
    assert again.headings() == ["I. KẾT QUẢ", "1. Con"]
    assert [t.key for t in again.tables()] == ["t"] and [c.key for c in again.charts()] == ["c"]
    assert again.person_ids() == {1}
    assert again.header.date_line == "Hoàn Kiếm, ngày 25 tháng 9 năm 2020"


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_the_approximate_share_never_lies_about_the_side(v):
    """ "hơn N%" only for a value above N, "gần N%" only for one below N; whole numbers as they are."""
    text = wording.share_text(v)
    if text.startswith("hơn "):
        assert v > int(text[4:-1].replace(".", ""))
    elif text.startswith("gần "):
        assert v < int(text[4:-1].replace(".", ""))
    else:
        assert text.endswith("%")


def test_wording_follows_the_value():
    assert wording.share_text(Decimal("33.33")) == "hơn 33%"
    assert wording.share_text(Decimal("45.8")) == "gần 46%"
    assert wording.share_text(Decimal("30.3"), approximate=False) == "30,3%"
    assert wording.share_text(Decimal("50")) == "50%"
    assert wording.points_change(Decimal("32.4"), Decimal("30.3"), than="nhiệm kỳ trước") == (
        "tăng 2,1 điểm phần trăm so với nhiệm kỳ trước"
    )
    assert wording.points_change(30, 30.5, than="năm 2015").startswith("giảm 0,5 điểm")
    assert wording.of_whom(615, 205, "cấp ủy viên") == "615 cấp ủy viên, trong đó có 205 nữ (33,3%)"
    assert wording.money(1500000) == "1.500.000 đồng"
    assert wording.met_text(True) == "đạt" and wording.met_text(False) == "chưa đạt"
    assert wording.date_line("Hoàn Kiếm", None).startswith("Hoàn Kiếm, ngày ")
    assert wording.roman(4) == "IV" and wording.ordinal_lead(2) == "Hai là, "
