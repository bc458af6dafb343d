"""Charts: one drawing, PNG at print size for Word and an SVG a page can inline under the site's CSP."""

from __future__ import annotations

import io
import logging
import warnings
import xml.etree.ElementTree as ET
from typing import Any, cast

import pytest
from PIL import Image

from nguon.reports import charts
from nguon.reports.context import Chart, Series

SVG = "{http://www.w3.org/2000/svg}"
VIETNAMESE = "Phường Hàng Bạc, Đồng Xuân, Lý Thái Tổ, Cửa Nam — chỉ tiêu 35%"
WARDS = (
    "Phường Hàng Bạc", "Phường Hàng Bồ", "Phường Hàng Buồm", "Phường Hàng Đào", "Phường Hàng Gai",
    "Phường Hàng Mã", "Phường Lý Thái Tổ", "Phường Cửa Nam", "Phường Đồng Xuân", "Phường Chương Dương",
    "Phường Phúc Tân", "Phường Hàng Trống", "Phường Tràng Tiền", "Phường Trần Hưng Đạo",
    "Phường Phan Chu Trinh", "Phường Hàng Bài", "Phường Cửa Đông", "Phường Hàng Bông",
)  # fmt: skip


def bar_chart(**kw: object) -> Chart:
    values = (33.3, 40.0, 25.0, 50.0, 36.4, 28.6, 41.7, 30.0, 45.5, None, 37.5, 22.2, 35.0, 60.0, 33.3, 42.9,
              27.3, 38.5)  # fmt: skip
    args: dict[str, Any] = {
        "key": "representation.grassroots-committee-women.units",
        "caption": "Biểu đồ 1. Tỷ lệ nữ cấp ủy viên các phường",
        "kind": "bar_target",
        "categories": WARDS,
        "series": (Series("Tỷ lệ nữ", values),),
        "y_label": "Tỷ lệ nữ (%)",
        "target": 35.0,
        "target_label": "Chỉ tiêu 35%",
    }
    return Chart(**{**args, **kw})


def series_chart(**kw: object) -> Chart:
    args: dict[str, Any] = {
        "key": "representation.series",
        "caption": "Biểu đồ 2. Diễn biến tỷ lệ nữ",
        "kind": "series",
        "categories": ("2010", "2015", "2020", "2024", "2025", "2026"),
        "series": (
            Series("Cấp ủy cơ sở", (20.5, 25.1, 33.3, 34.2, None, 38.0)),
            Series("Cấp huyện", (15.0, 18.2, 22.2, 24.0, 30.1, 31.5)),
        ),
        "target": 35.0,
        "target_label": "Chỉ tiêu 35%",
        "break_at": 4,
        "break_label": "Sắp xếp đơn vị hành chính năm 2025",
    }
    return Chart(**{**args, **kw})


def glyph_warnings(caplog: pytest.LogCaptureFixture, draw) -> list[str]:  # type: ignore[no-untyped-def]
    """What matplotlib says about missing glyphs or fonts while ``draw`` runs (warnings and log records)."""
    with (
        warnings.catch_warnings(record=True) as caught,
        caplog.at_level(logging.WARNING, logger="matplotlib"),
    ):
        warnings.simplefilter("always")
        draw()
    said = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    return [s for s in said if "glyph" in s.lower() or "findfont" in s.lower()]


@pytest.mark.parametrize("make", [bar_chart, series_chart])
@pytest.mark.parametrize(("dpi", "width_cm"), [(200, 16.0), (96, 10.0)])
def test_png_has_the_print_size(make, dpi: int, width_cm: float) -> None:  # type: ignore[no-untyped-def]
    image = Image.open(io.BytesIO(charts.chart_png(make(), dpi=dpi, width_cm=width_cm)))
    image.load()
    assert image.format == "PNG"
    assert abs(image.width - width_cm / 2.54 * dpi) <= 1
    assert image.height >= image.width * 9 / 16 - 1  # 16:9, or taller for many rotated labels
    assert round(image.info["dpi"][0]) == dpi  # Word sizes it from this


def test_many_categories_make_the_chart_taller() -> None:
    few = Image.open(
        io.BytesIO(charts.chart_png(bar_chart(categories=WARDS[:3], series=(Series("", (1, 2, 3)),))))
    )
    many = Image.open(io.BytesIO(charts.chart_png(bar_chart())))
    assert few.width == many.width
    assert many.height > few.height


@pytest.mark.parametrize("make", [bar_chart, series_chart])
def test_svg_is_inline_safe(make) -> None:  # type: ignore[no-untyped-def]
    svg = charts.chart_svg(make())
    assert svg.startswith("<svg")  # no prolog, no doctype
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox")
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert not tags & {"script", "style", "foreignObject", "image", "metadata"}
    assert "<text" not in svg  # text drawn as paths: Vietnamese renders without the font
    for el in root.iter():
        assert "style" not in el.attrib  # blocked by style-src 'self': presentation attributes instead
        assert not any(k.startswith("on") for k in el.attrib)
        for key, value in el.attrib.items():
            if key.endswith("href"):
                assert value.startswith("#")  # nothing external
    assert "http://" not in svg.replace('"http://www.w3.org/2000/svg"', "").replace(
        '"http://www.w3.org/1999/xlink"', ""
    )
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == make().caption


def test_svg_references_resolve_and_ids_follow_the_key() -> None:
    svg = charts.chart_svg(bar_chart())
    root = ET.fromstring(svg)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(str(i).startswith("chart-representation-grassroots-committee-women-units-") for i in ids)
    refs = [v.removeprefix("#") for el in root.iter() for k, v in el.attrib.items() if k.endswith("href")]
    refs += [
        v.removeprefix("url(#").removesuffix(")")
        for el in root.iter()
        for v in el.attrib.values()
        if v.startswith("url(#")
    ]
    assert refs and set(refs) <= set(ids)
    other = charts.chart_svg(bar_chart(key="other"))
    assert not set(ids) & {el.get("id") for el in ET.fromstring(other).iter()}


def test_series_marks_the_break_and_leaves_gaps() -> None:
    chart = series_chart()
    fig = charts.draw(chart)
    ax = fig.axes[0]
    dashed_vertical = [
        line
        for line in ax.get_lines()
        if list(cast(Any, line.get_xdata())) == [3.5, 3.5] and line.get_linestyle() != "-"
    ]
    assert len(dashed_vertical) == 1  # between 2024 (index 3) and 2025 (index 4)
    texts = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert "Sắp xếp đơn vị hành chính năm 2025" in texts
    first = ax.get_lines()[0]
    assert str(cast(Any, first.get_ydata())[4]) == "nan"  # a gap, not a zero
    no_break = charts.draw(series_chart(break_at=None))
    assert not [
        line for line in no_break.axes[0].get_lines() if list(cast(Any, line.get_xdata())) == [3.5, 3.5]
    ]


def test_bar_target_draws_the_target_and_colours_the_units_below() -> None:
    fig = charts.draw(bar_chart())
    ax = fig.axes[0]
    target = [line for line in ax.get_lines() if list(cast(Any, line.get_ydata())) == [35.0, 35.0]]
    assert len(target) == 1 and target[0].get_linestyle() != "-"
    colours = {p.get_facecolor() for p in ax.patches if cast(Any, p).get_height() > 0}
    assert len(colours) == 2  # met and not met
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Chỉ tiêu 35%" in legend
    labels = [t.get_text() for t in ax.texts]
    assert "33,3%" in labels and "60,0%" in labels  # decimal comma on the bars
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "20%" in ticks
    assert [t.get_text() for t in ax.get_xticklabels()] == list(WARDS)
    assert all(t.get_rotation() == 45 for t in ax.get_xticklabels())  # 18 wards stay readable


def test_axis_uses_the_decimal_comma() -> None:
    chart = bar_chart(categories=("A", "B"), series=(Series("", (0.12, 0.26)),), target=None, percent=True)
    fig = charts.draw(chart)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks)
    counts = charts.draw(
        bar_chart(categories=("A", "B"), series=(Series("", (3, 12)),), percent=False, target=None)
    )
    labels = [t.get_text() for t in counts.axes[0].texts]
    assert labels == ["3", "12"]


def test_vietnamese_text_has_every_glyph(caplog: pytest.LogCaptureFixture) -> None:
    chart = bar_chart(
        categories=(VIETNAMESE, "Ấp Ông Đồ", "Xã Ỹ Ữ Ở"),
        series=(Series(VIETNAMESE, (30.0, 40.0, None)),),
        y_label=VIETNAMESE,
        target_label=VIETNAMESE,
    )
    said = glyph_warnings(caplog, lambda: (charts.chart_png(chart), charts.chart_svg(chart)))
    assert said == []
    assert glyph_warnings(caplog, lambda: charts.chart_svg(series_chart(break_label=VIETNAMESE))) == []


def test_the_glyph_check_can_fail(caplog: pytest.LogCaptureFixture) -> None:
    """A letter DejaVu Sans lacks (a Chinese character) is reported: the test above would see a missing
    Vietnamese letter the same way."""
    chart = bar_chart(categories=("漢",), series=(Series("", (1.0,)),))
    assert glyph_warnings(caplog, lambda: charts.chart_png(chart))


def test_identical_charts_give_identical_bytes() -> None:
    assert charts.chart_png(bar_chart()) == charts.chart_png(bar_chart())
    assert charts.chart_svg(series_chart()) == charts.chart_svg(series_chart())
    assert charts.chart_svg(series_chart()) != charts.chart_svg(series_chart(break_at=3))


def test_empty_and_degenerate_charts_draw() -> None:
    empty = Chart(key="e", caption="Trống", kind="bar_target", categories=(), series=())
    assert charts.chart_png(empty).startswith(b"\x89PNG")
    assert charts.chart_svg(empty).startswith("<svg")
    nothing = series_chart(series=(Series("", (None,) * 6),), target=None)
    assert charts.chart_svg(nothing).startswith("<svg")


def test_the_font_has_vietnamese() -> None:
    assert charts.font_family() in {"DejaVu Sans", "Liberation Sans", "Liberation Serif"}
