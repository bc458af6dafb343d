"""A candidate list in the layout the offices use (danh sách ứng cử viên): the organization and the title
above the table ("DANH SÁCH ỨNG CỬ VIÊN <BODY> NHIỆM KỲ 2021–2026"), the constituency and election date; then
STT, Họ và tên, Ngày sinh, Giới tính, Dân tộc, Trình độ, Chức vụ hiện tại (on the election date), Đơn vị bầu
cử, and, once results are recorded, Số phiếu, Tỷ lệ (% of the valid ballots), Kết quả. Candidates outside the
reader's scope are counted on a last line, never named. The house look of ``nguon.core.xlsx``."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core import xlsx as house
from nguon.core.exporters import LANGUAGE, Rendered, XlsxExporter
from nguon.core.formats import format_date, format_int
from nguon.core.scope import Scope
from nguon.core.text import fold
from nguon.organizations.models import Tenure

from . import selectors
from .choices import ListStatus
from .models import CandidateList


class CandidateListExporter(XlsxExporter):
    identifier = "danh-sach-ung-cu-vien"
    verbose_name = "Danh sách ứng cử viên"

    def __init__(self, *, scope: Scope, candidate_list: CandidateList) -> None:
        self.cl = candidate_list
        self.rows, self.hidden = selectors.candidacy_rows(scope=scope, candidate_list=candidate_list)
        self.results = candidate_list.status == ListStatus.RESULTS
        held: dict[int, list[str]] = defaultdict(list)
        for tenure in (
            Tenure.objects.active_on(candidate_list.election_date)
            .filter(person_id__in=[c.person_id for c in self.rows])
            .select_related("post__organization")
            .order_by("post__rank", "start_date", "id")
        ):
            held[tenure.person_id].append(f"{tenure.post.name}, {tenure.post.organization.name}")
        self.held = held

    @property
    def people_count(self) -> int:
        return len(self.rows)

    def filename(self) -> str:
        stem = f"ung-cu-vien-{fold(self.cl.name)}-{self.cl.election_date:%Y%m%d}"
        return "-".join(stem.split())

    def headers(self) -> list[tuple[str, int]]:
        cols = [
            (_("No."), 6),
            (_("Full name"), 28),
            (_("Date of birth"), 13),
            (_("Sex"), 9),
            (_("Ethnicity"), 12),
            (_("Education"), 18),
            (_("Current post"), 40),
            (_("Constituency"), 24),
        ]
        if self.results:
            cols += [(_("Votes"), 10), (_("Share of valid ballots"), 12), (_("Result"), 12)]
        return cols

    def titles(self) -> list[str]:
        cl = self.cl
        lines = [
            cl.term.body.organization.name.upper(),
            _("LIST OF CANDIDATES FOR %(body)s, TERM %(term)s")
            % {"body": cl.term.body.name.upper(), "term": cl.term.name},
            cl.name + (f" — {cl.constituency}" if cl.constituency else ""),
            _("Election date %(date)s; %(seats)s to elect")
            % {"date": format_date(cl.election_date), "seats": cl.seats},
        ]
        if self.results and cl.voters:
            lines.append(
                _("Voters %(voters)s, valid ballots %(ballots)s")
                % {"voters": format_int(cl.voters), "ballots": format_int(cl.valid_ballots or 0)}
            )
        return lines

    def render(self) -> Rendered:
        with translation.override(LANGUAGE):
            return Rendered(f"{self.filename()}.xlsx", house.XLSX, self._workbook())

    def _workbook(self) -> bytes:
        columns = self.headers()
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
            integer = book.add_format({**base, "border": 1, "num_format": house.INTEGER_FORMAT})
            percent = book.add_format({**base, "border": 1, "num_format": "0.00%"})
            sheet = book.add_worksheet(_("Candidates")[: house.SHEET_NAME_MAX])
            last = len(columns) - 1
            titles = self.titles()
            for r, text in enumerate(titles):
                sheet.merge_range(r, 0, r, last, text, title if r < 2 else subtitle)
            top = len(titles) + 1
            for c, (text, width) in enumerate(columns):
                sheet.set_column(c, c, width)
                sheet.write_string(top, c, text, header)
            r = top
            for r, candidacy in enumerate(self.rows, start=top + 1):
                person = candidacy.person
                sheet.write_number(r, 0, r - top, cell)
                sheet.write_string(r, 1, person.full_name, cell)
                if person.birth_date_precision == "year":
                    sheet.write_number(r, 2, person.birth_date.year, year)
                else:
                    b = person.birth_date
                    sheet.write_datetime(r, 2, dt.datetime(b.year, b.month, b.day), date)
                sheet.write_string(r, 3, str(person.get_sex_display()), cell)
                sheet.write_string(r, 4, person.ethnicity, cell)
                sheet.write_string(
                    r, 5, str(person.get_education_display()) if person.education else "", cell
                )
                sheet.write_string(r, 6, "; ".join(self.held.get(person.pk, [])), cell)
                sheet.write_string(r, 7, self.cl.constituency or self.cl.name, cell)
                if self.results:
                    if candidacy.votes is not None:
                        sheet.write_number(r, 8, candidacy.votes, integer)
                        if self.cl.valid_ballots:
                            share = Decimal(candidacy.votes) / Decimal(self.cl.valid_ballots)
                            sheet.write_number(r, 9, float(share), percent)
                        else:
                            sheet.write_string(r, 9, "", cell)
                    else:
                        sheet.write_string(r, 8, "", cell)
                        sheet.write_string(r, 9, "", cell)
                    sheet.write_string(r, 10, _("Elected") if candidacy.elected else _("Not elected"), cell)
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


def candidate_list_export(*, scope: Scope, candidate_list: CandidateList) -> Rendered:
    return CandidateListExporter(scope=scope, candidate_list=candidate_list).render()
