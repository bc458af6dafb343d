"""A pool's list in the layout the organization offices use (danh sách quy hoạch): the organization and the
title above the table ("DANH SÁCH QUY HOẠCH <CHỨC DANH> NHIỆM KỲ 2025–2030"), the approval decision, the date
the list is as of; then STT, Họ và tên, Ngày sinh, Giới tính, Chức vụ hiện tại (on that date), Trình độ chuyên
môn, Lý luận chính trị (on that date, completed training counted: ``training.selectors.qualifications_on``),
Mức độ sẵn sàng, Ghi chú; people outside the reader's scope counted on a last line, never named.

The house look (``nguon.core.xlsx``: its font, header fill, date format) with title rows above the header,
which the house renderer does not write: so this exporter writes its one sheet itself.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core import xlsx as house
from nguon.core.exporters import LANGUAGE, Rendered, XlsxExporter
from nguon.core.formats import format_date
from nguon.core.labels import label
from nguon.core.scope import Scope
from nguon.core.text import fold
from nguon.organizations.models import Tenure
from nguon.people.choices import Education, PoliticalTheory, Sex
from nguon.people.models import Person
from nguon.training.selectors import qualifications_on

from . import selectors
from .choices import EntryStatus
from .models import Pool


@dataclass(frozen=True)
class PoolLine:
    """One named line of the list."""

    number: int
    full_name: str
    birth: dt.date | int
    sex: str
    posts: str
    education: str
    political_theory: str
    readiness: str
    note: str


def _birth(person: Person) -> dt.date | int:
    """A year-only birth as the year (the house format shows it as a number)."""
    return person.birth_date.year if person.birth_date_precision == "year" else person.birth_date


def pool_lines(*, scope: Scope, pool: Pool, at: dt.date) -> tuple[list[PoolLine], int]:
    """The lines of ``pool`` on ``at`` the scope may name, and how many others are in it."""
    state = selectors.pool_states(scope=scope, pools_=[pool], at=at)[pool.pk]
    people = [r.person.pk for r in state.rows]
    held: dict[int, list[str]] = defaultdict(list)
    for tenure in (
        Tenure.objects.active_on(at)
        .filter(person_id__in=people)
        .select_related("post__organization")
        .order_by("post__rank", "start_date", "id")
    ):
        held[tenure.person_id].append(f"{tenure.post.name}, {tenure.post.organization.name}")
    trained = qualifications_on(person_ids=people, at=at)
    lines = []
    for number, row in enumerate(state.rows, start=1):
        person = row.person
        had = trained.get(person.pk)
        notes = []
        if row.state.status == EntryStatus.PROPOSED:
            notes.append(_("proposed, not yet approved"))
        if row.entry.first_planning:
            notes.append(_("first planning"))
        lines.append(
            PoolLine(
                number=number,
                full_name=person.full_name,
                birth=_birth(person),
                sex=label(Sex, person.sex, capital=True),
                posts="; ".join(held.get(person.pk, [])),
                education=label(Education, had.education if had else person.education, capital=True),
                political_theory=label(
                    PoliticalTheory,
                    had.political_theory if had else person.political_theory,
                    capital=True,
                ),
                readiness=row.readiness.name if row.readiness else "",
                note="; ".join(notes),
            )
        )
    return lines, state.hidden


class PoolExporter(XlsxExporter):
    """The list of one pool on a date (the people the reader's scope names, the others counted)."""

    identifier = "danh-sach-quy-hoach"
    verbose_name = "Danh sách quy hoạch"

    def __init__(self, *, scope: Scope, pool: Pool, at: dt.date) -> None:
        self.pool, self.at = pool, at
        with translation.override(LANGUAGE):
            self.lines, self.hidden = pool_lines(scope=scope, pool=pool, at=at)

    @property
    def people_count(self) -> int:
        """How many people the file names (for the personal-data log)."""
        return len(self.lines)

    def filename(self) -> str:
        stem = f"quy-hoach-{fold(self.pool.post.name)}-{self.pool.target_term}-{self.at:%Y%m%d}"
        return "-".join(stem.split())

    def columns(self) -> list[house.Column]:
        return [
            house.Column(_("No."), 6, "integer"),
            house.Column(_("Full name"), 28),
            house.Column(_("Date of birth"), 13, "date"),
            house.Column(_("Sex"), 9),
            house.Column(_("Current post"), 40),
            house.Column(_("Education"), 16),
            house.Column(_("Political theory"), 16),
            house.Column(_("Readiness"), 20),
            house.Column(_("Note"), 28),
        ]

    def titles(self) -> list[str]:
        pool = self.pool
        lines = [
            pool.post.organization.name.upper(),
            _("LIST OF THE PLANNING FOR %(post)s, TERM %(term)s")
            % {"post": pool.post.name.upper(), "term": pool.target_term},
        ]
        if pool.decision is not None:
            lines.append(
                _("(Approved by decision no. %(number)s of %(date)s, %(body)s)")
                % {
                    "number": pool.decision.number,
                    "date": format_date(pool.decision.date),
                    "body": pool.decision.approving_body,
                }
            )
        lines.append(_("As of %(date)s") % {"date": format_date(self.at)})
        return lines

    def render(self) -> Rendered:
        with translation.override(LANGUAGE):
            return Rendered(f"{self.filename()}.xlsx", house.XLSX, self._workbook())

    def _workbook(self) -> bytes:
        columns = self.columns()
        with tempfile.TemporaryDirectory(prefix="nguon-xlsx-") as folder:
            path = Path(folder) / "book.xlsx"
            book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "tmpdir": folder})
            base = {"font_name": house.FONT, "font_size": house.FONT_SIZE}
            title = book.add_format({**base, "bold": True, "font_size": 13, "align": "center"})
            subtitle = book.add_format({**base, "italic": True, "align": "center"})
            header = book.add_format(
                {**base, "bold": True, "bg_color": house.HEADER_FILL, "text_wrap": True, "border": 1}
            )
            cell = book.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"})
            date = book.add_format({**base, "border": 1, "num_format": house.DATE_FORMAT, "valign": "top"})
            year = book.add_format({**base, "border": 1, "num_format": house.YEAR_FORMAT, "valign": "top"})
            sheet = book.add_worksheet(_("Planning")[: house.SHEET_NAME_MAX])
            last = len(columns) - 1
            titles = self.titles()
            for r, text in enumerate(titles):
                sheet.merge_range(r, 0, r, last, text, title if r < 2 else subtitle)
            top = len(titles) + 1
            for c, col in enumerate(columns):
                sheet.set_column(c, c, col.width)
                sheet.write_string(top, c, col.header, header)
            r = top
            for r, line in enumerate(self.lines, start=top + 1):
                sheet.write_number(r, 0, line.number, cell)
                sheet.write_string(r, 1, line.full_name, cell)
                if isinstance(line.birth, int):
                    sheet.write_number(r, 2, line.birth, year)
                else:
                    birth = dt.datetime(line.birth.year, line.birth.month, line.birth.day)
                    sheet.write_datetime(r, 2, birth, date)
                for c, value in enumerate(
                    (
                        line.sex,
                        line.posts,
                        line.education,
                        line.political_theory,
                        line.readiness,
                        line.note,
                    ),
                    start=3,
                ):
                    sheet.write_string(r, c, value, cell)
            if self.hidden:
                sheet.merge_range(
                    r + 1,
                    0,
                    r + 1,
                    last,
                    _("and %(n)s more people outside your area of work (not named)") % {"n": self.hidden},
                    subtitle,
                )
            sheet.freeze_panes(top + 1, 0)
            sheet.repeat_rows(top)
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            book.close()
            return path.read_bytes()


def pool_export(*, scope: Scope, pool: Pool, at: dt.date) -> Rendered:
    """The workbook of ``pool`` on ``at`` as ``scope`` may read it (serve it with ``core.downloads.download``;
    log the read with ``PoolExporter(...).people_count`` people)."""
    return PoolExporter(scope=scope, pool=pool, at=at).render()
