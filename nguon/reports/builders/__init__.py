"""One builder per report kind: ``build(*, scope, params) -> ReportContext``.

A builder reads only through the selectors and engines of the other apps, with the reader's ``scope``: the
figures (counts and shares) over the areas the scope may analyse, the names only of people the scope may
view (the others counted in ``Figure.hidden``). It writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope

from ..choices import ReportKind
from ..context import ReportContext
from ..params import ReportParams

Builder = Callable[..., ReportContext]

MODULES = {
    ReportKind.PROGRAMME_REVIEW: "nguon.reports.builders.programme_review",
    ReportKind.REPRESENTATION: "nguon.reports.builders.representation",
    ReportKind.PIPELINE: "nguon.reports.builders.pipeline",
    ReportKind.ANNUAL_ACTIVITY: "nguon.reports.builders.annual_activity",
}


class ReportError(ValueError):
    """A report that cannot be built as asked, with a Vietnamese message naming the field at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def builder_for(kind: str) -> Builder:
    try:
        module = MODULES[ReportKind(kind)]
    except ValueError as e:
        raise ReportError(_("Unknown report kind."), "kind") from e
    return import_module(module).build  # type: ignore[no-any-return]


def build(*, scope: Scope, params: ReportParams) -> ReportContext:
    """The context of the report ``params`` asks for, as ``scope`` may read it. Refuses an area outside the
    scope's analysis areas (PermissionDenied, as every other read)."""
    if not scope.covers_area(params.area, Level.ANALYSE):
        raise PermissionDenied
    return builder_for(params.kind)(scope=scope, params=params)
