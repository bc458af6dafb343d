"""Reading uploaded files: every format, hidden sheets, absolute positions, encodings, broken files."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import shutil
import subprocess
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference

from nguon.imports import reading
from nguon.imports.headers import is_empty_row, is_totals_row, locate_header
from nguon.imports.parsing import clean_cell_text, parse_date, sex_from_split_birth_columns
from nguon.imports.reading import RawSheet, find_mojibake, read_workbook, repair_mojibake, sniff_delimiter

from .workbooks import (
    Serial,
    SheetSpec,
    csv_bytes,
    mojibake,
    write_ods,
    write_xls,
    write_xlsx,
    write_xlsx_xlsxwriter,
)

NFD = "NFD"

PEOPLE = [
    ["UBND PHƯỜNG HOÀN KIẾM", None, None, None, None],
    ["DANH SÁCH CÁN BỘ", None, None, None, None],
    [None, None, None, None, None],
    ["STT", "Họ và tên", "Ngày sinh", None, "Chức vụ"],
    [None, None, "Nam", "Nữ", None],
    [1, unicodedata.normalize(NFD, "Nguyễn  Văn An"), dt.date(1985, 3, 4), None, "'Bí thư"],
    [2, "Trần\u00a0Thị Bình ", None, Serial(31110), "Chủ tịch"],
    [3, "Lê Thị Cúc", None, "04/03/1990", "Phó Chủ tịch"],
    [4, "Phạm Văn Dũng", "4/3/85", None, None],
    [5, "Hoàng Thị Em", None, 1975, None],
    [None, None, None, None, None],
    [None, "Tổng cộng", None, None, None],
]
PEOPLE_MERGES = ["A1:E1", "A2:E2", "C4:D4", "A4:A5", "B4:B5", "E4:E5"]
WANTED = {
    "number": ["STT"],
    "name": ["Họ và tên", "Họ tên"],
    "birth_male": ["Ngày sinh Nam"],
    "birth_female": ["Ngày sinh Nữ"],
    "post": ["Chức vụ"],
}
EXPECTED_PEOPLE = [
    ("Nguyễn Văn An", "M", dt.date(1985, 3, 4), "Bí thư"),
    ("Trần Thị Bình", "F", dt.date(1985, 3, 4), "Chủ tịch"),
    ("Lê Thị Cúc", "F", dt.date(1990, 3, 4), "Phó Chủ tịch"),
    ("Phạm Văn Dũng", "M", dt.date(1985, 3, 4), ""),
    ("Hoàng Thị Em", "F", dt.date(1975, 1, 1), ""),
]
OFFSET = [[None] * 4 for _ in range(4)] + [[None, None, "Họ tên", "Mã"], [None, None, "Lê Hoa", 70]]


def en(func, *args, **kwargs):
    with translation.override("en"):
        return func(*args, **kwargs)


def import_people(rows: list[list]) -> list[tuple]:
    """The people of the classic sheet, as the importer would take them."""
    match = locate_header(rows, WANTED, ["name", "birth_male", "birth_female"])
    assert match is not None
    people = []
    for row in rows[match.data_start_index :]:
        if is_empty_row(row) or is_totals_row(row):
            continue
        cols = match.columns
        sex, raw = sex_from_split_birth_columns(row[cols["birth_male"]], row[cols["birth_female"]])
        people.append(
            (clean_cell_text(row[cols["name"]]), sex, parse_date(raw)[0], clean_cell_text(row[cols["post"]]))
        )
    return people


def build(tmp_path: Path, fmt: str) -> Path:
    """The same messy workbook in each format: a people list, an offset sheet, hidden sheets, an empty one."""
    merges = PEOPLE_MERGES if fmt != "ods" else ["A1:E1", "A2:E2", "C4:D4"]
    sheets = [
        SheetSpec("Danh sách", PEOPLE, merges),
        SheetSpec("Lệch", OFFSET),
        SheetSpec("DM", [["Nam"], ["Nữ"]], hidden=True),
        SheetSpec("Trống", []),
    ]
    if fmt in {"xlsx", "xls"}:
        sheets.append(SheetSpec("Ẩn sâu", [["secret"]], very_hidden=True))
    writer = {
        "xlsx": write_xlsx,
        "xlsx-xlsxwriter": write_xlsx_xlsxwriter,
        "xls": write_xls,
        "ods": write_ods,
    }[fmt]
    return writer(tmp_path / f"ds.{fmt.split('-')[0]}", sheets)


FORMATS = ["xlsx", "xlsx-xlsxwriter", "xls", "ods"]


# ------------------------------------------------------------------------------ spreadsheet files


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_the_messy_people_list(tmp_path: Path, fmt: str):
    path = build(tmp_path, fmt)
    workbook = read_workbook(path.read_bytes(), path.name)
    assert workbook.problems == []
    assert workbook.format == fmt.split("-")[0]
    assert workbook.encoding is None
    names = [sheet.name for sheet in workbook.sheets]
    assert names[:4] == ["Danh sách", "Lệch", "DM", "Trống"]
    hidden = {sheet.name: sheet.hidden for sheet in workbook.sheets}
    assert hidden["DM"] is True and hidden["Danh sách"] is False
    if "Ẩn sâu" in hidden:
        assert hidden["Ẩn sâu"] is True  # very hidden is hidden too
    assert [sheet.name for sheet in workbook.visible_sheets] == ["Danh sách", "Lệch", "Trống"]
    people = workbook.sheets[0].rows
    assert import_people(people) == EXPECTED_PEOPLE


@pytest.mark.parametrize("fmt", FORMATS)
def test_positions_are_absolute_and_empty_cells_are_none(tmp_path: Path, fmt: str):
    path = build(tmp_path, fmt)
    sheets = read_workbook(path.read_bytes(), path.name).sheets
    offset = sheets[1].rows
    assert len(offset) == 6  # row 6 in the spreadsheet is index 5, even with 4 empty rows above
    assert offset[4][2:4] == ["Họ tên", "Mã"]  # column C is index 2, even with A and B empty
    assert offset[5][:3] == [None, None, "Lê Hoa"]
    assert offset[5][3] == 70
    assert sheets[3].rows == []  # an empty sheet
    people = sheets[0].rows
    assert people[0][0] == "UBND PHƯỜNG HOÀN KIẾM"
    assert people[0][1:] == [None] * 4  # a merged cell's value is in its first cell only
    assert people[3][2:4] == ["Ngày sinh", None]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cell_types_as_calamine_gives_them(tmp_path: Path, fmt: str):
    path = build(tmp_path, fmt)
    rows = read_workbook(path.read_bytes(), path.name).sheets[0].rows
    assert rows[5][2] == dt.date(1985, 3, 4)  # a date cell is a date
    serial = rows[6][3]  # a bare number stays a number: xls keeps ints, xlsx and ods give floats
    assert serial == 31110 and type(serial) is (int if fmt == "xls" else float)
    assert rows[5][1] == unicodedata.normalize(NFD, "Nguyễn  Văn An")  # text comes raw …
    assert rows[5][4] == "'Bí thư"  # … apostrophes and all: the parsers clean it


def test_datetime_and_time_cells(tmp_path: Path):
    rows = [[dt.datetime(1985, 3, 4, 7, 30), dt.time(7, 30), True, 1.5]]
    for path in (
        write_xlsx(tmp_path / "t.xlsx", [SheetSpec("T", rows)]),
        write_xls(tmp_path / "t.xls", [SheetSpec("T", rows)]),
    ):
        assert read_workbook(path.read_bytes(), path.name).sheets[0].rows == [
            [dt.datetime(1985, 3, 4, 7, 30), dt.time(7, 30), True, 1.5]
        ]


def test_formulas_give_their_last_value_and_error_cells_read_as_empty(tmp_path: Path):
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("F")
    ws.write_formula("A1", "=1/0", None, "#DIV/0!")
    ws.write_formula("B1", "=NA()", None, "#N/A")
    ws.write_formula("C1", '="Nguyễn"&" An"', None, "Nguyễn An")
    ws.write_formula("D1", "=1+1", None, 2)
    wb.close()
    assert read_workbook(path.read_bytes(), path.name).sheets[0].rows == [[None, None, "Nguyễn An", 2.0]]


def test_chart_sheets_are_left_out(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Năm", "Nữ"])
    ws.append([2020, 33])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2))
    wb.create_chartsheet("Biểu đồ").add_chart(chart)
    path = tmp_path / "chart.xlsx"
    wb.save(path)
    workbook = read_workbook(path.read_bytes(), path.name)
    assert [sheet.name for sheet in workbook.sheets] == ["Số liệu"]
    assert workbook.problems == []


def test_rows_are_lazy_and_can_be_read_again(tmp_path: Path):
    path = build(tmp_path, "xlsx")
    sheet = read_workbook(path.read_bytes(), path.name).sheets[0]
    first = sheet.iter_rows()
    assert isinstance(first, Iterator)
    assert next(first)[0] == "UBND PHƯỜNG HOÀN KIẾM"
    assert list(sheet.iter_rows()) == sheet.rows  # a new call starts again from the top
    assert sheet.head(2) == sheet.rows[:2]
    assert repr(sheet) == "RawSheet(name='Danh sách', hidden=False)"


def test_a_raw_sheet_can_be_made_from_rows():
    sheet = RawSheet("S", False, [["a", None], [1, 2]])
    assert sheet.rows == [["a", None], [1, 2]]
    assert sheet.head(1) == [["a", None]]


def test_a_big_sheet_is_iterated_with_flat_memory(tmp_path: Path):
    path = tmp_path / "big.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Big")
    ws.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Ghi chú", "Mã"])
    for r in range(1, 30_001):
        ws.write_row(r, 0, [r, f"Nguyễn Văn {r}", "04/03/1985", "Đoàn viên", "ghi chú dài " * 3, 70 + r])
    wb.close()
    workbook = read_workbook(path.read_bytes(), path.name)
    sheet = workbook.sheets[0]
    tracemalloc.start()
    try:
        count = sum(1 for _ in sheet.iter_rows())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_001
    # Rows are built one at a time: far below the ~15 MB that 30,000 rows as lists would take.
    assert peak < 2_000_000, peak


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("target", ["ods", "xls"])
def test_files_converted_by_libreoffice(tmp_path: Path, target: str):
    """Real LibreOffice output, where available (the hand-built .ods and xlwt .xls cover the rest)."""
    source = build(tmp_path, "xlsx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    path = tmp_path / "out" / f"ds.{target}"
    workbook = read_workbook(path.read_bytes(), path.name)
    assert workbook.problems == []
    assert {s.name: s.hidden for s in workbook.sheets}["DM"] is True
    assert import_people(workbook.sheets[0].rows) == EXPECTED_PEOPLE


# ------------------------------------------------------------------------------------------- csv

CSV_PEOPLE = [
    ["DANH SÁCH CÁN BỘ"],
    [],
    ["STT", "Họ và tên", "Ngày sinh", "", "Chức vụ"],
    ["", "", "Nam", "Nữ", ""],
    ["1", "Nguyễn Văn An", "04/03/1985", "", "Bí thư, kiêm Chủ tịch"],
    ["2", 'Trần Thị "Bình"', "", "1985", "Chủ tịch"],
    ["", "Tổng cộng", "", "", ""],
]


@pytest.mark.parametrize(
    "bom, delimiter, encoding",
    [
        (False, ",", "utf-8"),
        (True, ",", "utf-8-sig"),
        (False, ";", "utf-8"),
        (True, ";", "utf-8-sig"),
        (False, "\t", "utf-8"),
    ],
)
def test_csv_utf8_with_or_without_bom_and_any_delimiter(bom, delimiter, encoding):
    data = csv_bytes(CSV_PEOPLE, bom=bom, delimiter=delimiter)
    workbook = read_workbook(data, "danh-sach.csv")
    assert workbook.problems == []
    assert (workbook.format, workbook.encoding) == ("csv", encoding)
    [sheet] = workbook.sheets
    assert sheet.name == "danh-sach"
    rows = sheet.rows
    assert rows[0] == ["DANH SÁCH CÁN BỘ", None, None, None, None]  # short rows are padded
    assert rows[1] == [None] * 5
    assert rows[4][4] == "Bí thư, kiêm Chủ tịch"
    assert rows[5][1] == 'Trần Thị "Bình"'
    people = import_people(rows)
    assert [(p[0], p[1], p[2]) for p in people] == [
        ("Nguyễn Văn An", "M", dt.date(1985, 3, 4)),
        ('Trần Thị "Bình"', "F", dt.date(1985, 1, 1)),
    ]


def test_csv_utf16_as_excel_unicode_text():
    data = codecs.BOM_UTF16_LE + "Họ tên\tNăm sinh\r\nĐặng Thị Hoa\t1980\r\n".encode("utf-16-le")
    workbook = read_workbook(data, "unicode.txt")
    assert workbook.problems == []
    assert workbook.encoding == "utf-16"
    assert workbook.sheets[0].rows == [["Họ tên", "Năm sinh"], ["Đặng Thị Hoa", "1980"]]


def test_csv_quoted_line_breaks_and_decimal_commas():
    data = 'Họ tên;Tỷ lệ;Ghi chú\r\nA;30,3;"dòng 1\r\ndòng 2"\r\nB;46,1;\r\n'.encode()
    rows = read_workbook(data, "x.csv").sheets[0].rows
    assert rows == [["Họ tên", "Tỷ lệ", "Ghi chú"], ["A", "30,3", "dòng 1\r\ndòng 2"], ["B", "46,1", None]]


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\tc\n1,5\t2;3\t3\n", "\t"),
        ("just one column\nsecond\n", ","),
        ("", ","),
        ("Tiêu đề\n\na;b\n1;2\n3;4\n", ";"),
    ],
)
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize("encoding, guessed", [("cp1258", "windows-1258"), ("cp1252", "cp1252")])
def test_legacy_encodings_are_reported_not_converted(encoding, guessed):
    text_rows = [["Họ và tên", "Ngày sinh"], ["Nguyễn Thị Hà", "04/03/1985"], ["Trần Văn Đức", "1980"]]
    if encoding == "cp1252":  # Western text only survives in cp1252: the usual accident
        text_rows = [["Ho ten", "Ghi chu"], ["José Martí", "Café"]]
    data = csv_bytes(text_rows, encoding=encoding)
    workbook = en(read_workbook, data, "ds.csv")
    assert workbook.sheets == []
    assert workbook.encoding == guessed
    assert workbook.problems == [
        "The CSV file is not UTF-8 (it looks like Windows-1258/cp1252); save it again as 'CSV UTF-8'."
    ]


def test_a_legacy_file_with_a_utf8_bom_is_reported_too():
    data = codecs.BOM_UTF8 + csv_bytes([["Nguyễn Thị Hà"]], encoding="cp1258")
    workbook = en(read_workbook, data, "ds.csv")
    assert workbook.sheets == []
    assert workbook.problems[0].startswith("The CSV file is not UTF-8")


def test_csv_mojibake_is_reported():
    data = csv_bytes([["Họ và tên", "Nơi sinh"], [mojibake("Nguyễn Thị Hà"), mojibake("Hà Nội")]])
    workbook = en(read_workbook, data, "ds.csv")
    assert workbook.problems == [
        "The CSV file has garbled Vietnamese text (for example 'Nguyá»…n', probably 'Nguyễn'): it was "
        "opened with the wrong encoding and saved again. Use the original file, or save it again as "
        "'CSV UTF-8' from the original."
    ]
    assert len(workbook.sheets) == 1  # the rows are still there, for the importer to decide


def test_csv_mojibake_without_a_possible_repair():
    broken = "Nguy\u00e1\u00bb?n Th\u00e1\u00bb? H\u00c3"  # the C1 bytes were lost as "?" on the way
    workbook = en(read_workbook, csv_bytes([["Họ tên"], [broken]]), "ds.csv")
    assert workbook.problems == [
        "The CSV file has garbled Vietnamese text (for example 'Nguyá»?n'): it was opened with the wrong "
        "encoding and saved again. Use the original file, or save it again as 'CSV UTF-8' from the original."
    ]


def test_xlsx_mojibake_is_reported_by_sheet(tmp_path: Path):
    rows = [["Họ và tên"], [mojibake("Đặng Thị Hoàng")]]
    path = write_xlsx(
        tmp_path / "m.xlsx", [SheetSpec("DS", rows), SheetSpec("Ẩn", [[mojibake("Ẩn")]], hidden=True)]
    )
    workbook = en(read_workbook, path.read_bytes(), path.name)
    assert workbook.problems == [
        "The sheet 'DS' has garbled Vietnamese text (for example 'Ä\u0090áº·ng', probably 'Đặng'): the "
        "data was opened with the wrong encoding and saved again. Use the original file."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "UBND XÃ HỒNG HÀ",  # "XÃ" in capitals is real Vietnamese
        "XÃ\u00a0PHÚ",
        "José Martí, Café, naïve",
        "©2020 Hội LHPN",
        "Nguyễn Thị Hà",
        unicodedata.normalize(NFD, "Nguyễn Thị Hà"),
        "“XÃ”",
        "ĐOÀN TNCS HỒ CHÍ MINH",
    ],
)
def test_real_text_is_not_taken_for_mojibake(text):
    assert find_mojibake([text]) is None


@pytest.mark.parametrize("text", ["Nguyễn", "Hà Nội", "Đặng", "phường", "ƯU TIÊN", "Thủy", "Hoàng"])
def test_mojibake_is_found_and_repaired(text):
    garbled = mojibake(text)
    found = find_mojibake([garbled])
    assert found is not None
    assert repair_mojibake(found[0]) == found[1] or found[1] is None
    assert repair_mojibake(garbled) == text


# ------------------------------------------------------------------------------------ bad files


def test_unknown_extension():
    workbook = en(read_workbook, b"%PDF-1.7 ...", "C:\\Users\\canbo\\Desktop\\danh sach.pdf")
    assert workbook.sheets == []
    assert workbook.problems == [
        "The file 'danh sach.pdf' is not a spreadsheet that can be read: upload an Excel (.xlsx, .xls), "
        "OpenDocument (.ods) or CSV file."
    ]


def test_empty_file():
    assert en(read_workbook, b"", "ds.xlsx").problems == ["The file 'ds.xlsx' is empty."]


CORRUPT = (
    "The file '{}' could not be read: it may be damaged or not really a spreadsheet. "
    "Open it in Excel and save it again as .xlsx."
)


@pytest.mark.parametrize("cut", [100, 1000, -200])
def test_truncated_files_are_reported_not_raised(tmp_path: Path, cut: int):
    for fmt in FORMATS:
        data = build(tmp_path, fmt).read_bytes()[:cut]
        name = f"ds.{fmt.split('-')[0]}"
        workbook = en(read_workbook, data, name)
        assert workbook.problems == [CORRUPT.format(name)], fmt


def test_garbage_and_wrong_zip():
    assert en(read_workbook, bytes(range(256)) * 4, "ds.xlsx").problems == [CORRUPT.format("ds.xlsx")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert en(read_workbook, buffer.getvalue(), "ds.xlsx").problems == [CORRUPT.format("ds.xlsx")]
    assert en(read_workbook, b"\x00\x01binary\x00", "ds.csv").problems == [CORRUPT.format("ds.csv")]


def test_a_web_page_saved_as_xls():
    html = b"<html><head><meta charset='utf-8'></head><body><table><tr><td>A</td></tr></table></body></html>"
    for data in (
        html,
        b"\xef\xbb\xbf  " + html,
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    ):
        workbook = en(read_workbook, data, "export.xls")
        assert workbook.problems == [
            "The file 'export.xls' is a web page or XML file with a spreadsheet name, not a real Excel file. "
            "Open it in Excel and save it again as .xlsx."
        ]


def test_tab_separated_text_saved_as_xls_is_read():
    data = "Họ tên\tNăm sinh\r\nĐặng Thị Hoa\t1980\r\n".encode()
    workbook = read_workbook(data, "export.xls")
    assert workbook.problems == []
    assert workbook.format == "csv"
    assert workbook.sheets[0].rows[1] == ["Đặng Thị Hoa", "1980"]


def test_an_excel_file_renamed_csv_is_read(tmp_path: Path):
    data = build(tmp_path, "xlsx").read_bytes()
    workbook = read_workbook(data, "ds.csv")
    assert workbook.problems == []
    assert workbook.format == "xlsx"
    assert import_people(workbook.sheets[0].rows) == EXPECTED_PEOPLE


def test_password_protected_file():
    # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
    fake = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    )
    assert en(read_workbook, fake, "ds.xlsx").problems == [
        "The file 'ds.xlsx' is protected with a password. Remove the password in Excel and upload it again."
    ]


# ---------------------------------------------------------------------------------- translations


def test_vietnamese_wording_is_ready_for_the_catalogue():
    msgid = "The CSV file is not UTF-8 (it looks like Windows-1258/cp1252); save it again as 'CSV UTF-8'."
    assert reading.VI_TRANSLATIONS[msgid] == (
        "Tệp CSV không dùng bảng mã UTF-8 (có vẻ là Windows-1258/cp1252); hãy lưu lại với định dạng 'CSV UTF-8'."
    )
    for english, vietnamese in reading.VI_TRANSLATIONS.items():
        assert sorted(re.findall(r"%\(\w+\)s", english)) == sorted(re.findall(r"%\(\w+\)s", vietnamese))


# ---------------------------------------------------------------------------------------- fuzzing


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(st.binary(max_size=2048), st.text(max_size=500).map(str.encode)),
    name=st.sampled_from(["a.xlsx", "a.xls", "a.ods", "a.csv", "a.txt", "a.xlsb", "a", "a.CSV", ""]),
)
def test_reading_random_bytes_never_raises(data: bytes, name: str):
    workbook = read_workbook(data, name)
    for sheet in workbook.sheets:
        for row in sheet.iter_rows():
            assert isinstance(row, list)


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("samples")
    return {fmt: build(folder, fmt).read_bytes() for fmt in FORMATS}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from(FORMATS), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8)
)
def test_damaged_files_never_raise(sample_files: dict[str, bytes], fmt: str, flips):
    data = bytearray(sample_files[fmt])
    for where, byte in flips:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    workbook = read_workbook(bytes(data), f"x.{fmt.split('-')[0]}")
    for sheet in workbook.sheets:
        for row in sheet.iter_rows():
            assert isinstance(row, list)


def test_a_damaged_xls_that_aborts_calamine_is_refused_not_fatal():
    """This file (a byte changed by the fuzz test below) makes calamine ask for 171 GB and Rust abort the
    process; the importer reads old .xls files in a forked child first and refuses it as damaged."""
    data = (Path(__file__).parent / "files" / "damaged-aborts-calamine.xls").read_bytes()
    workbook = read_workbook(data, "hong.xls")
    assert workbook.sheets == []
    assert workbook.problems == [
        "Không đọc được tệp 'hong.xls': tệp có thể bị hỏng hoặc không phải là bảng tính. "
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx."
    ]
