"""The Excel annex: each table on its own sheet with its raw values, the figures, and the people behind them
that the reader may see — the others counted, never named."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import load_workbook

from nguon.reports.context import Column, ReportContext, Section, Table
from nguon.reports.renderers.xlsx import Names, render_annex

from .test_docx import sample_report, ward_table


def book(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def rows(sheet) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def with_tables(*tables: Table) -> ReportContext:
    context = sample_report()
    return ReportContext(**{**context.__dict__, "sections": (Section("t", "BẢNG", "I.", blocks=tables),)})


def test_each_table_on_its_sheet_with_raw_values() -> None:
    workbook = book(render_annex(sample_report()))
    assert workbook.sheetnames == ["Bảng 1. Tỷ lệ nữ cấp ủy viên cơ", "Số liệu", "Danh sách"]
    table = rows(workbook.worksheets[0])
    assert table[0] == ("STT", "Phường", "Tổng số", "Nữ", "Tỷ lệ nữ (%)")
    assert table[1] == (1, "Phường Hàng Bạc", 34, 12, 35.3)
    assert table[-1] == (None, "Tổng cộng", 615, 205, 33.3)  # a share as a number, not "33,3"
    assert workbook.worksheets[0]["C2"].number_format == "#,##0"
    assert workbook.worksheets[0]["E2"].number_format == "#,##0.0"


def test_sheet_names_short_unique_and_legal() -> None:
    dated = Table(
        "dated",
        "Bảng 2: Danh sách [tạm] các lớp tập huấn / bồi dưỡng",
        (Column("Ngày", "date"), Column("Lớp")),
        rows=(("25/09/2020", "Lớp 1"),),
        values=((dt.date(2020, 9, 25), "Lớp 1"),),
    )
    same = Table("same", ward_table().caption, ward_table().columns, ward_table().rows)  # no raw values
    workbook = book(render_annex(with_tables(ward_table(), same, dated)))
    names = workbook.sheetnames
    assert len(set(n.casefold() for n in names)) == len(names)
    assert all(len(n) <= 31 for n in names)
    assert names[1].endswith(" (2)")
    assert names[2] == "Bảng 2  Danh sách  tạm  các lớp"
    assert rows(workbook.worksheets[1])[1] == ("1", "Phường Hàng Bạc", "34", "12", "35,3")  # the display rows
    assert rows(workbook.worksheets[2])[1][0] == dt.datetime(2020, 9, 25)
    assert Names({"Số liệu"}).take("số liệu") == "số liệu (2)"


def test_figures_sheet() -> None:
    figures = rows(book(render_annex(sample_report()))["Số liệu"])
    assert figures[0] == (
        "Nội dung",
        "Giá trị",
        "Cách viết trong báo cáo",
        "Đơn vị",
        "Số người",
        "Mã số liệu",
    )
    assert figures[1] == ("Tỷ lệ nữ cấp ủy viên cơ sở", 33.3, "hơn 33%", "%", 5, "representation.grassroots")
    assert figures[2] == ("Tổng số hoạt động", 140, "140", "hoạt động", None, "activities.total")


def test_people_sheet_names_only_the_readable() -> None:
    asked: list[list[int]] = []

    def readable(ids: Iterable[int]) -> set[int]:
        asked.append(list(ids))
        return {1, 99}  # 99: not behind any figure, never shown

    people = rows(book(render_annex(sample_report(), readable=readable))["Danh sách"])
    assert asked == [[1, 2]]
    assert people == [
        ("STT", "Số liệu", "Họ và tên", "Số người không nêu tên"),
        (1, "Tỷ lệ nữ cấp ủy viên cơ sở", "Nguyễn Thị An", None),
        (None, "Tỷ lệ nữ cấp ủy viên cơ sở", None, 4),  # Trần Thị Bình and the 3 hidden: counted
    ]
    data = render_annex(sample_report(), readable=readable)
    assert b"Tr\xe1\xba\xa7n Th\xe1\xbb\x8b B\xc3\xacnh" not in _unzipped(data)


def test_people_sheet_without_a_filter_names_the_context() -> None:
    people = rows(book(render_annex(sample_report()))["Danh sách"])
    assert [r[2] for r in people[1:]] == ["Nguyễn Thị An", "Trần Thị Bình", None]
    assert people[-1][3] == 3


def test_a_figure_without_data() -> None:
    context = sample_report()
    from nguon.reports.context import Figure

    empty = Figure("none", "Chưa có số liệu", None, "—")
    decimal = Figure("d", "Số thập phân", Decimal("2.5"), "2,5")
    context = ReportContext(**{**context.__dict__, "figures": (empty, decimal)})
    figures = rows(book(render_annex(context))["Số liệu"])
    assert figures[1][:3] == ("Chưa có số liệu", None, "—")
    assert figures[2][1] == 2.5


def _unzipped(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist())
