"""Builder of the annual activity report (placeholder: being written)."""

from __future__ import annotations

from nguon.core.scope import Scope

from ..context import ReportContext
from ..params import ReportParams


def build(*, scope: Scope, params: ReportParams) -> ReportContext:
    raise NotImplementedError
