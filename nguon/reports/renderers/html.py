"""The HTML preview of a context (a fragment the report pages embed; charts as inline SVG). Placeholder."""

from __future__ import annotations

from ..context import ReportContext


def render_html(context: ReportContext) -> str:
    raise NotImplementedError
