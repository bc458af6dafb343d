"""The overdue list as an Excel file (danh sách kiến nghị quá hạn): organizations only, no person named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core.exporters import LANGUAGE, XlsxExporter
from nguon.core.scope import Scope
from nguon.core.xlsx import Column, Sheet

from . import selectors
from .models import EventKind


def reason_text(code: str) -> str:
    return str(
        {
            selectors.NO_ANSWER: _("no written answer: escalate"),
            selectors.PAST_DEADLINE: _("past the deadline"),
        }.get(code, code)
    )


def status_text(code: str) -> str:
    return str(EventKind(code).label) if code in EventKind.values else ""


class OverdueExporter(XlsxExporter):
    identifier = "kien-nghi-qua-han"
    verbose_name = "Kiến nghị quá hạn"

    def __init__(self, *, scope: Scope, at: dt.date) -> None:
        self.at = at
        self.items = selectors.overdue(scope=scope, at=at)

    def filename(self) -> str:
        return f"kien-nghi-qua-han-{self.at:%Y-%m-%d}"

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 6, "integer"),
            Column(_("Mission"), 36),
            Column(_("Lead organization"), 28),
            Column(_("Recommendation"), 40),
            Column(_("Addressee"), 28),
            Column(_("Sent on"), 13, "date"),
            Column(_("Deadline"), 13, "date"),
            Column(_("Status"), 18),
            Column(_("Days open"), 10, "integer"),
            Column(_("Why overdue"), 30),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        for n, i in enumerate(self.items, start=1):
            r = i.recommendation
            yield [
                n,
                r.mission.subject,
                str(r.mission.lead),
                r.text,
                r.addressee_name,
                r.sent_on,
                r.deadline,
                status_text(i.status),
                i.days_open,
                "; ".join(reason_text(c) for c in i.reasons),
            ]

    def sheets(self) -> Iterable[Sheet]:
        with translation.override(LANGUAGE):
            yield Sheet(title=_("Overdue"), columns=self.columns(), rows=list(self.rows()))
