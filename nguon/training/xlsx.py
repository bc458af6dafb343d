"""The participants of a class as an Excel file (danh sách học viên): STT, Họ và tên, Ngày sinh, Giới tính,
Kết quả, Ngày hoàn thành, Số chứng chỉ, Ngày cấp, Ghi chú — the people the reader's scope names; the others
counted on a last line, never named. The house format (``nguon.core.xlsx``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core.exporters import LANGUAGE, XlsxExporter
from nguon.core.scope import Scope
from nguon.core.text import fold
from nguon.core.xlsx import Column, Sheet
from nguon.people.models import Person

from . import selectors
from .models import Participation, Session


def _birth(person: Person) -> dt.date | int:
    return person.birth_date.year if person.birth_date_precision == "year" else person.birth_date


class SessionParticipantsExporter(XlsxExporter):
    """The participants of one session."""

    identifier = "hoc-vien"
    verbose_name = "Danh sách học viên"

    def __init__(self, *, scope: Scope, session: Session) -> None:
        self.session = session
        self.named, self.hidden = selectors.participants(scope=scope, session=session)

    @property
    def people_count(self) -> int:
        """How many people the file names (for the personal-data log)."""
        return len(self.named)

    def filename(self) -> str:
        stem = f"hoc-vien-{fold(self.session.course.name)}-{fold(self.session.name)}"
        return "-".join(stem.replace("/", "-").split())[:120]

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 6, "integer"),
            Column(_("Full name"), 28),
            Column(_("Date of birth"), 13, "date"),
            Column(_("Sex"), 9),
            Column(_("Result"), 14),
            Column(_("Completed on"), 14, "date"),
            Column(_("Certificate number"), 18),
            Column(_("Certificate date"), 14, "date"),
            Column(_("Note"), 30),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        for number, p in enumerate(self.named, start=1):
            yield self.row(number, p)
        if self.hidden:
            yield [
                None,
                _("and %(n)s other participants outside your area of work") % {"n": self.hidden},
                *([None] * 7),
            ]

    @staticmethod
    def row(number: int, p: Participation) -> list[Any]:
        return [
            number,
            p.person.full_name,
            _birth(p.person),
            str(p.person.get_sex_display()),
            str(p.get_result_display()),
            p.completed_on,
            p.certificate,
            p.certificate_date,
            p.note,
        ]

    def sheets(self) -> Iterable[Sheet]:
        with translation.override(LANGUAGE):
            title = _("Participants")
            yield Sheet(title=title, columns=self.columns(), rows=list(self.rows()))
