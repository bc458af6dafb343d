"""Cell parsers: dates, sex, codes, terms and text as Vietnamese offices type them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from nguon.imports import parsing
from nguon.imports.parsing import (
    FEMALE_COLUMN,
    MALE_COLUMN,
    CellError,
    clean_cell_text,
    excel_serial_to_date,
    parse_code,
    parse_date,
    parse_sex,
    parse_split_birth,
    parse_term,
    sex_from_split_birth_columns,
)
from nguon.imports.reading import read_workbook

from .workbooks import Serial, SheetSpec, csv_bytes, write_xls, write_xlsx

NFD = "NFD"
TODAY = dt.date(2026, 6, 1)


def error_of(func, *args, **kwargs) -> str:
    """The English message of the CellError a parser raises."""
    with translation.override("en"), pytest.raises(CellError) as info:
        func(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------------------------------ dates


def test_excel_serials_follow_the_1900_system_and_its_leap_year_bug():
    assert excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_to_date(59) == dt.date(1900, 2, 28)
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)
    assert excel_serial_to_date(25569) == dt.date(1970, 1, 1)
    assert excel_serial_to_date(31110.75) == dt.date(1985, 3, 4)  # the time of day is dropped
    for bad in (60, 0, -5, float("nan"), 1e12):
        with pytest.raises(ValueError):
            excel_serial_to_date(bad)


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(1985, 3, 4), (dt.date(1985, 3, 4), "day")),
        (dt.datetime(1985, 3, 4, 10, 30), (dt.date(1985, 3, 4), "day")),
        (31110, (dt.date(1985, 3, 4), "day")),  # a serial number: .xls gives int
        (31110.0, (dt.date(1985, 3, 4), "day")),  # .xlsx gives float
        (31110.5, (dt.date(1985, 3, 4), "day")),  # a date-time serial
        ("04/03/1985", (dt.date(1985, 3, 4), "day")),
        ("4/3/1985", (dt.date(1985, 3, 4), "day")),
        ("4/3/85", (dt.date(1985, 3, 4), "day")),
        ("04.03.1985", (dt.date(1985, 3, 4), "day")),
        ("04-03-1985", (dt.date(1985, 3, 4), "day")),
        ("1985-03-04", (dt.date(1985, 3, 4), "day")),
        ("1985-03-04 00:00:00", (dt.date(1985, 3, 4), "day")),  # a date-time cell exported to CSV
        ("04/03/1985 10:30", (dt.date(1985, 3, 4), "day")),
        ("29/02/2024", (dt.date(2024, 2, 29), "day")),
        ("1985", (dt.date(1985, 1, 1), "year")),
        (1985, (dt.date(1985, 1, 1), "year")),
        (1985.0, (dt.date(1985, 1, 1), "year")),
        ("1985.0", (dt.date(1985, 1, 1), "year")),
        (1900, (dt.date(1900, 1, 1), "year")),
        # 1960 typed into a date-formatted cell: Excel stores serial 1960 and shows 13/05/1905.
        (dt.date(1905, 5, 13), (dt.date(1960, 1, 1), "year")),
        (dt.datetime(1905, 5, 13), (dt.date(1960, 1, 1), "year")),
        (dt.date(1905, 3, 14), (dt.date(1900, 1, 1), "year")),
        (dt.date(1905, 9, 30), (dt.date(2100, 1, 1), "year")),
        (dt.date(1905, 10, 1), (dt.date(1905, 10, 1), "day")),  # past serial 2100: a date
        (dt.datetime(1905, 5, 13, 8, 0), (dt.date(1905, 5, 13), "day")),  # a time of day: a real date-time
        (dt.date(1905, 3, 13), (dt.date(1905, 3, 13), "day")),
        (2100, (dt.date(2100, 1, 1), "year")),
        ("'04/03/1985", (dt.date(1985, 3, 4), "day")),  # Excel's text prefix
        ("\u00a004/03/1985 ", (dt.date(1985, 3, 4), "day")),  # no-break space pasted from the web
        ("  04 / 03 / 1985\u200b", (dt.date(1985, 3, 4), "day")),
        ("'1985", (dt.date(1985, 1, 1), "year")),
    ],
)
def test_parse_date_accepts_what_offices_type(value, expected):
    assert parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/1/00", dt.date(2000, 1, 1)),
        ("1/1/26", dt.date(2026, 1, 1)),  # up to this year's two digits: 2000s
        ("1/1/27", dt.date(1927, 1, 1)),  # after them: 1900s
        ("1/1/99", dt.date(1999, 1, 1)),
    ],
)
def test_two_digit_years_pivot_on_the_current_year(text, expected):
    assert parse_date(text, today=TODAY) == (expected, "day")


def test_two_digit_years_use_todays_year_by_default():
    yy = dt.date.today().year % 100
    assert parse_date(f"1/1/{yy:02d}")[0].year == 2000 + yy


@pytest.mark.parametrize(
    "value, message",
    [
        ("31/02/1985", "'31/02/1985' is not a valid date"),
        ("  '31/02/1985\u00a0", "'31/02/1985' is not a valid date"),
        ("00/01/1985", "'00/01/1985' is not a valid date"),
        ("12/13/1985", "'12/13/1985' is not a valid date"),  # month first is not Vietnamese
        ("04/03-1985", "'04/03-1985' is not a valid date"),  # mixed separators
        ("03/1985", "'03/1985' is not a valid date"),
        ("ngày 4 tháng 3", "'ngày 4 tháng 3' is not a valid date"),
        ("x", "'x' is not a valid date"),
        (70, "'70' is not a valid date"),  # a day or a code typed alone
        (1985.5, "'1985.5' is not a valid date"),
        (True, "'TRUE' is not a valid date"),
        (dt.time(10, 30), "'10:30' is not a valid date"),
        (float("nan"), "'nan' is not a valid date"),
        ("01/01/1899", "'01/01/1899' is not between 1900 and 2100"),
        ("1850", "'1850' is not between 1900 and 2100"),
        (dt.date(2150, 1, 1), "'01/01/2150' is not between 1900 and 2100"),
        (1e9, "'1000000000' is not between 1900 and 2100"),
        (None, "The cell is empty"),
        (" \u00a0", "The cell is empty"),
    ],
)
def test_parse_date_refuses_with_a_clear_message(value, message):
    assert error_of(parse_date, value, today=TODAY) == message


def test_dates_read_from_real_workbooks(tmp_path: Path):
    """Excel date cells, serial numbers and text, through .xlsx and .xls as calamine gives them."""
    rows = [
        ["Ngày"],
        [dt.date(1985, 3, 4)],
        [dt.datetime(1985, 3, 4, 7, 45)],
        [Serial(31110)],
        ["04/03/1985"],
        ["4/3/85"],
        ["04.03.1985"],
        [1985],
    ]
    for path in (
        write_xlsx(tmp_path / "d.xlsx", [SheetSpec("D", rows)]),
        write_xls(tmp_path / "d.xls", [SheetSpec("D", rows)]),
    ):
        values = [row[0] for row in read_workbook(path.read_bytes(), path.name).sheets[0].rows[1:]]
        parsed = [parse_date(v, today=TODAY) for v in values]
        assert parsed[:-1] == [(dt.date(1985, 3, 4), "day")] * 6, path.name
        assert parsed[-1] == (dt.date(1985, 1, 1), "year")


def test_a_year_typed_into_a_date_formatted_cell(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active.append(["Năm sinh"])
    wb.active.append([1960])
    wb.active["A2"].number_format = "dd/mm/yyyy"  # Excel shows 13/05/1905
    wb.save(tmp_path / "y.xlsx")
    value = read_workbook((tmp_path / "y.xlsx").read_bytes(), "y.xlsx").sheets[0].rows[1][0]
    assert value == dt.date(1905, 5, 13)
    assert parse_date(value) == (dt.date(1960, 1, 1), "year")


def test_dates_read_from_csv():
    data = csv_bytes([["Ngày sinh"], ["04/03/1985"], ["4/3/85"], ["1985"]])
    values = [row[0] for row in read_workbook(data, "x.csv").sheets[0].rows[1:]]
    assert [parse_date(v, today=TODAY) for v in values] == [
        (dt.date(1985, 3, 4), "day"),
        (dt.date(1985, 3, 4), "day"),
        (dt.date(1985, 1, 1), "year"),
    ]


# -------------------------------------------------------------------------------------------- sex


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Nam", "M"),
        ("NAM", "M"),
        ("nam", "M"),
        (" Nam\u00a0", "M"),
        ("Nữ", "F"),
        ("NỮ", "F"),
        ("nữ", "F"),
        (unicodedata.normalize(NFD, "Nữ"), "F"),
        (unicodedata.normalize(NFD, "NỮ"), "F"),
        ("nu", "F"),
        ("Nu", "F"),
        ("M", "M"),
        ("m", "M"),
        ("F", "F"),
        ("f", "F"),
        ("Male", "M"),
        ("FEMALE", "F"),
        ("'Nữ", "F"),
    ],
)
def test_parse_sex_accepts_nam_nu_and_letters(value, expected):
    assert parse_sex(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("x", "'x' is not a sex: write Nam or Nữ"),
        ("X", "'X' is not a sex: write Nam or Nữ"),
        ("1", "'1' is not a sex: write Nam or Nữ"),
        (1, "'1' is not a sex: write Nam or Nữ"),
        (True, "'TRUE' is not a sex: write Nam or Nữ"),
        ("Nam Nữ", "'Nam Nữ' is not a sex: write Nam or Nữ"),
        (None, "The cell is empty"),
    ],
)
def test_parse_sex_refuses_anything_else(value, message):
    assert error_of(parse_sex, value) == message


def test_two_column_birth_form_tells_the_sex():
    assert sex_from_split_birth_columns(dt.date(1985, 3, 4), None) == ("M", dt.date(1985, 3, 4))
    assert sex_from_split_birth_columns(None, "04/03/1985") == ("F", "04/03/1985")
    assert sex_from_split_birth_columns(" \u00a0", 31110.0) == ("F", 31110.0)
    assert sex_from_split_birth_columns(1985, "") == ("M", 1985)


def test_two_column_birth_form_refuses_both_or_neither():
    assert (
        error_of(sex_from_split_birth_columns, "1985", "1986")
        == "Both birth date columns, Nam and Nữ, are filled: keep only one"
    )
    assert (
        error_of(sex_from_split_birth_columns, None, "  ")
        == "The birth date is missing: write it under Nam or under Nữ"
    )


def test_a_bad_date_of_the_two_column_form_names_its_own_column():
    """A bad date under "Nữ" is that column's error, not the "Nam" column's: the error marks the cell the
    person must change."""
    assert parse_split_birth(None, "04/03/1985") == ("F", dt.date(1985, 3, 4), "day")
    assert parse_split_birth(1960, None) == ("M", dt.date(1960, 1, 1), "year")
    for male, female, column in (("31/02/1985", None, MALE_COLUMN), (None, "31/02/1985", FEMALE_COLUMN)):
        with translation.override("en"), pytest.raises(CellError) as info:
            parse_split_birth(male, female)
        assert (info.value.message, info.value.column) == ("'31/02/1985' is not a valid date", column)
    for male, female in (("1985", "1986"), (None, None)):
        with pytest.raises(CellError) as info:
            parse_split_birth(male, female)
        assert info.value.column is None  # the pair is at fault
    assert CellError("x").column is None


def test_sex_from_real_workbook_columns(tmp_path: Path):
    rows = [
        ["Họ tên", "Giới tính", "Nam", "Nữ"],
        ["A", "Nam", dt.date(1980, 1, 2), None],
        ["B", unicodedata.normalize(NFD, "nữ"), None, "1975"],
        ["C", "F", None, Serial(31110)],
    ]
    sheet = read_workbook(
        write_xlsx(tmp_path / "s.xlsx", [SheetSpec("S", rows)]).read_bytes(), "s.xlsx"
    ).sheets[0]
    data = sheet.rows[1:]
    assert [parse_sex(row[1]) for row in data] == ["M", "F", "F"]
    split = [sex_from_split_birth_columns(row[2], row[3]) for row in data]
    assert [(sex, parse_date(raw)) for sex, raw in split] == [
        ("M", (dt.date(1980, 1, 2), "day")),
        ("F", (dt.date(1975, 1, 1), "year")),
        ("F", (dt.date(1985, 3, 4), "day")),
    ]


# ------------------------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    "value, expected",
    [
        (unicodedata.normalize(NFD, "Nguyễn  Thị   Ánh"), "Nguyễn Thị Ánh"),
        ("'0912345678", "0912345678"),
        ("\u00a0Trần\u00a0Văn\u00a0 Bình\u00a0", "Trần Văn Bình"),
        ("Lê\u200bHoa", "LêHoa"),
        ("Hoàng\nThị\r\nMai", "Hoàng Thị Mai"),
        (123.0, "123"),
        (123, "123"),
        (1.5, "1.5"),
        (-7.0, "-7"),
        (dt.date(1985, 3, 4), "04/03/1985"),
        (dt.datetime(1985, 3, 4), "04/03/1985"),
        (dt.datetime(1985, 3, 4, 7, 5), "04/03/1985 07:05"),
        (dt.time(7, 5), "07:05"),
        (True, "TRUE"),
        (None, ""),
        ("   ", ""),
        ("'", ""),
    ],
)
def test_clean_cell_text(value, expected):
    cleaned = clean_cell_text(value)
    assert cleaned == expected
    assert unicodedata.is_normalized("NFC", cleaned)


def test_text_cells_from_a_real_workbook(tmp_path: Path):
    rows = [
        [unicodedata.normalize(NFD, "Đặng  Thị Hoàng")],
        ["'00070"],
        ["Phạm\u00a0Dũng "],
        [12345.0],
    ]
    sheet = read_workbook(
        write_xlsx(tmp_path / "t.xlsx", [SheetSpec("T", rows)]).read_bytes(), "t.xlsx"
    ).sheets[0]
    assert [clean_cell_text(row[0]) for row in sheet.rows] == [
        "Đặng Thị Hoàng",
        "00070",
        "Phạm Dũng",
        "12345",
    ]


@pytest.mark.parametrize(
    "value, width, expected",
    [
        (70, 5, "00070"),
        (70.0, 5, "00070"),
        ("70", 5, "00070"),
        ("'00070", 5, "00070"),
        (" 00070\u00a0", 5, "00070"),
        (70, None, "70"),
        (1, 2, "01"),
        ("HN-01", 5, "HN-01"),
        ("00070", 5, "00070"),
    ],
)
def test_parse_code_pads_numbers_back(value, width, expected):
    assert parse_code(value, width) == expected


@pytest.mark.parametrize(
    "value, width, message",
    [
        (70.5, 5, "'70.5' is not a valid code"),
        (-70, 5, "'-70' is not a valid code"),
        (True, 5, "'TRUE' is not a valid code"),
        (dt.date(2020, 1, 1), 5, "'01/01/2020' is not a valid code"),
        (123456, 5, "'123456' is longer than 5 digits"),
        (None, 5, "The cell is empty"),
    ],
)
def test_parse_code_refuses(value, width, message):
    assert error_of(parse_code, value, width) == message


# ------------------------------------------------------------------------------------------- term


@pytest.mark.parametrize(
    "value",
    [
        "2020-2025",
        "2020 - 2025",
        "2020 – 2025",
        "2020–2025",
        "2020—2025",
        "2020\u22122025",
        "Nhiệm kỳ 2020-2025",
        "'2020-2025",
    ],
)
def test_parse_term(value):
    assert parse_term(value) == (2020, 2025)


@pytest.mark.parametrize(
    "value, message",
    [
        ("2025-2020", "'2025-2020' is not a term: write it like 2020-2025"),
        ("2020", "'2020' is not a term: write it like 2020-2025"),
        ("2020-25", "'2020-25' is not a term: write it like 2020-2025"),
        ("2020 2025", "'2020 2025' is not a term: write it like 2020-2025"),
        (2020, "'2020' is not a term: write it like 2020-2025"),
        (None, "The cell is empty"),
    ],
)
def test_parse_term_refuses(value, message):
    assert error_of(parse_term, value) == message


# ---------------------------------------------------------------------------------- translations


def test_vietnamese_wording_is_ready_for_the_catalogue():
    assert parsing.VI_TRANSLATIONS["'%(value)s' is not a valid date"] == "'%(value)s' không phải ngày hợp lệ"
    assert parsing.VI_TRANSLATIONS["'%(value)s' is not a sex: write Nam or Nữ"] == (
        "'%(value)s' không phải giới tính: ghi Nam hoặc Nữ"
    )
    source = Path(parsing.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source))
    assert used == set(parsing.VI_TRANSLATIONS)
    for msgid, vietnamese in parsing.VI_TRANSLATIONS.items():
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", vietnamese))


# ---------------------------------------------------------------------------------------- fuzzing

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="0123456789/.-–— '\u00a0"),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["Nam", "Nữ", "nu", "31/02/1985", "2020-2025", "1985", "'00070", "\u200b"]),
)


@settings(max_examples=400, deadline=None)
@given(value=cell_values, other=cell_values, width=st.one_of(st.none(), st.integers(0, 12)))
def test_parsers_raise_nothing_but_cell_error(value, other, width):
    assert isinstance(clean_cell_text(value), str)
    for parse in (parse_date, parse_sex, parse_term, lambda v: parse_code(v, width)):
        try:
            parse(value)
        except CellError as error:
            assert error.message
    try:
        sex_from_split_birth_columns(value, other)
    except CellError as error:
        assert error.message
    try:
        parse_split_birth(value, other)
    except CellError as error:
        assert error.message and error.column in (None, MALE_COLUMN, FEMALE_COLUMN)
