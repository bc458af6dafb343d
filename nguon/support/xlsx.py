"""Support cases as Excel files: the cases with their support lines (for users holding the support
permission, the cases they may read), and counts only (everyone else: kinds × years, people, amounts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core.exporters import LANGUAGE, XlsxExporter
from nguon.core.labels import label
from nguon.core.scope import Scope
from nguon.core.xlsx import Column, Sheet

from . import selectors
from .choices import CaseKind, SupportKind
from .models import SupportCase


class SupportCasesExporter(XlsxExporter):
    """The cases ``scope`` may read (the permission's filter) and their support lines."""

    identifier = "ho-tro-can-bo"
    verbose_name = "Hỗ trợ cán bộ"

    def __init__(self, *, scope: Scope, cases: Any) -> None:
        self.cases: list[SupportCase] = list(cases)
        ids = [c.pk for c in self.cases]
        self.lines = list(selectors.supports_of(cases=SupportCase.objects.filter(pk__in=ids)))

    @property
    def people_count(self) -> int:
        return len({c.person_id for c in self.cases})

    def sheets(self) -> Iterable[Sheet]:
        with translation.override(LANGUAGE):
            cases = [
                [
                    n,
                    c.person.full_name,
                    c.organization.name,
                    label(CaseKind, c.kind),
                    c.opened_on,
                    c.closed_on,
                    c.summary,
                    c.note,
                ]
                for n, c in enumerate(self.cases, start=1)
            ]
            number = {c.pk: n for n, c in enumerate(self.cases, start=1)}
            names = {c.pk: c.person.full_name for c in self.cases}
            lines = [
                [
                    number[s.case_id],
                    names[s.case_id],
                    label(SupportKind, s.kind),
                    s.given_on,
                    s.amount,
                    s.given_by.name if s.given_by else "",
                    s.note,
                ]
                for s in self.lines
            ]
            yield Sheet(
                title=_("Cases"),
                columns=[
                    Column(_("No."), 6, "integer"),
                    Column(_("Full name"), 28),
                    Column(_("Kept by"), 28),
                    Column(_("Kind"), 16),
                    Column(_("Opened on"), 13, "date"),
                    Column(_("Closed on"), 13, "date"),
                    Column(_("Summary"), 40),
                    Column(_("Note"), 30),
                ],
                rows=cases,
            )
            yield Sheet(
                title=_("Support given"),
                columns=[
                    Column(_("Case no."), 8, "integer"),
                    Column(_("Full name"), 28),
                    Column(_("Kind"), 20),
                    Column(_("Given on"), 13, "date"),
                    Column(_("Amount (đồng)"), 16, "integer"),
                    Column(_("Given by"), 28),
                    Column(_("Note"), 30),
                ],
                rows=lines,
            )


class SupportCountsExporter(XlsxExporter):
    """Counts only: cases by kind and year, people supported, amounts by kind of support. No names."""

    identifier = "ho-tro-can-bo-so-lieu"
    verbose_name = "Hỗ trợ cán bộ: số liệu"

    def __init__(self, *, counts: selectors.SupportCounts) -> None:
        self.counts = counts

    def sheets(self) -> Iterable[Sheet]:
        c = self.counts
        with translation.override(LANGUAGE):
            rows: list[list[Any]] = [
                [label(CaseKind, k), y, c.by_kind_year[(k, y)]] for (k, y) in sorted(c.by_kind_year)
            ]
            rows.append([_("All cases"), None, c.cases])
            rows.append([_("People supported"), None, c.people])
            yield Sheet(
                title=_("Cases"),
                columns=[
                    Column(_("Kind"), 20),
                    Column(_("Year"), 8, "integer"),
                    Column(_("Cases"), 10, "integer"),
                ],
                rows=rows,
            )
            amounts: list[list[Any]] = [
                [label(SupportKind, k), c.supports_by_kind[k], c.amount_by_kind[k]]
                for k in sorted(c.supports_by_kind)
            ]
            amounts.append([_("Total"), c.supports, c.amount])
            yield Sheet(
                title=_("Support given"),
                columns=[
                    Column(_("Kind"), 24),
                    Column(_("Times"), 10, "integer"),
                    Column(_("Amount (đồng)"), 16, "integer"),
                ],
                rows=amounts,
            )
