"""Charts drawn once (matplotlib, Agg): PNG at print resolution for Word, SVG for the site, from the same
:class:`~nguon.reports.context.Chart`. Placeholder: being written."""

from __future__ import annotations

from .context import Chart

PRINT_DPI = 200


def chart_png(chart: Chart, *, dpi: int = PRINT_DPI, width_cm: float = 16.0) -> bytes:
    raise NotImplementedError


def chart_svg(chart: Chart) -> str:
    raise NotImplementedError
