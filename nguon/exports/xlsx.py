"""Lists to XLSX the way offices want them: Vietnamese headers, frozen and filtered header row, real dates,
column widths, and — for templates — an instructions sheet and drop-down lists for coded columns.

The people and tenure sheets use the importer's headers, so an export imported again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils import translation

from nguon.organizations.choices import OrganizationKind, TenureEnd, TenureStart
from nguon.organizations.models import Tenure
from nguon.people.choices import BirthDatePrecision, Education, PoliticalTheory
from nguon.people.models import Person


def _labels(choices: Any) -> dict[str, str]:
    with translation.override("vi"):
        return {str(code): str(label) for code, label in choices.choices if code}


@dataclass(frozen=True)
class Col:
    header: str
    width: int
    value: Callable[[Any], Any]
    kind: str = "text"  # text | date | int | flag
    note: str = ""


def _birth(p: Person) -> Any:
    return p.birth_date.year if p.birth_date_precision == BirthDatePrecision.YEAR else p.birth_date


PEOPLE_COLUMNS: tuple[Col, ...] = (
    Col(
        "Mã cán bộ", 12, lambda p: p.code, note="Không bắt buộc; nếu có, dùng để nhận ra cán bộ khi nhập lại."
    ),
    Col("Họ và tên", 28, lambda p: p.full_name, note="Bắt buộc. Họ, đệm, tên đầy đủ."),
    Col("Ngày sinh", 12, _birth, "date", note="Bắt buộc. dd/mm/yyyy, hoặc chỉ năm sinh (ví dụ 1985)."),
    Col("Giới tính", 9, lambda p: "Nữ" if p.sex == "F" else "Nam", note="Bắt buộc: Nam hoặc Nữ."),
    Col("Dân tộc", 10, lambda p: p.ethnicity),
    Col("Trình độ chuyên môn", 18, lambda p: _labels(Education).get(p.education, "")),
    Col("Lý luận chính trị", 16, lambda p: _labels(PoliticalTheory).get(p.political_theory, "")),
    Col(
        "Ngày vào Đảng",
        13,
        lambda p: p.party_admission_date,
        "date",
        note="Để trống nếu không phải đảng viên.",
    ),
)

TENURE_COLUMNS: tuple[Col, ...] = (
    Col(
        "Mã cán bộ",
        12,
        lambda t: t.person.code,
        note="Mã cán bộ, hoặc Họ và tên + Ngày sinh như ở sheet 'Cán bộ'.",
    ),
    Col("Họ và tên", 26, lambda t: t.person.full_name),
    Col("Ngày sinh", 12, lambda t: _birth(t.person), "date"),
    Col(
        "Mã địa bàn",
        10,
        lambda t: t.post.organization.area.code,
        note="Bắt buộc. Mã đơn vị hành chính tại ngày bắt đầu (ví dụ 00070).",
    ),
    Col(
        "Tổ chức",
        30,
        lambda t: t.post.organization.name,
        note="Bắt buộc. Ví dụ: Đảng bộ phường Hàng Bạc, UBND phường Hàng Bạc.",
    ),
    Col("Loại tổ chức", 18, lambda t: _labels(OrganizationKind).get(t.post.organization.kind, "")),
    Col(
        "Cơ quan",
        30,
        lambda t: t.post.body.name if t.post.body else "",
        note="Ban Chấp hành, Ban Thường vụ, Hội đồng nhân dân… khi chức danh là ghế của cơ quan đó.",
    ),
    Col("Chức danh", 28, lambda t: t.post.name, note="Bắt buộc."),
    Col("Chủ chốt", 8, lambda t: "x" if t.post.is_key else "", note="Đánh x nếu là chức danh chủ chốt."),
    Col("Nhiệm kỳ", 11, lambda t: t.term.name if t.term else "", note="Ví dụ 2020–2025."),
    Col("Từ ngày", 12, lambda t: t.start_date, "date", note="Bắt buộc. dd/mm/yyyy."),
    Col("Đến ngày", 12, lambda t: t.end_date, "date", note="Để trống nếu đang giữ."),
    Col("Hình thức", 13, lambda t: _labels(TenureStart).get(t.start_reason, ""), note="Bắt buộc."),
    Col("Số quyết định", 16, lambda t: t.start_decision),
    Col("Lý do thôi", 16, lambda t: _labels(TenureEnd).get(t.end_reason, "")),
)


def _drop_downs() -> dict[str, tuple[str, ...]]:
    return {
        "Giới tính": ("Nam", "Nữ"),
        "Trình độ chuyên môn": tuple(_labels(Education).values()),
        "Lý luận chính trị": tuple(_labels(PoliticalTheory).values()),
        "Loại tổ chức": tuple(_labels(OrganizationKind).values()),
        "Hình thức": tuple(_labels(TenureStart).values()),
        "Lý do thôi": tuple(_labels(TenureEnd).values()),
        "Chủ chốt": ("x",),
    }


class Book:
    """An XLSX workbook being written (in memory) with the house formats."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False})
        self.head = self.book.add_format(
            {"bold": True, "bg_color": "#DDE5EE", "text_wrap": True, "valign": "top", "border": 1}
        )
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.number = self.book.add_format({"num_format": "0"})  # a birth year in a date column stays a year

    def sheet(self, title: str, columns: Sequence[Col], rows: Iterable[Any], template_rows: int = 0) -> int:
        sheet = self.book.add_worksheet(title)
        drop = _drop_downs() if template_rows else {}
        for c, col in enumerate(columns):
            sheet.write(0, c, col.header, self.head)
            sheet.set_column(c, c, col.width, self.date if col.kind == "date" else None)
            if col.note:
                sheet.write_comment(0, c, col.note)
            if col.header in drop and template_rows:
                sheet.data_validation(
                    1, c, template_rows, c, {"validate": "list", "source": list(drop[col.header])}
                )
        n = 0
        for n, item in enumerate(rows, start=1):
            for c, col in enumerate(columns):
                value = col.value(item)
                if value in (None, ""):
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(n, c, dt.datetime(value.year, value.month, value.day), self.date)
                elif isinstance(value, int) and not isinstance(value, bool):
                    sheet.write_number(n, c, value, self.number)
                else:
                    sheet.write_string(n, c, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(n, template_rows, 1), len(columns) - 1)
        return n

    def instructions(self, lines: Sequence[str]) -> None:
        sheet = self.book.add_worksheet("Hướng dẫn")
        sheet.set_column(0, 0, 110)
        wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        bold = self.book.add_format({"bold": True, "font_size": 13})
        sheet.write(0, 0, "Hướng dẫn điền mẫu nhập dữ liệu Nguồn", bold)
        for i, line in enumerate(lines, start=2):
            sheet.write(i, 0, line, wrap)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def people_tenures_xlsx(people: Iterable[Person], tenures: Iterable[Tenure]) -> bytes:
    """People and tenures in the importer's format (an export imported again changes nothing)."""
    book = Book()
    book.sheet("Cán bộ", PEOPLE_COLUMNS, people)
    book.sheet("Chức vụ", TENURE_COLUMNS, tenures)
    return book.close()


TEMPLATE_KINDS = {"people": ("Cán bộ", PEOPLE_COLUMNS), "tenures": ("Chức vụ", TENURE_COLUMNS)}


def template_xlsx(kinds: Sequence[str]) -> bytes:
    """An empty template: an instructions sheet, then one sheet per kind with drop-downs and date cells."""
    book = Book()
    lines = [
        "Mỗi sheet một loại dữ liệu; có thể nhập nhiều sheet trong một tệp. Giữ nguyên dòng tiêu đề (tên cột).",
        "Ngày viết dd/mm/yyyy (ví dụ 25/09/2020); nếu chỉ biết năm sinh, ghi năm (ví dụ 1985).",
        "Có lỗi ở bất kỳ dòng nào thì không dòng nào được ghi; tệp báo lỗi đánh dấu từng ô sai.",
        "Nhập lại cùng một tệp không tạo bản ghi trùng; ô để trống không xóa dữ liệu đã có.",
    ]
    for kind in kinds:
        title, columns = TEMPLATE_KINDS[kind]
        lines.append(f"Sheet '{title}': " + "; ".join(f"{c.header} — {c.note}" for c in columns if c.note))
    book.instructions(lines)
    for kind in kinds:
        title, columns = TEMPLATE_KINDS[kind]
        book.sheet(title, columns, [], template_rows=500)
    return book.close()
