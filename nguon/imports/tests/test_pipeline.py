"""The pipeline's promises: a bounded error list with exact counts, whatever was skipped said, errors on the
cell to change, the tenure rule on every update, unreadable files not archived, and pinned query counts."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from nguon.accounts.tests.factories import national_user
from nguon.imports.models import ImportRecord
from nguon.imports.pipeline import import_file
from nguon.imports.report import error_workbook
from nguon.imports.tests.test_services import PEOPLE_HEAD, TENURE_HEAD, areas, good_book, snapshot, xlsx  # noqa: F401
from nguon.organizations.models import Tenure

D = dt.date


def person(name: str, birth: object = "12/03/1985", sex: str = "Nữ") -> list[object]:
    return ["", name, birth, sex, "Kinh", "", "", ""]


def test_many_errors_keep_a_bounded_list_and_exact_counts(areas):  # noqa: F811
    """1.334 bad birth dates and 1.334 bad sexes: the first 100 of each column are kept, in the result, the
    JSON and the stored record, with the exact count of the others ("… và 1.234 lỗi khác ở cột …")."""
    rows = [PEOPLE_HEAD] + [person(f"Nguyễn Văn {i}", "31/02/1985", "x") for i in range(1334)]
    result = import_file(data=xlsx({"Cán bộ": rows}), filename="loi.xlsx")
    assert result.errors.total == 2668
    assert len(result.errors) == 200
    assert sorted((o.column, o.count) for o in result.errors.omitted()) == [
        ("Giới tính", 1234),
        ("Ngày sinh", 1234),
    ]
    texts = sorted(o.text() for o in result.errors.omitted())
    assert texts == [
        "Sheet 'Cán bộ': … và 1.234 lỗi khác ở cột 'Giới tính'",
        "Sheet 'Cán bộ': … và 1.234 lỗi khác ở cột 'Ngày sinh'",
    ]
    assert [e.row for e in result.errors][:4] == [2, 2, 3, 3]  # the first rows, in the workbook's order
    record = result.record
    assert len(record.errors) == 200 and record.details["error_count"] == 2668
    assert sorted(o["count"] for o in record.details["omitted"]) == [1234, 1234]
    data = result.as_dict()
    assert len(data["errors"]) == 200 and data["error_count"] == 2668
    assert {(o["column"], o["count"]) for o in data["errors_omitted"]} == {
        ("Giới tính", 1234),
        ("Ngày sinh", 1234),
    }


def test_cli_prints_the_counts_of_errors_not_listed(areas, tmp_path):  # noqa: F811
    rows = [PEOPLE_HEAD, [1, 2, 3, 4, 5, 6, 7, 8]] + [
        person(f"Nguyễn Văn {i}", "31/02/1985") for i in range(150)
    ]
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx({"Cán bộ": rows}))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import", str(path), stdout=out)
    text = out.getvalue()
    assert "Không nhập: 150 lỗi; không có gì được ghi." in text
    assert "Sheet 'Cán bộ': … và 50 lỗi khác ở cột 'Ngày sinh'" in text
    assert text.count("không phải ngày hợp lệ") == 100
    assert (
        "Trang tính 'Cán bộ': các dòng không được đọc là dữ liệu: 2 (dòng đánh số cột)." in text
    )  # with errors too


def test_what_is_skipped_is_said_even_with_errors(areas):  # noqa: F811
    """Title rows, a row of column numbers, a totals row, a hidden sheet and a sheet not recognised are each
    named in the notes, beside the errors."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Cán bộ"
    for row in [
        ["DANH SÁCH CÁN BỘ"],
        PEOPLE_HEAD,
        [1, 2, 3, 4, 5, 6, 7, 8],
        person("Nguyễn Thị Hoa", "31/02/1985"),
        ["Tổng cộng", 1],
    ]:
        sheet.append(row)
    book.create_sheet("Ẩn").sheet_state = "hidden"
    book.create_sheet("Ghi chú").append(["Họ và tên", "Ghi chú"])
    out = io.BytesIO()
    book.save(out)
    result = import_file(data=out.getvalue(), filename="x.xlsx")
    assert not result.ok
    assert result.notes == [
        "Trang tính 'Cán bộ': các dòng không được đọc là dữ liệu: 1 (tiêu đề phía trên dòng tiêu đề cột), "
        "3 (dòng đánh số cột).",
        "Đã bỏ qua sheet ẩn 'Ẩn'.",
        # the closest kind is named: the participants' sheet, which has both of its headers
        "Trang tính 'Ghi chú' không được đọc là 'Học viên': dòng tiêu đề cột (dòng 1) thiếu các cột bắt buộc "
        "'Khóa học', 'Từ ngày' (đã thấy: 'Họ và tên', 'Ghi chú').",
        "Sheet 'Cán bộ': dòng 5 giống dòng tổng cộng nên đã bỏ qua.",
    ]
    assert result.record.details["notes"] == result.notes


def test_no_sheet_read_names_each_sheet_and_what_it_lacks(areas):  # noqa: F811
    data = xlsx({"Trang 1": [["Họ và tên", "Ngày sinh"]], "Trang 2": [["Tổ chức", "Chức danh", "Từ ngày"]]})
    result = import_file(data=data, filename="x.xlsx", dry_run=True)
    assert [e.text() for e in result.errors] == [
        "Không sheet nào của tệp đọc được như sheet 'Cán bộ' hoặc 'Chức vụ'. "
        "Trang tính 'Trang 1' không được đọc là 'Cán bộ': dòng tiêu đề cột (dòng 1) thiếu các cột bắt buộc "
        "'Dân tộc', 'Trình độ chuyên môn', 'Lý luận chính trị', 'Ngày vào Đảng', 'Giới tính / Ngày sinh Nam' "
        "(đã thấy: 'Họ và tên', 'Ngày sinh'). "
        "Trang tính 'Trang 2' không được đọc là 'Chức vụ': dòng tiêu đề cột (dòng 1) thiếu các cột bắt buộc "
        "'Mã địa bàn', 'Cơ quan', 'Nhiệm kỳ', 'Đến ngày', 'Hình thức', 'Mã cán bộ / Họ và tên' "
        "(đã thấy: 'Tổ chức', 'Chức danh', 'Từ ngày')."
    ]


def tenure_row(start: str, end: str, **changes: str) -> list[object]:
    row = dict(
        zip(
            TENURE_HEAD,
            ["", "Trần Văn Nam", "01/07/1979", "00061", "UBND phường Hàng Bạc", "", "Chủ tịch UBND phường", "",
             start, end, "Bổ nhiệm"],
            strict=True,
        )
    )  # fmt: skip
    row.update(changes)
    return list(row.values())


def test_end_before_start_is_marked_on_the_end_date(areas, tmp_path):  # noqa: F811
    """The end date is what the officer typed last: the error is on its cell, in the JSON and in the
    returned workbook."""
    assert import_file(data=good_book(), filename="a.xlsx").ok
    data = xlsx({"Chức vụ": [TENURE_HEAD, tenure_row("01/01/2024", "01/01/2023")]})
    result = import_file(data=data, filename="b.xlsx")
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Chức vụ", 2, "Đến ngày")]
    assert result.errors[0].message == "Ngày kết thúc 01/01/2023 trước ngày bắt đầu 01/01/2024."
    sheet = load_workbook(io.BytesIO(error_workbook(data, "b.xlsx", list(result.errors))))["Chức vụ"]
    assert sheet.cell(2, TENURE_HEAD.index("Đến ngày") + 1).fill.start_color.rgb.endswith("FFC7CE")
    assert not sheet.cell(2, TENURE_HEAD.index("Từ ngày") + 1).fill.start_color.rgb.endswith("FFC7CE")


def test_a_bad_date_under_nu_is_marked_on_the_nu_column(areas):  # noqa: F811
    """In the two-column birth form, a bad date written under "Nữ" is the "Nữ" cell's error."""
    head = ["Họ và tên", "Ngày sinh Nam", "Ngày sinh Nữ", "Dân tộc", "Trình độ chuyên môn", "Lý luận chính trị",
            "Ngày vào Đảng"]  # fmt: skip
    data = xlsx({"Cán bộ": [head, ["Nguyễn Thị Hoa", "", "31/02/1985", "Kinh", "", "", ""],
                            ["Trần Văn Nam", "31/02/1979", "", "Kinh", "", "", ""]]})  # fmt: skip
    result = import_file(data=data, filename="x.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Ngày sinh Nữ"), (3, "Ngày sinh Nam")]
    sheet = load_workbook(io.BytesIO(error_workbook(data, "x.xlsx", list(result.errors))))["Cán bộ"]
    assert sheet.cell(2, 3).fill.start_color.rgb.endswith("FFC7CE")
    assert not sheet.cell(2, 2).fill.start_color.rgb.endswith("FFC7CE")


def test_updating_a_tenure_goes_through_the_tenure_rule(areas):  # noqa: F811
    """A registered tenure given a term of another body than its post's is refused, though its end date
    does not change (the importer validated only a changed end date)."""
    assert import_file(data=good_book(), filename="a.xlsx").ok
    tenure = Tenure.objects.get(person__code="CB001")
    row = [
        "CB001", "", "", "00061", "Đảng bộ phường Hàng Bạc", "Ban Thường vụ Đảng ủy phường Hàng Bạc",
        "Ủy viên Ban Chấp hành", "2020-2025", "15/05/2020", "", "Bầu",
    ]  # fmt: skip
    before = snapshot()
    result = import_file(data=xlsx({"Chức vụ": [TENURE_HEAD, row]}), filename="b.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Nhiệm kỳ")], [e.text() for e in result.errors]
    assert "không phải là nhiệm kỳ của" in result.errors[0].message
    assert snapshot() == before
    tenure.refresh_from_db()
    assert tenure.term.body.name == "Ban Chấp hành Đảng bộ phường Hàng Bạc"


@pytest.mark.parametrize("name", ["ngau-nhien.xlsx", "ngau-nhien.csv", "ngau-nhien.ods"])
def test_an_unreadable_file_is_refused_and_not_archived(db, name):
    """Bytes that are no spreadsheet: refused with a message, the record keeps the name, size and hash but
    not the file."""
    data = bytes(range(256)) * 64
    result = import_file(data=data, filename=name)
    record = ImportRecord.objects.get()
    assert record.status == "refused" and record.size == len(data) and bytes(record.content) == b""
    assert record.details["readable"] is False
    assert not result.ok and not result.readable


def test_cli_json_carries_the_notes(areas, tmp_path):  # noqa: F811
    book = xlsx({"Cán bộ": [PEOPLE_HEAD, [1, 2, 3, 4, 5, 6, 7, 8], person("Nguyễn Thị Hoa")]})
    path = tmp_path / "a.xlsx"
    path.write_bytes(book)
    out = io.StringIO()
    call_command("import", str(path), "--dry-run", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["Cán bộ"]["people"]["created"] == 1 and data["error_count"] == 0
    assert data["notes"] == ["Trang tính 'Cán bộ': các dòng không được đọc là dữ liệu: 2 (dòng đánh số cột)."]


def test_import_of_a_small_workbook_makes_a_fixed_number_of_queries(areas, django_assert_num_queries):  # noqa: F811
    """Three people and three tenures into an empty registry, then the same file again: the queries are
    pinned, so that no per-row query creeps in."""
    from django.db import connection

    first, again = QUERIES[connection.vendor]
    data = good_book()
    with django_assert_num_queries(first):
        assert import_file(data=data, filename="a.xlsx").ok
    with django_assert_num_queries(again):
        assert not import_file(data=data, filename="a.xlsx").changed


#: (first import, the same file again) by database: they differ by how each inserts rows and ids
QUERIES = {"sqlite": (76, 33), "postgresql": (55, 29)}


def test_the_command_speaks_vietnamese():
    """``nguon import --help`` and its options are translated like the rest of the product."""
    from importlib import import_module

    command = import_module("nguon.imports.management.commands.import").Command()
    text = command.create_parser("nguon", "import").format_help()
    assert "Nhập một tệp bảng tính" in text and "Kiểm tra và đếm; không ghi gì" in text


def test_what_the_reader_says_of_the_file_reaches_the_result(areas, tmp_path):  # noqa: F811
    """A Windows-1258 CSV is read with a note; an Excel 2-4 file and a password-protected .xls are refused
    with what they are and what to do, in the result and the command's output."""
    from nguon.imports.tests.test_reading import biff2_to_4, biff8_stream, compound_file
    from nguon.imports.tests.workbooks import csv_bytes

    rows = [PEOPLE_HEAD, person("Nguyễn Thị Hoa"), person("Trần Văn Nam", "01/07/1979", "Nam")]
    result = import_file(data=csv_bytes(rows, encoding="cp1258"), filename="can-bo.csv", dry_run=True)
    assert result.ok and result.counts["can-bo"]["people"]["created"] == 2
    assert any("Windows-1258" in note for note in result.notes), result.notes
    old = import_file(data=biff2_to_4(4), filename="cu.xls", dry_run=True)
    assert [e.message for e in old.errors] == [
        "Tệp 'cu.xls' là tệp Excel 2–4 (định dạng rất cũ), không đọc được: hãy mở bằng Excel và lưu thành .xlsx."
    ]
    path = tmp_path / "khoa.xls"
    path.write_bytes(compound_file({"Workbook": biff8_stream(encrypted=True)}))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import", str(path), "--dry-run", stdout=out)
    assert "mật khẩu" in out.getvalue()


def test_a_check_kept_for_confirmation_then_imported_is_one_record(areas, django_user_model):  # noqa: F811
    """The web flow: the check keeps the file as a pending record; the confirmed import puts its outcome in
    that record (no second copy); if the pending record was removed meanwhile, a new one is kept."""
    user = national_user("canbo")
    data = good_book()
    pending = import_file(data=data, filename="a.xlsx", acting_user=user, dry_run=True, pending=True).record
    assert pending.status == "dry_run" and bytes(pending.content) == data
    result = import_file(data=data, filename="a.xlsx", acting_user=user, confirming=pending)
    assert result.record.pk == pending.pk and ImportRecord.objects.get().status == "imported"
    again = import_file(data=data, filename="a.xlsx", acting_user=user, dry_run=True, pending=True).record
    ImportRecord.objects.filter(pk=again.pk).delete()
    late = import_file(data=data, filename="a.xlsx", acting_user=user, confirming=again).record
    assert late.pk != again.pk and late.status == "unchanged" and bytes(late.content) == data


@pytest.mark.parametrize("chunk", [1, 5000])
def test_rows_naming_a_person_whose_row_was_bad_repeat_no_error(areas, monkeypatch, chunk):  # noqa: F811
    """A person row with a bad cell (twice, in one chunk or in two) is reported; the tenure rows naming that
    person are not reported again as naming nobody, however the rows fall into chunks."""
    from nguon.imports import pipeline

    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    bad = person("Nguyễn Thị Hoa", "31/02/1985")
    data = xlsx(
        {
            "Cán bộ": [PEOPLE_HEAD, bad, bad],
            "Chức vụ": [TENURE_HEAD, tenure_row("01/01/2020", "", **{"Họ và tên": "Nguyễn Thị Hoa",
                                                                        "Ngày sinh": "12/03/1985"})],
        }
    )  # fmt: skip
    result = import_file(data=data, filename="x.xlsx", dry_run=True)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("Cán bộ", 2, "Ngày sinh"),
        ("Cán bộ", 3, "Ngày sinh"),
    ]
