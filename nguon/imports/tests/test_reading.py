"""Reading uploaded files: every format, hidden sheets, absolute positions, encodings, broken files."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import random
import re
import shutil
import struct
import subprocess
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
import xlwt
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference

from nguon.imports import reading
from nguon.imports.headers import is_empty_row, is_totals_row, locate_header
from nguon.imports.parsing import clean_cell_text, parse_date, sex_from_split_birth_columns
from nguon.imports.reading import (
    Probe,
    RawSheet,
    decode_windows_1258,
    find_mojibake,
    probe,
    read_workbook,
    repair_mojibake,
    sniff_delimiter,
    without_panic_reports,
)

from .workbooks import (
    Serial,
    SheetSpec,
    csv_bytes,
    encode_cp1258,
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


def test_windows_1258_csv_as_excel_writes_it_on_a_vietnamese_windows_is_read_with_a_note():
    """Excel's plain "CSV" on a Vietnamese Windows is Windows-1258, tones as combining bytes: it is read
    (NFC text), and a note says in which encoding."""
    text_rows = [["Họ và tên", "Ngày sinh"], ["Nguyễn Thị Hà", "04/03/1985"], ["Trần Văn Đức", "1980"]]
    data = csv_bytes(text_rows, encoding="cp1258")
    assert b"\xde" in data  # "ễ" is written "ê" + a combining tilde
    workbook = read_workbook(data, "ds.csv")
    assert workbook.problems == []
    assert (workbook.format, workbook.encoding) == ("csv", "windows-1258")
    assert workbook.notes == [
        "Đã đọc tệp CSV theo bảng mã Windows-1258 (bảng mã Excel dùng khi lưu 'CSV' trên Windows tiếng Việt)."
    ]
    assert workbook.sheets[0].rows == text_rows
    assert all(unicodedata.is_normalized("NFC", row[0]) for row in workbook.sheets[0].rows)


def test_a_legacy_csv_without_tone_marks_is_refused_as_ambiguous():
    """Without a tone mark written as Windows-1258 writes it, nothing tells Windows-1258 from Windows-1252."""
    data = csv_bytes([["Ho ten", "Ghi chu"], ["José Martí", "Café"]], encoding="cp1252")
    workbook = en(read_workbook, data, "ds.csv")
    assert workbook.sheets == []
    assert workbook.encoding == "cp1252"
    assert workbook.problems == [
        "The CSV file is not UTF-8, and it has no Vietnamese tone marks by which its encoding could be told "
        "for sure (Windows-1258, as Excel writes it on a Vietnamese Windows, or Windows-1252). Save it again "
        "as 'CSV UTF-8'."
    ]


@pytest.mark.parametrize(
    "data, sample",
    [
        ("Ho ten\r\nNguyễn Văn An\r\ncosì fan tutte\r\n".encode("cp1252", "ignore"), "coś"),
        (encode_cp1258("Họ tên\r\nNguyễn Văn An\r\n") + b"T\xe1\xbb\xa9 (1\xec)\r\n", "(1́)"),
    ],
)
def test_a_legacy_csv_that_does_not_read_as_vietnamese_is_refused_with_an_example(data, sample):
    """A tone byte after a consonant (Italian "ì" in Windows-1252) or alone after a digit: not Windows-1258;
    the message shows the word that gave it away."""
    workbook = en(read_workbook, data, "ds.csv")
    assert workbook.sheets == []
    assert workbook.problems == [
        "The CSV file is not UTF-8, and read as Windows-1258 (the encoding of Excel on a Vietnamese Windows) "
        f"it does not look like Vietnamese (for example '{sample}'), so its encoding cannot be told for sure. "
        "Save it again as 'CSV UTF-8'."
    ]


def test_a_windows_1258_csv_may_hold_a_few_foreign_letters():
    names = [[f"Nguyễn Thị Hằng {n}"] for n in range(50)] + [["Müller"]]
    text, why = decode_windows_1258(csv_bytes(names, encoding="cp1258"))
    assert why is None and text is not None and "Müller" in text


vietnamese_words = st.lists(
    st.text(
        alphabet=sorted(reading.VIETNAMESE_LETTERS) + list("abcdeghiklmnopqrstuvxyABCDGHKLMNT"), min_size=1
    ),
    min_size=1,
    max_size=6,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(vietnamese_words, min_size=1, max_size=3), min_size=1, max_size=5))
def test_vietnamese_text_saved_as_windows_1258_reads_back_or_is_refused_never_garbled(rows):
    """Whatever Vietnamese text Excel saves as Windows-1258 comes back exactly (NFC), or is refused with a
    reason: it is never read wrongly. It is read whenever a tone is written as a combining byte, which
    almost every Vietnamese text has (only one whose letters all exist precomposed, "Lê Văn Bá", has none)."""
    data = csv_bytes(rows, encoding="cp1258")
    workbook = read_workbook(data, "ds.csv")
    if data.isascii() or any(tone in data for tone in (b"\xcc", b"\xec", b"\xd2", b"\xde", b"\xf2")):
        assert workbook.sheets, workbook.problems
    if workbook.sheets:
        width = max(len(row) for row in rows)
        expected = [
            [unicodedata.normalize("NFC", v) for v in row] + [None] * (width - len(row)) for row in rows
        ]
        assert workbook.sheets[0].rows == expected
    else:
        assert len(workbook.problems) == 1


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


PASSWORD = "Tệp '{}' được đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi gửi lại."


def test_password_protected_file():
    """An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream: even when its
    directory cannot be followed, the stream's name gives it away."""
    fake = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    )
    assert read_workbook(fake, "ds.xlsx").problems == [PASSWORD.format("ds.xlsx")]


# The smallest compound file (MS-CFB, version 3) that calamine reads, written here so that no binary
# fixture is needed: the root storage, then each stream, padded to the 4096-byte mini-stream cutoff.
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams`` (name → content) under its root."""
    bodies = [body.ljust(4096, b"\x00") for body in streams.values()]
    directory_sectors = (len(streams) + 1 + 3) // 4
    chains, sector = [], directory_sectors
    for body in bodies:
        count = -(-len(body) // 512)
        chains.append((sector, count, len(body)))
        sector += count
    fat_sectors = 1
    while sector + fat_sectors > fat_sectors * 128:
        fat_sectors += 1
    fat = [_FREE] * (fat_sectors * 128)
    for first, count in [(0, directory_sectors), *((c[0], c[1]) for c in chains)]:
        for i in range(first, first + count):
            fat[i] = i + 1 if i + 1 < first + count else _END
    for i in range(sector, sector + fat_sectors):
        fat[i] = _FAT

    def entry(name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(raw), kind, 1, _FREE, right, child)
            + bytes(36)
            + struct.pack("<III", start, size, 0)
        )

    entries = [entry("Root Entry", 5, _END, 0, child=1)]
    for k, (name, (start, _count, size)) in enumerate(zip(streams, chains, strict=True)):
        entries.append(entry(name, 2, start, size, right=k + 2 if k + 1 < len(streams) else _FREE))
    header = (
        reading._OLE_MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, fat_sectors, 0, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", *range(sector, sector + fat_sectors), *[_FREE] * (109 - fat_sectors))
    )
    return (
        header
        + b"".join(entries).ljust(directory_sectors * 512, b"\x00")
        + b"".join(body.ljust(-(-len(body) // 512) * 512, b"\x00") for body in bodies)
        + struct.pack(f"<{len(fat)}I", *fat)
    )


def biff8_stream(encrypted: bool = False) -> bytes:
    """xlwt's workbook stream of a one-sheet workbook; ``encrypted`` adds the FILEPASS record (RC4
    CryptoAPI) that Excel writes right after the first BOF when the workbook has a password."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("DS")
    sheet.write(0, 0, "Họ và tên")
    sheet.write(1, 0, "Nguyễn Văn An")
    stream = book.get_biff_data()
    if not encrypted:
        return stream
    cut = 4 + struct.unpack_from("<H", stream, 2)[0]
    filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 4, 2) + bytes(48)
    return stream[:cut] + filepass + stream[cut:]


def test_the_compound_file_of_the_tests_is_read_by_calamine():
    """The writer above is right (so the tests below test the importer, not the writer)."""
    workbook = read_workbook(compound_file({"Workbook": biff8_stream()}), "ds.xls")
    assert workbook.problems == []
    assert workbook.sheets[0].rows == [["Họ và tên"], ["Nguyễn Văn An"]]


def test_a_password_protected_xls_is_called_protected_not_damaged():
    """calamine tells a password only when it reads from a path; the importer reads from memory, so it
    looks for the FILEPASS record itself."""
    data = compound_file({"Workbook": biff8_stream(encrypted=True)})
    assert read_workbook(data, "ds.xls").problems == [PASSWORD.format("ds.xls")]
    assert probe(data, "ds.xls").problem == PASSWORD.format("ds.xls")


def test_a_password_protected_xlsx_is_called_protected():
    """Excel encrypts an .xlsx into a compound file with "EncryptionInfo" and "EncryptedPackage" streams."""
    data = compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": os.urandom(9000)}
    )
    assert read_workbook(data, "ds.xlsx").problems == [PASSWORD.format("ds.xlsx")]


def encrypted_ods(tmp_path: Path) -> bytes:
    """An .ods as LibreOffice writes it with a password: the manifest describes the encryption of each
    part (``manifest:encryption-data``) and the parts are ciphertext."""
    plain = write_ods(tmp_path / "p.ods", [SheetSpec("DS", [["Họ tên"], ["An"]])]).read_bytes()
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" '
        'manifest:size="2048"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">'
        '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        'manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name='
        '"PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/>'
        "</manifest:encryption-data></manifest:file-entry></manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename == "META-INF/manifest.xml":
                target.writestr(info, manifest)
            elif info.filename == "content.xml":
                target.writestr(info, random.Random(8).randbytes(2048))
            else:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def test_a_password_protected_ods_is_called_protected_not_damaged(tmp_path: Path):
    data = encrypted_ods(tmp_path)
    assert read_workbook(data, "ds.ods").problems == [PASSWORD.format("ds.ods")]


def biff2_to_4(version: int, sheet_type: int = 0x0010) -> bytes:
    """An Excel 2, 3 or 4 file: BOF, a LABEL cell "Ho ten" in A1, EOF (no OLE container before BIFF5)."""
    bof = {2: (0x0009, struct.pack("<HH", 2, sheet_type))}.get(
        version, ({3: 0x0209, 4: 0x0409}.get(version, 0), struct.pack("<HHH", 0, sheet_type, 0))
    )
    label = struct.pack("<HH", 0, 0) + b"\x00\x00\x00" + bytes([6]) + b"Ho ten"
    return b"".join(
        struct.pack("<HH", record, len(body)) + body for record, body in (bof, (0x0004, label), (0x000A, b""))
    )


@pytest.mark.parametrize("version, sheet_type", [(2, 0x0010), (3, 0x0010), (4, 0x0010), (4, 0x0100)])
def test_excel_2_to_4_files_are_named_as_such(version: int, sheet_type: int):
    data = biff2_to_4(version, sheet_type)
    message = "Tệp 'cu.xls' là tệp Excel 2–4 (định dạng rất cũ), không đọc được: hãy mở bằng Excel và lưu thành .xlsx."
    assert read_workbook(data, "cu.xls").problems == [message]
    assert probe(data, "cu.xls") == Probe("", message)


# ------------------------------------------------------------------------------------------- probe


@pytest.mark.parametrize("fmt", FORMATS)
def test_probe_passes_every_spreadsheet_format(tmp_path: Path, fmt: str):
    path = build(tmp_path, fmt)
    assert probe(path.read_bytes(), path.name) == Probe(fmt.split("-")[0])
    assert probe(csv_bytes(CSV_PEOPLE), "ds.csv") == Probe("csv")
    assert probe(b"a\tb\r\n1\t2\r\n", "export.xls") == Probe("csv", disguised=True)


def test_probe_refuses_random_bytes_cheaply():
    """A large random file is refused from its first bytes, before anything is kept: the cost does not
    follow its size."""
    data = random.Random(50).randbytes(8_000_000)
    tracemalloc.start()
    try:
        for name in ("ds.xlsx", "ds.csv", "ds.xls", "ds.ods"):
            assert en(probe, data, name).problem == CORRUPT.format(name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak
    for magic in (b"PK\x03\x04", reading._OLE_MAGIC):
        assert en(probe, magic + data, "ds.xlsx").problem == CORRUPT.format("ds.xlsx")


def test_probe_refuses_an_office_file_that_holds_no_workbook():
    """A Word document renamed .xls is a compound file without a "Workbook" stream."""
    data = compound_file({"WordDocument": b"\xec\xa5" + bytes(600)})
    assert en(probe, data, "ds.xls").problem == CORRUPT.format("ds.xls")


def test_probe_refuses_a_file_above_the_size_limit():
    data = b"a,b\r\n" * 560_000
    assert en(probe, data, "ds.csv", max_bytes=2_000_000).problem == (
        "The file 'ds.csv' is too large: 2,8 MB, at most 2 MB."
    )
    assert probe(data, "ds.csv", max_bytes=len(data)).ok


# ------------------------------------------------------------------------------ a quiet terminal

FILES = Path(__file__).parent / "files"


def test_a_panic_of_the_reader_leaves_stderr_clean(capfd):
    """calamine panics on this damaged .xls (a merged-cells record cut short); Rust's report of the panic
    (and its backtrace under RUST_BACKTRACE) must not reach the terminal or the server's log."""
    data = (FILES / "damaged-panics-calamine.xls").read_bytes()
    workbook = en(read_workbook, data, "hong.xls")
    assert workbook.problems == [CORRUPT.format("hong.xls")]
    assert capfd.readouterr().err == ""


def test_a_panic_in_this_process_leaves_stderr_clean_too(capfd, monkeypatch):
    """Where the .xls is not first read in a child process (no fork), the panic happens here: fd 2 is
    redirected around every calamine call that parses."""
    monkeypatch.setattr(reading, "_survives_reading", lambda data: True)
    data = (FILES / "damaged-panics-calamine.xls").read_bytes()
    assert en(read_workbook, data, "hong.xls").problems == [CORRUPT.format("hong.xls")]
    assert capfd.readouterr().err == ""


def test_what_others_write_on_stderr_meanwhile_is_kept(capfd):
    """Only the panic reports are dropped: another thread's output written during a call comes through."""
    assert reading._calamine_quietly(lambda: os.write(2, b"log line\n")) == len(b"log line\n")
    assert capfd.readouterr().err == "log line\n"


@pytest.mark.parametrize(
    "report",
    [
        b"thread '<unnamed>' panicked at src/xls.rs:10:5:\nrange end index 2 out of range\n"
        b"note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
        b"thread '<unnamed>' (8106) panicked at /root/.cargo/calamine-0.37.0/src/utils.rs:48:25:\n"
        b"range end index 2 out of range for slice of length 0\nstack backtrace:\n"
        b"   0: __rustc::rust_begin_unwind\n   1: calamine::xls::parse_merge_cells\n"
        b"             at /tmp/Python-3.11.7/Objects/methodobject.c:443:24\n"
        b"note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n",
        b"thread 'main' panicked at src/lib.rs:1:1:\nexplicit panic",
    ],
)
def test_panic_reports_are_removed_and_nothing_else(report: bytes):
    if report.endswith(b"\n"):
        assert without_panic_reports(b"before\n\n" + report + b"after\n") == b"before\nafter\n"
    else:
        assert without_panic_reports(b"before\n" + report) == b"before\n"


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
    checked = probe(data, name)
    if not checked.ok:
        assert workbook.problems == [checked.problem]  # the probe is read_workbook's first step
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


def test_the_catalogue_holds_every_message_of_the_reader():
    from django.utils.translation import gettext

    with translation.override("vi"):
        for english, vietnamese in reading.VI_TRANSLATIONS.items():
            assert gettext(english) == vietnamese, english


def test_mojibake_is_found_after_many_clean_rows():
    """The scan remembers the words it found clean; a garbled word after them is still found."""
    rows = [["Họ và tên"]] + [["Nguyễn Thị Hằng"]] * 2000 + [[mojibake("Nguyễn Thị Hằng")]]
    assert find_mojibake(t for row in rows for t in row) == ("Nguyá»…n", "Nguyễn")
