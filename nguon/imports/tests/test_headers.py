"""Finding the header row: title rows, two-row merged headers, spellings, totals and empty rows."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from nguon.imports import headers
from nguon.imports.headers import (
    SKIP_NUMBERING,
    SKIP_SUB_HEADER,
    SKIP_TITLE,
    HeaderSpec,
    SheetMismatch,
    SkippedRow,
    closest_header,
    describe_mismatch,
    header_spec,
    header_without_notes,
    is_empty_row,
    is_totals_row,
    locate_header,
    missing_columns_message,
    normalize_header,
    skipped_rows_note,
)
from nguon.imports.reading import read_workbook

from .workbooks import Serial, SheetSpec, csv_bytes, write_ods, write_xls, write_xlsx, write_xlsx_xlsxwriter

WANTED = {
    "number": ["STT", "Số TT"],
    "name": ["Họ và tên", "Họ tên"],
    "birth_male": ["Ngày sinh Nam"],
    "birth_female": ["Ngày sinh Nữ"],
    "post": ["Chức vụ"],
    "area": ["Mã đơn vị", "Mã ĐVHC"],
}
REQUIRED = ["name", "birth_male", "birth_female"]

# The classic form: two title rows, a blank row, a header whose "Ngày sinh" is merged over "Nam" and
# "Nữ" while "STT", "Họ và tên" and "Chức vụ" are merged down over both header rows, a row of column
# numbers, people, an empty row and a totals row.
CLASSIC = [
    ["UBND PHƯỜNG HOÀN KIẾM", None, None, None, None, None],
    ["DANH SÁCH CÁN BỘ NỮ NHIỆM KỲ 2020-2025", None, None, None, None, None],
    [None, None, None, None, None, None],
    ["STT", "Họ và tên", "Ngày sinh", None, "Chức vụ\n(hiện nay)", "Ghi chú"],
    [None, None, "Nam", "Nữ", None, None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
    [1, "Nguyễn Văn An", dt.date(1985, 3, 4), None, "Bí thư", None],
    [2, "Trần Thị Bình", None, Serial(31110), "Chủ tịch", None],
    [None, None, None, None, None, None],
    [None, "Tổng cộng: 2 người", None, None, None, None],
]
CLASSIC_MERGES = ["A1:F1", "A2:F2", "C4:D4", "A4:A5", "B4:B5", "E4:E5", "F4:F5"]


# ---------------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Họ và tên *", "ho va ten"),
        ("HỌ VÀ TÊN:", "ho va ten"),
        (unicodedata.normalize("NFD", "Họ và tên"), "ho va ten"),
        ("Họ  và\n tên", "ho va ten"),
        ("Họ\u00a0và tên", "ho va ten"),
        ("Đơn vị", "don vi"),
        ("Ngày sinh (dd/mm/yyyy)", "ngay sinh dd mm yyyy"),
        ("Số\r\nTT", "so tt"),
        ("Mã ĐVHC", "ma dvhc"),
        (2020, "2020"),
        (None, ""),
    ],
)
def test_normalize_header(text, expected):
    assert normalize_header(text) == expected


def test_header_without_notes():
    assert header_without_notes("Ngày sinh (dd/mm/yyyy)") == "Ngày sinh"
    assert header_without_notes("Chức vụ [hiện nay] (nếu có)") == "Chức vụ"
    assert header_without_notes("(1)") == ""


# ---------------------------------------------------------------------------------- locate_header


def test_two_row_merged_header_below_title_rows():
    match = locate_header(CLASSIC, WANTED, REQUIRED)
    assert match is not None
    assert (match.top_row_index, match.header_row_index) == (3, 4)
    assert match.data_start_index == 6  # the "(1) (2) …" numbering row is skipped
    assert match.columns == {"number": 0, "name": 1, "birth_male": 2, "birth_female": 3, "post": 4}
    assert match.header_text == {
        "number": "STT",
        "name": "Họ và tên",
        "birth_male": "Ngày sinh Nam",
        "birth_female": "Ngày sinh Nữ",
        "post": "Chức vụ (hiện nay)",  # the note in brackets is ignored for matching, kept for showing
    }
    assert match.unknown_columns == {5: "Ghi chú"}
    assert match.missing_required == []
    assert match.missing_optional == ["area"]


def test_one_row_header_with_title_rows_above():
    rows = [
        ["ĐẢNG BỘ PHƯỜNG", None, None],
        [None, "DANH SÁCH", None],
        ["Số TT", "Họ tên", "Mã đơn vị"],
        [1, "A", 70],
    ]
    match = locate_header(rows, WANTED, ["name"])
    assert match is not None
    assert (match.top_row_index, match.header_row_index, match.data_start_index) == (2, 2, 3)
    assert match.columns == {"number": 0, "name": 1, "area": 2}


def test_a_title_cell_left_of_the_header_is_not_taken_for_a_merged_top():
    rows = [
        ["DANH SÁCH", None, None],
        ["STT", "Họ và tên", "Chức vụ"],
        [1, "A", "B"],
    ]
    match = locate_header(rows, WANTED, ["name"])
    assert match is not None
    assert (match.header_row_index, match.data_start_index) == (1, 2)
    assert match.header_text["name"] == "Họ và tên"


def test_top_cell_with_nothing_below_keeps_its_name_and_sub_headers_take_the_top():
    rows = [
        ["Họ tên", "Ngày sinh", None, "Quê quán", "Thông tin khác", None],
        [None, "Nam", "Nữ", None, "Chức vụ", "Dân tộc"],
        ["A", "1980", None, "Hà Nội", "Phó Bí thư", "Kinh"],
    ]
    wanted = {**WANTED, "home": ["Quê quán"], "ethnicity": ["Dân tộc"]}
    match = locate_header(rows, wanted, REQUIRED)
    assert match is not None
    assert match.columns == {
        "name": 0,
        "birth_male": 1,
        "birth_female": 2,
        "home": 3,
        "post": 4,
        "ethnicity": 5,
    }
    # A sub-header matched on its own shows its own text, not "Thông tin khác Chức vụ".
    assert match.header_text["post"] == "Chức vụ"
    assert match.data_start_index == 2


def test_spellings_vary_in_case_accents_spaces_and_marks():
    rows = [["  SỐ  TT ", "HO VA TEN *", "Chức vụ:", unicodedata.normalize("NFD", "Mã ĐVHC")]]
    match = locate_header(rows, WANTED, ["name"])
    assert match is not None
    assert match.columns == {"number": 0, "name": 1, "post": 2, "area": 3}
    assert match.header_text["name"] == "HO VA TEN *"


def test_missing_required_columns():
    rows = [["STT", "Họ và tên", "Ngày sinh"], [1, "A", "1980"]]
    assert locate_header(rows, WANTED, REQUIRED) is None
    closest = closest_header(rows, WANTED, REQUIRED)
    assert closest is not None
    assert closest.missing_required == ["birth_male", "birth_female"]
    with translation.override("en"):
        message = missing_columns_message(closest.missing_required, WANTED)
    assert message == (
        "Missing columns: 'Ngày sinh Nam', 'Ngày sinh Nữ'. Check that the header row is within the first "
        "15 rows and spelled as in the template."
    )
    assert closest_header([["a", "b"], [1, 2]], WANTED, REQUIRED) is None


def test_header_beyond_max_scan_is_not_found():
    rows = [[None]] * 20 + [["Họ và tên"]]
    assert locate_header(rows, WANTED, ["name"]) is None
    match = locate_header(rows, WANTED, ["name"], max_scan=25)
    assert match is not None
    assert match.header_row_index == 20


def test_duplicate_columns_are_reported():
    rows = [["Họ tên", "Chức vụ", "Họ và tên"], ["A", "B", "A"]]
    match = locate_header(rows, WANTED, ["name"])
    assert match is not None
    assert match.columns == {"name": 0, "post": 1}
    assert match.duplicates == {"name": [2]}
    assert match.unknown_columns == {}


def test_numbering_rows_of_several_styles_are_skipped():
    for numbering in (["1", "2", "3"], [1, 2, 3], ["A", "1", "2"], ["A", "B", "C"], ["(1)", "(2)", None]):
        rows = [["STT", "Họ tên", "Chức vụ"], numbering, [1, "Nguyễn A", "Bí thư"]]
        match = locate_header(rows, WANTED, ["name"])
        assert match is not None
        assert match.data_start_index == 2, numbering
    # A first person is never mistaken for a numbering row.
    for first_person in ([1, "Nguyễn A", "Bí thư"], [1, "A", "B"], [1, "Lê C", 2]):
        rows = [["STT", "Họ tên", "Chức vụ"], first_person]
        assert locate_header(rows, WANTED, ["name"]).data_start_index == 1, first_person  # type: ignore[union-attr]


FIGURES = {"number": ["STT"], "count": ["Số lượng"], "women": ["Nữ"]}


@pytest.mark.parametrize(
    "data",
    [
        [[1, 2, 3], [2, 5, 1]],  # the "STT" column goes on: 1, 2
        [["1", "2", "3"], ["2", "5", "1"]],  # the same from a CSV file
        [[1, 2, 3], [5, 4, 2]],  # figures in every column below: a table of numbers
        [[1, 2, 3]],  # alone: nothing tells it from data, so it is data
        [[1, 2, 3], [None, None, None], ["Tổng cộng", 2, 3]],
    ],
)
def test_a_first_data_row_of_figures_is_not_taken_for_a_numbering_row(data):
    """A first row "1, 2, 3" under "STT | Số lượng | Nữ" is data: it used to be skipped as the column
    numbers, silently."""
    match = locate_header([["STT", "Số lượng", "Nữ"], *data], FIGURES, ["count"])
    assert match is not None
    assert match.data_start_index == 1
    assert match.skipped == []


def test_a_numbering_row_lies_under_the_header_columns_from_the_first():
    """Numbers that do not start under the header's first column, or leave a header column out, are data."""
    for row in ([None, 1, 2], [1, 2, None], [1, None, 2]):
        match = locate_header(
            [["STT", "Họ tên", "Chức vụ"], row, [1, "Nguyễn A", "Bí thư"]], WANTED, ["name"]
        )
        assert match is not None and match.data_start_index == 1, row
    offset = [[None, "STT", "Họ tên", "Chức vụ"], [None, 1, 2, 3], [None, 1, "Nguyễn A", "Bí thư"]]
    match = locate_header(offset, WANTED, ["name"])
    assert match is not None and match.data_start_index == 2
    assert match.skipped == [SkippedRow(2, SKIP_NUMBERING)]


def test_what_the_header_search_skips_is_listed_and_said():
    """Titles above the header, the second header row and the numbering row are listed on the match, and
    a note for the result names them."""
    match = locate_header(CLASSIC, WANTED, REQUIRED)
    assert match is not None
    assert match.skipped == [
        SkippedRow(1, SKIP_TITLE),
        SkippedRow(2, SKIP_TITLE),
        SkippedRow(5, SKIP_SUB_HEADER),
        SkippedRow(6, SKIP_NUMBERING),
    ]
    assert skipped_rows_note(match) == (
        "Các dòng không được đọc là dữ liệu: 1–2 (tiêu đề phía trên dòng tiêu đề cột), "
        "5 (dòng thứ hai của tiêu đề cột), 6 (dòng đánh số cột)."
    )
    assert skipped_rows_note(match, sheet="DS") == (
        "Trang tính 'DS': các dòng không được đọc là dữ liệu: 1–2 (tiêu đề phía trên dòng tiêu đề cột), "
        "5 (dòng thứ hai của tiêu đề cột), 6 (dòng đánh số cột)."
    )
    plain = locate_header([["Họ tên"], ["An"]], WANTED, ["name"])
    assert plain is not None and plain.skipped == [] and skipped_rows_note(plain) is None


# ---------------------------------------------------------------------------------- not recognised

PEOPLE_SPEC = HeaderSpec(
    "Cán bộ",
    {"code": ["Mã cán bộ"], "name": ["Họ và tên", "Họ tên"], "ethnicity": ["Dân tộc"], "sex": ["Giới tính"]},
    required=["name", "ethnicity"],
)
TENURE_SPEC = HeaderSpec(
    "Chức vụ",
    {"code": ["Mã cán bộ"], "name": ["Họ và tên"], "post": ["Chức danh", "Chức vụ"], "start": ["Từ ngày"]},
    required=["post", "start"],
    required_any=[["code", "name"]],
)


def test_an_unrecognised_sheet_is_described_by_the_closest_kind_and_what_it_lacked():
    rows = [["DANH SÁCH"], [None], ["STT", "Họ tên", "Giới tính", "Quê quán"], [1, "An", "Nam", "Huế"]]
    mismatch = describe_mismatch("Sheet1", rows, [TENURE_SPEC, PEOPLE_SPEC])
    assert mismatch == SheetMismatch(
        "Sheet1",
        "Cán bộ",
        3,
        found=["Họ tên", "Giới tính"],
        missing=["Dân tộc"],
        kinds=["Chức vụ", "Cán bộ"],
    )
    assert mismatch.message() == (
        "Trang tính 'Sheet1' không được đọc là 'Cán bộ': dòng tiêu đề cột (dòng 3) thiếu các cột bắt buộc "
        "'Dân tộc' (đã thấy: 'Họ tên', 'Giới tính')."
    )
    tenures = describe_mismatch("CV", [["Chức vụ", "Ghi chú"]], [PEOPLE_SPEC, TENURE_SPEC])
    assert (tenures.kind, tenures.missing) == ("Chức vụ", ["Từ ngày", "Mã cán bộ / Họ và tên"])


def test_a_sheet_naming_no_column_of_any_kind_says_what_it_holds():
    rows = [[None], [None, 2020, 2021], [None, "Chỉ tiêu", "Kết quả", "x" * 60]]
    mismatch = describe_mismatch("Biểu 1", rows, [PEOPLE_SPEC, TENURE_SPEC])
    assert (mismatch.kind, mismatch.seen) == (None, ["Chỉ tiêu", "Kết quả", "x" * 40])
    assert mismatch.message() == (
        "Không nhận ra trang tính 'Biểu 1': 15 dòng đầu không có cột nào của 'Cán bộ', 'Chức vụ' "
        f"(dòng đầu tiên có chữ ghi: 'Chỉ tiêu', 'Kết quả', '{'x' * 40}')."
    )
    numbers_only = describe_mismatch("S", [[1, 2]], [PEOPLE_SPEC])
    assert (
        numbers_only.message() == "Không nhận ra trang tính 'S': 15 dòng đầu không có cột nào của 'Cán bộ'."
    )


def test_header_spec_of_the_importers_kinds():
    from nguon.imports.kinds import KINDS

    specs = [header_spec(kind) for kind in KINDS]
    assert [spec.label for spec in specs] == ["Cán bộ", "Chức vụ"]
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"], ["An", "1980", "Nam"]]
    mismatch = describe_mismatch("DS", rows, specs)
    assert mismatch.kind == "Cán bộ"
    assert "Dân tộc" in mismatch.missing


@pytest.mark.parametrize("writer", [write_xlsx, write_xlsx_xlsxwriter, write_xls, write_ods])
def test_merged_header_read_from_each_format(tmp_path: Path, writer):
    merges = CLASSIC_MERGES if writer is not write_ods else ["A1:F1", "A2:F2", "C4:D4"]
    path = writer(
        tmp_path / f"f.{ {write_xls: 'xls', write_ods: 'ods'}.get(writer, 'xlsx') }",
        [SheetSpec("DS", CLASSIC, merges)],
    )
    rows = read_workbook(path.read_bytes(), path.name).sheets[0].rows
    match = locate_header(rows, WANTED, REQUIRED)
    assert match is not None
    assert match.columns == {"number": 0, "name": 1, "birth_male": 2, "birth_female": 3, "post": 4}
    body = [row for row in rows[match.data_start_index :] if not is_empty_row(row) and not is_totals_row(row)]
    assert [row[1] for row in body] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_header_from_a_csv_file():
    data = csv_bytes(
        [
            ["DANH SÁCH"],
            [],
            ["STT", "Họ và tên", "Ngày sinh", ""],
            ["", "", "Nam", "Nữ"],
            ["1", "A", "1980", ""],
        ]
    )
    rows = read_workbook(data, "ds.csv").sheets[0].rows
    match = locate_header(rows, WANTED, REQUIRED)
    assert match is not None
    assert (match.header_row_index, match.data_start_index) == (3, 4)


# -------------------------------------------------------------------------------- totals, empties


@pytest.mark.parametrize(
    "row",
    [
        [None, "Tổng cộng"],
        [None, "TỔNG CỘNG: 25 người"],
        ["Tổng số", 25],
        ["Tổng", None, 3],
        [None, "Cộng:", 12],
        [None, "Cộng"],
        [None, unicodedata.normalize("NFD", "Tổng cộng")],
        [None, "Tong cong"],
        ["TONG SO 25 NGUOI"],
        [None, "Tong: 25"],
        [None, "Cong"],
        [12, "Tổng cộng"],  # a number before the text is skipped
    ],
)
def test_totals_rows(row):
    assert is_totals_row(row)


@pytest.mark.parametrize(
    "row",
    [
        [1, "Tống Thị Lan"],  # a family name, not "Tổng"
        [1, "Tong Thi Lan"],  # the same without diacritics
        [2, "Công Văn Minh"],
        [3, "Cong Van Minh"],
        [4, "Nguyễn Văn Tổng"],  # only the first text cell counts
        [None, None],
        [],
        [25, 30],
    ],
)
def test_not_totals_rows(row):
    assert not is_totals_row(row)


def _totals_reference(row):
    """is_totals_row before its fast path: every first text cell cleaned and folded."""
    for value in row:
        if not isinstance(value, str):
            continue
        text = headers.clean_cell_text(value)
        if not text:
            continue
        lowered = unicodedata.normalize("NFC", text).casefold()
        if headers._TOTALS_WITH_MARKS.match(lowered):
            return True
        if lowered.isascii():
            return headers._TOTALS_FOLDED.fullmatch(normalize_header(text)) is not None
        return False
    return False


totals_texts = st.one_of(
    st.text(max_size=10),
    st.builds(
        "".join,
        st.lists(st.sampled_from(["'", " ", "\u00a0", "\u200b", "(", "*", "-", "Tổng", "TONG", "cộng", "Cong",
                                  " so", ":", "1", "Tống", "x", "\u0301"]), max_size=5),
    ),
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(row=st.lists(st.one_of(st.none(), st.integers(), totals_texts), max_size=4))
def test_totals_fast_path_agrees_with_reading_every_cell(row):
    assert is_totals_row(row) == _totals_reference(row)


def test_empty_rows():
    assert is_empty_row([])
    assert is_empty_row([None, "", "   ", "\u00a0", "\u200b", "\n"])
    assert not is_empty_row([None, 0])
    assert not is_empty_row([False])
    assert not is_empty_row(["."])


# ---------------------------------------------------------------------------------- translations


def test_vietnamese_wording_is_ready_for_the_catalogue():
    msgid = (
        "Missing columns: %(columns)s. Check that the header row is within the first %(rows)s rows "
        "and spelled as in the template."
    )
    assert headers.VI_TRANSLATIONS[msgid] == (
        "Thiếu cột: %(columns)s. Kiểm tra xem dòng tiêu đề có nằm trong %(rows)s dòng đầu tiên "
        "và được viết đúng như trong mẫu không."
    )
    for english, vietnamese in headers.VI_TRANSLATIONS.items():
        assert sorted(re.findall(r"%\(\w+\)s", english)) == sorted(re.findall(r"%\(\w+\)s", vietnamese))
    with translation.override("vi"):
        for english, vietnamese in headers.VI_TRANSLATIONS.items():
            assert translation.gettext(english) == vietnamese, english


# ---------------------------------------------------------------------------------------- fuzzing

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.times(),
    st.sampled_from(["Họ tên", "Ngày sinh", "Nam", "Nữ", "STT", "(1)", "Tổng cộng", "Tống", "", " "]),
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cells, max_size=7), max_size=8))
def test_header_functions_never_fail(rows):
    match = locate_header(rows, WANTED, ["name"])
    if match is not None:
        assert "name" in match.columns
        assert match.data_start_index > match.header_row_index >= match.top_row_index
        assert all(1 <= s.row <= match.data_start_index for s in match.skipped)
        skipped_rows_note(match)
    describe_mismatch("S", rows, [PEOPLE_SPEC, TENURE_SPEC], max_scan=5).message()
    closest_header(rows, WANTED, REQUIRED, max_scan=5)
    for row in rows:
        is_totals_row(row)
        is_empty_row(row)
        for value in row:
            assert isinstance(normalize_header(value), str)
