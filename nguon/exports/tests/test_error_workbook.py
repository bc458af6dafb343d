"""The error workbook: the user's own file back with the cell of each error in red, whatever the file."""

from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from nguon.core.xlsx import XLSX
from nguon.imports.report import ErrorWorkbookExporter, error_workbook
from nguon.imports.tests.workbooks import SheetSpec, write_xlsx

RED = "FFC7CE"


@dataclass
class Err:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def text(self) -> str:
        return f"{self.sheet} {self.row} {self.column}: {self.message}"


def _book(rows: list[list[object]], merge: str | None = None) -> bytes:
    spec = SheetSpec("Cán bộ", rows, [merge] if merge else [])
    with tempfile.TemporaryDirectory() as folder:
        return write_xlsx(Path(folder) / "in.xlsx", [spec]).read_bytes()


def _red(cell: object) -> bool:
    return str(cell.fill.fgColor.rgb).endswith(RED)  # type: ignore[attr-defined]


def test_the_cell_under_a_merged_two_row_header_is_marked():
    """A bad date under "Nữ" of the two-column birth form ("Ngày sinh" merged over "Nam" | "Nữ") marks the
    "Nữ" cell of that row, not the "Nam" one; the error column says what is wrong."""
    data = _book(
        [
            ["Họ và tên", "Ngày sinh", None, "Dân tộc"],
            [None, "Nam", "Nữ", None],
            ["Nguyễn Thị Hoa", None, "31/02/1985", "Kinh"],
        ],
        merge="B1:C1",
    )
    errors = [Err("Cán bộ", 3, "Ngày sinh Nữ", "'31/02/1985' không phải ngày hợp lệ")]
    sheet = load_workbook(io.BytesIO(error_workbook(data, "x.xlsx", errors)))["Cán bộ"]
    assert _red(sheet["C3"]) and not _red(sheet["B3"]) and not _red(sheet["A3"])
    assert sheet["E1"].value == "Lỗi" and sheet["E1"].font.b
    assert "không phải ngày hợp lệ" in sheet["E3"].value and _red(sheet["E3"])


def test_an_error_on_the_header_row_marks_the_header_cell():
    """An error about a header (reported on its own row) marks that header cell."""
    data = _book([["Họ và tên", "Giới tính"], ["Nguyễn Thị Hoa", "x"]])
    errors = [
        Err("Cán bộ", 1, "Giới tính", "cột trùng"),
        Err("Cán bộ", 2, "Giới tính", "không phải giới tính"),
    ]
    sheet = load_workbook(io.BytesIO(error_workbook(data, "x.xlsx", errors)))["Cán bộ"]
    assert _red(sheet["B1"]) and _red(sheet["B2"]) and not _red(sheet["A2"])


def test_a_csv_with_a_long_name_and_control_characters_gets_its_marks():
    """A CSV's sheet is named after the file, which may be longer than Excel's 31 characters; a cell may
    hold control characters a workbook cannot: the copy still marks the cell and keeps the text."""
    name = "Danh sách cán bộ phường Hàng Bạc năm 2025.csv"
    data = "Họ và tên,Ngày sinh\nNguyễn Thị\x0bHoa,31/02/1985\n".encode()
    errors = [Err(name.removesuffix(".csv"), 2, "Ngày sinh", "không phải ngày hợp lệ")]
    book = load_workbook(io.BytesIO(error_workbook(data, name, errors)))
    sheet = book.worksheets[0]
    assert _red(sheet["B2"]) and sheet["A2"].value == "Nguyễn ThịHoa"
    assert sheet["C2"].value.startswith("Ngày sinh: không phải")


def test_a_file_that_cannot_be_read_gets_the_list_of_its_errors():
    """A damaged upload still gets a report (never a server error): a workbook listing its errors."""
    errors = [Err("", None, None, "Tệp bị hỏng")]
    rendered = ErrorWorkbookExporter(b"PK\x03\x04 not a zip", "Danh sách.xlsx", errors).render()
    assert rendered.filename == "Danh sách-lỗi.xlsx" and rendered.content_type == XLSX
    book = load_workbook(io.BytesIO(rendered.data))
    assert book.sheetnames == ["Lỗi"] and "Tệp bị hỏng" in book["Lỗi"]["A1"].value


def test_errors_of_a_sheet_the_copy_lacks_are_listed_not_lost():
    """An error naming a sheet the workbook does not have goes to the list at the front."""
    data = _book([["Họ và tên"], ["Hoa"]])
    errors = [Err("Chức vụ", 2, "Từ ngày", "thiếu")]
    book = load_workbook(io.BytesIO(error_workbook(data, "x.xlsx", errors)))
    assert book.sheetnames[0] == "Lỗi" and "thiếu" in book["Lỗi"]["A1"].value


def test_a_csv_named_with_characters_excel_refuses_in_sheet_titles_still_gets_its_marks():
    """ "Cán bộ [2025].csv": its sheet is named after the file, brackets and all; the copy's sheet title
    cannot hold them, the marks are still made on it."""
    name = "Cán bộ [2025].csv"
    data = "Họ và tên,Ngày sinh\nNguyễn Thị Hoa,31/02/1985\n".encode()
    book = load_workbook(
        io.BytesIO(error_workbook(data, name, [Err("Cán bộ [2025]", 2, "Ngày sinh", "sai")]))
    )
    assert book.sheetnames == ["Cán bộ _2025_"] and _red(book.worksheets[0]["B2"])


def test_the_import_command_marks_the_cell_the_officer_must_change(db, tmp_path):
    """End to end: ``nguon import --errors`` on the two-column birth form with a bad date under "Nữ" marks
    that "Nữ" cell in the returned workbook."""
    from django.core.management import call_command

    head = [
        "Họ và tên",
        "Ngày sinh",
        None,
        "Dân tộc",
        "Trình độ chuyên môn",
        "Lý luận chính trị",
        "Ngày vào Đảng",
    ]
    rows = [head, [None, "Nam", "Nữ"], ["Nguyễn Thị Hoa", None, "31/02/1985", "Kinh"]]
    source, marked = tmp_path / "hai-cot.xlsx", tmp_path / "loi.xlsx"
    source.write_bytes(_book(rows, merge="B1:C1"))
    with contextlib.suppress(SystemExit):
        call_command("import", str(source), "--errors", str(marked), stdout=io.StringIO())
    sheet = load_workbook(marked)["Cán bộ"]
    assert _red(sheet["C3"]) and not _red(sheet["B3"])
