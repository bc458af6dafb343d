"""The Excel annex: every table of the report on its own sheet (house format, ``nguon.core.xlsx``), and the
figures with the people behind them that the reader may see. Placeholder."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..context import ReportContext


def render_annex(
    context: ReportContext, *, readable: Callable[[Iterable[int]], set[int]] | None = None
) -> bytes:
    raise NotImplementedError
