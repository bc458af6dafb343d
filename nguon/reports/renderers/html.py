"""The HTML preview of a context: a fragment the report pages embed (``reports/_preview.html``, autoescaped),
laid out like the document (the header block in two columns, title, numbered sections, tables, charts as
inline SVG, recipients and signature). Only the SVG that ``nguon.reports.charts.chart_svg`` draws is marked
safe; every text of the context is escaped. Nothing here queries the database."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..context import Chart, Paragraph, ReportContext, Section, Table


def _svg(chart: Chart) -> str:
    """The chart's SVG (inline-safe, no script), or "" when it cannot be drawn (the caption still shows)."""
    from .. import charts

    try:
        svg = charts.chart_svg(chart)
    except NotImplementedError:
        return ""
    start = svg.find("<svg")  # drop an XML declaration or doctype: the fragment lives inside a page
    return mark_safe(svg[start:] if start >= 0 else "")


def _block(block: Any) -> dict[str, Any]:
    if isinstance(block, Table):
        kinds = [c.kind for c in block.columns]
        last = len(block.rows) - 1
        return {
            "type": "table",
            "table": block,
            "numeric": [k != "text" for k in kinds],
            "rows": [
                {
                    "total": block.total_row and i == last,
                    "cells": [
                        {"text": text, "numeric": i_col < len(kinds) and kinds[i_col] != "text"}
                        for i_col, text in enumerate(row)
                    ],
                }
                for i, row in enumerate(block.rows)
            ],
        }
    if isinstance(block, Chart):
        return {"type": "chart", "chart": block, "svg": _svg(block)}
    assert isinstance(block, Paragraph)
    # a bullet is written "- " as in the Word file, unless its text has its own mark
    dash = block.style == "bullet" and not block.text.lstrip().startswith(("-", "+", "•"))
    return {"type": "paragraph", "p": block, "dash": dash}


def _section(section: Section) -> dict[str, Any]:
    return {
        "s": section,
        "level": min(max(section.level, 1), 3),
        "blocks": [_block(b) for b in section.blocks],
        "sections": [_section(s) for s in section.sections],
    }


def render_html(context: ReportContext) -> str:
    """The preview of ``context`` as a safe HTML fragment (a ``<article class="report-paper">``)."""
    return render_to_string(
        "reports/_preview.html",
        {
            "c": context,
            "header": context.header,
            "sections": [_section(s) for s in context.sections],
        },
    )
