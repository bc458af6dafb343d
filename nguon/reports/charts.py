"""Charts drawn once (matplotlib, Agg): PNG at print resolution for Word, SVG for the site, from the same
:class:`~nguon.reports.context.Chart`.

One function (:func:`draw`) lays the chart out on a :class:`matplotlib.figure.Figure` with an explicit Agg
canvas — never ``pyplot``, whose global figure registry is not thread-safe — and both outputs save that
figure: :func:`chart_png` (for the DOCX: ``dpi`` × ``width_cm``, the physical size recorded in the file) and
:func:`chart_svg` (for the HTML preview). Text is drawn in DejaVu Sans (every Vietnamese letter; the system's
copy, else Liberation Sans, else the copy matplotlib ships), numbers with the decimal comma ("33,3%").

The SVG is made safe to inline in a page under the site's Content-Security-Policy (``style-src 'self'``, no
inline script): text is drawn as paths (so Vietnamese renders in any browser, with no font), ``style``
attributes become presentation attributes, the ``<style>`` and ``<metadata>`` elements, the XML prolog and the
doctype are dropped, and element ids are renamed after the chart's key (two charts on one page never share
an id). Identical charts give identical bytes (no date, no random id).
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from nguon.core.formats import format_number, format_percent

from .context import Chart

PRINT_DPI = 200
SCREEN_WIDTH_CM = 16.0

# Fonts with every Vietnamese letter, in order of preference (fonts-dejavu-core, fonts-liberation2).
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)

# Colours: a sober palette that prints in grey scale too.
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#595959")
BELOW_TARGET = "#c00000"
TARGET = "#c00000"
BREAK = "#595959"
GRID = "#d9d9d9"
TEXT = "#262626"
_LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}

# Legend words for a single-series bar chart against its target (the report's language: Vietnamese).
MET_LABEL = "Đạt chỉ tiêu"
NOT_MET_LABEL = "Chưa đạt chỉ tiêu"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

_lock = threading.Lock()
_family: str | None = None


def font_family() -> str:
    """The family every text of a chart is drawn in (registered once with matplotlib's font manager)."""
    global _family
    with _lock:
        if _family is None:
            _family = "DejaVu Sans"  # matplotlib ships it: the last resort
            for path in FONT_FILES:
                if Path(path).is_file():
                    font_manager.fontManager.addfont(path)
                    _family = font_manager.FontProperties(fname=path).get_name()
                    break
        return _family


# --- numbers -------------------------------------------------------------------------------------------------
def _number(value: float, *, percent: bool, digits: int | None = None) -> str:
    """ "33,3%" / "12,5" / "1.500" with the decimal comma; ``digits`` fixes the decimals (bar labels)."""
    if percent:
        if digits is not None:
            return format_percent(value, digits)
        return f"{format_number(_round(value))}%"
    if digits is not None:
        return format_number(Decimal(str(value)).quantize(Decimal(1).scaleb(-digits)))
    return format_number(_round(value))


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


def _value_label(value: float, chart: Chart) -> str:
    if chart.percent:
        return format_percent(value, 1)
    if float(value).is_integer():
        return format_number(int(value))
    return format_number(Decimal(str(value)).quantize(Decimal("0.1")))


# --- layout --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Layout:
    width_in: float
    height_in: float
    rotate: int  # category labels: 0 (wrapped), 45 or 90 degrees
    wrap: int  # wrap category labels at this many characters (0: no wrap)
    tick_size: float
    value_size: float
    value_rotate: int


def _text_cm(text: str, size: float) -> float:
    """The width of a line of DejaVu Sans at ``size`` points, in centimetres (close enough to lay out)."""
    em = sum(_EM.get(ch, 0.62 if ch.isalpha() or ch.isdigit() else 0.4) for ch in text)
    return em * size / 72 * 2.54


_EM = {**dict.fromkeys("0123456789", 0.636), ",": 0.318, ".": 0.318, "%": 0.95, " ": 0.318, "—": 1.0}


def _layout(chart: Chart, width_cm: float) -> _Layout:
    width_in = width_cm / 2.54
    n = max(len(chart.categories), 1)
    m = max(len(chart.series), 1)
    slot_cm = (width_cm - 2.2) / n  # the room one category gets along the axis
    tick_size = 8.0 if n <= 10 else 7.0
    widest = max((_text_cm(c, tick_size) for c in chart.categories), default=0.0)
    words = max((_text_cm(w, tick_size) for c in chart.categories for w in c.split()), default=0.0)
    char_cm = _text_cm("a", tick_size)
    rotate, wrap, lines = 0, 0, 1
    if widest > slot_cm * 0.95:
        wrap = max(1, int(slot_cm * 0.95 / char_cm))
        lines = max(
            (len(textwrap.wrap(c, wrap, break_long_words=False)) for c in chart.categories), default=1
        )
        if words > slot_cm * 0.95 or lines > 3:
            rotate, wrap, lines = 45, 0, 1
    height_in = width_in * 9 / 16
    if rotate:
        slanted = max(
            (_text_cm(line, tick_size) for c in chart.categories for line in textwrap.wrap(c, 26) or [""]),
            default=0.0,
        )
        height_in += min(slanted, 5.0) * 0.71 / 2.54 * 0.8
    elif wrap:
        height_in += (lines - 1) * tick_size * 1.2 / 72
    value_size = 7.0 if n * m <= 20 else 6.0
    widest_value = max(
        (
            _text_cm(_value_label(v, chart), value_size)
            for s in chart.series
            for v in s.values
            if v is not None
        ),
        default=0.0,
    )
    value_rotate = 90 if chart.kind == "bar_target" and widest_value > slot_cm / m * 0.98 else 0
    return _Layout(width_in, height_in, rotate, wrap, tick_size, value_size, value_rotate)


def _category_labels(chart: Chart, layout: _Layout) -> list[str]:
    if layout.wrap:
        return [textwrap.fill(c, layout.wrap, break_long_words=False) for c in chart.categories]
    if layout.rotate:  # a long slanted label in two lines rather than one running off the page
        return [textwrap.fill(c, 26, break_long_words=False) for c in chart.categories]
    return list(chart.categories)


def _values(series_values: tuple[float | None, ...], n: int) -> list[float]:
    out = [math.nan if v is None else float(v) for v in series_values[:n]]
    return out + [math.nan] * (n - len(out))


# --- drawing -------------------------------------------------------------------------------------------------
def draw(chart: Chart, *, width_cm: float = SCREEN_WIDTH_CM) -> Figure:
    """The chart on a new figure with its own Agg canvas (no pyplot, no global state)."""
    family = font_family()
    layout = _layout(chart, width_cm)
    fig = Figure(figsize=(layout.width_in, layout.height_in), layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    n = len(chart.categories)
    x = list(range(n))
    handles: list[Artist] = []
    top = 0.0

    if chart.kind == "bar_target":
        top = _bars(ax, chart, layout, family, handles)
    else:
        top = _lines(ax, chart, layout, family, handles)

    if chart.target is not None:
        ax.axhline(chart.target, color=TARGET, linestyle=(0, (5, 3)), linewidth=1.3, zorder=4)
        label = chart.target_label or f"Chỉ tiêu {_number(chart.target, percent=chart.percent)}"
        handles.append(Line2D([], [], color=TARGET, linestyle=(0, (5, 3)), linewidth=1.3, label=label))
        top = max(top, chart.target)

    # Axes: categories below, values with the decimal comma at the left, a light grid behind.
    ax.set_xticks(x)
    ax.set_xticklabels(_category_labels(chart, layout))
    if layout.rotate:
        for t in ax.get_xticklabels():
            t.set_rotation(layout.rotate)
            t.set_horizontalalignment("right")
            t.set_rotation_mode("anchor")
            t.set_multialignment("right")
    ax.tick_params(labelfontfamily=family, colors=TEXT, labelsize=layout.tick_size)
    ax.tick_params(axis="x", length=0, pad=4)
    ax.set_xlim(-0.6, n - 0.4) if n else ax.set_xlim(-0.6, 0.6)
    ax.set_ylim(0, _ceiling(top, chart.percent))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v, percent=chart.percent)))
    ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#7f7f7f")
    if chart.y_label:
        ax.set_ylabel(chart.y_label, fontfamily=family, fontsize=8.5, color=TEXT)

    if chart.kind == "series" and chart.break_at is not None and 0 < chart.break_at < max(n, 1):
        _break(ax, chart, family)

    if handles:
        # One row when the labels fit the width (about 95 characters at 8 pt over 16 cm, with the keys);
        # else stacked: a row too long for the figure was cut at both ends in the Word file.
        lengths = [len(str(h.get_label())) + 6 for h in handles]
        ncols = min(len(handles), 4) if sum(lengths) <= 95 else (2 if 2 * max(lengths) <= 95 else 1)
        fig.legend(
            handles=handles,
            loc="outside upper center",
            ncols=ncols,
            frameon=False,
            prop=font_manager.FontProperties(family=family, size=8),
            labelcolor=TEXT,
        )
    # Lay out once (constrained: nothing clipped, the axes as large as the labels allow), then freeze the
    # positions: saving does not lay out again (half the time of a PNG).
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    return fig


def _ceiling(top: float, percent: bool) -> float:
    """Room above the highest bar or point for its label."""
    if not top or math.isnan(top):
        return 100.0 if percent else 1.0
    return top * 1.18


def _bars(ax: Axes, chart: Chart, layout: _Layout, family: str, handles: list[Artist]) -> float:
    n = len(chart.categories)
    m = max(len(chart.series), 1)
    width = 0.8 / m
    top = 0.0
    judge = chart.target is not None and len(chart.series) == 1
    below_seen = met_seen = False
    for j, series in enumerate(chart.series):
        values = _values(series.values, n)
        offset = (j - (m - 1) / 2) * width
        colour = PALETTE[j % len(PALETTE)]
        colours = []
        for v in values:
            below = judge and not math.isnan(v) and v < (chart.target or 0)
            below_seen |= below
            met_seen |= judge and not math.isnan(v) and not below
            colours.append(BELOW_TARGET if below else colour)
        xs = [i + offset for i in range(n)]
        heights = [0.0 if math.isnan(v) else v for v in values]
        ax.bar(xs, heights, width=width * 0.92, color=colours, zorder=2, linewidth=0)
        for xi, v in zip(xs, values, strict=True):
            if math.isnan(v):
                ax.annotate(
                    "—", (xi, 0), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    fontsize=layout.value_size, fontfamily=family, color="#7f7f7f",
                )  # fmt: skip
                continue
            top = max(top, v)
            ax.annotate(
                _value_label(v, chart),
                (xi, v),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                rotation=layout.value_rotate,
                fontsize=layout.value_size,
                fontfamily=family,
                color=TEXT,
                bbox=_LABEL_BOX,
                zorder=5,
            )
        if not judge:
            handles.append(Patch(color=colour, label=series.name))
    if judge:
        name = chart.series[0].name
        if met_seen:
            label = f"{name}: {MET_LABEL.lower()}" if name else MET_LABEL
            handles.append(Patch(color=PALETTE[0], label=label))
        if below_seen:
            label = f"{name}: {NOT_MET_LABEL.lower()}" if name else NOT_MET_LABEL
            handles.append(Patch(color=BELOW_TARGET, label=label))
    elif len(chart.series) == 1 and not chart.series[0].name:
        handles.clear()
    if layout.value_rotate:
        top *= 1.12  # vertical labels need more room
    return top


def _lines(ax: Axes, chart: Chart, layout: _Layout, family: str, handles: list[Artist]) -> float:
    n = len(chart.categories)
    markers = ("o", "s", "^", "D", "v", "P", "X", "*")
    top = 0.0
    single = len(chart.series) == 1
    for j, series in enumerate(chart.series):
        values = _values(series.values, n)
        colour = PALETTE[j % len(PALETTE)]
        (line,) = ax.plot(
            range(n), values, color=colour, marker=markers[j % len(markers)], markersize=4.5,
            linewidth=1.6, zorder=3, label=series.name,
        )  # fmt: skip
        if series.name or not single:
            handles.append(line)
        present = [i for i, v in enumerate(values) if not math.isnan(v)]
        if not present:
            continue
        top = max(top, *(values[i] for i in present))
        labelled = present if single and n <= 16 else present[-1:]
        for i in labelled:
            ax.annotate(
                _value_label(values[i], chart),
                (i, values[i]),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=layout.value_size,
                fontfamily=family,
                color=colour,
            )
    return top


def _break(ax: Axes, chart: Chart, family: str) -> None:
    """The dashed vertical line between the last category before a break in series and the first after."""
    at = (chart.break_at or 0) - 0.5
    ax.axvline(at, color=BREAK, linestyle=(0, (4, 3)), linewidth=1.1, zorder=1)
    if chart.break_label:
        ax.annotate(
            textwrap.fill(chart.break_label, 28, break_long_words=False),
            (at, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7,
            fontfamily=family,
            color=BREAK,
            bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            zorder=5,
        )


# --- outputs -------------------------------------------------------------------------------------------------
def chart_png(chart: Chart, *, dpi: int = PRINT_DPI, width_cm: float = 16.0) -> bytes:
    """The chart as a PNG ``width_cm`` wide at ``dpi`` (the size Word gives it), white background."""
    fig = draw(chart, width_cm=width_cm)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG element to inline in a page: text as paths, no script, no style element or
    attribute, no external reference, no prolog; it scales to its container (``viewBox``, no fixed size)."""
    fig = draw(chart, width_cm=SCREEN_WIDTH_CM)
    out = io.BytesIO()
    with _lock, matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "nguon"}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _inline_svg(out.getvalue(), chart)


_STYLE_PROPERTY = re.compile(r"^[a-z-]+$")
_URL_REF = re.compile(r"url\(#([^)]+)\)")


def _inline_svg(data: bytes, chart: Chart) -> str:
    """matplotlib's SVG → an element safe under ``style-src 'self'`` with ids of its own (see the module)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(data)
    prefix = "chart-" + (re.sub(r"[^A-Za-z0-9_-]", "-", chart.key) or "x") + "-"
    href = f"{{{XLINK_NS}}}href"

    # Styles → presentation attributes; the <style> element's rules (stroke-linejoin, -linecap) → the root.
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}script"):
                parent.remove(child)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    ids: dict[str, str] = {}
    for el in root.iter():
        style = el.attrib.pop("style", None)
        if style:
            for item in style.split(";"):
                name, _, value = item.partition(":")
                name, value = name.strip(), value.strip()
                if name and value and _STYLE_PROPERTY.match(name):
                    el.set(name, value)
        old = el.get("id")
        if old is not None:
            ids[old] = f"{prefix}{len(ids) + 1}" if old.startswith("p") and len(old) == 11 else prefix + old
    for el in root.iter():
        old = el.get("id")
        if old is not None:
            el.set("id", ids[old])
        for attr, value in list(el.attrib.items()):
            if attr == href and value.startswith("#"):
                el.set(attr, "#" + ids.get(value[1:], value[1:]))
            elif "url(#" in value:
                el.set(attr, _URL_REF.sub(lambda m: f"url(#{ids.get(m.group(1), m.group(1))})", value))
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("role", "img")
    root.set("aria-label", chart.caption)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = chart.caption
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode")
