"""Cell parsers for imported spreadsheets: dates, sex, codes, terms and plain text.

Every parser takes one raw cell value, as :mod:`nguon.imports.reading` gives it (``str``, ``int``,
``float``, ``bool``, ``date``, ``datetime``, ``time`` or ``None``), and returns a clean Python value or
raises :class:`CellError` whose message is ready to show to the user (translated through gettext).
No parser raises anything else, whatever the input: the importer can catch ``CellError`` alone.

The rules follow how Vietnamese offices fill their sheets: dates are day first (dd/mm/yyyy), a year
alone is common for birth dates, sex is written "Nam" / "Nữ" (with or without diacritics), codes lose
their leading zeros when Excel turns them into numbers, and text carries leading apostrophes,
non-breaking spaces and decomposed (NFD) accents pasted from the web or from old documents.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal, TypeAlias

from django.utils.translation import gettext as _

from nguon.core.text import clean_text, fold
from nguon.imports.reading import CellValue

DatePrecision: TypeAlias = Literal["day", "year"]
Sex: TypeAlias = Literal["F", "M"]

#: Dates outside this range are refused: no record of this registry can be older or later.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
#: A number in this range is read as a year ("1985" typed in a date column), not as an Excel serial.
YEAR_MIN = 1900
YEAR_MAX = 2100

# Excel's 1900 date system counts 1900-01-01 as day 1 and wrongly believes 1900-02-29 exists (day 60),
# so from day 61 on the epoch is 1899-12-30; before it, 1899-12-31.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY = 60

# Characters that hide in cells: Excel's text prefix, no-break and zero-width spaces, a BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_QUOTES = "'\u2018\u2019`"

_DAY_FIRST = re.compile(
    r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_YEAR_FIRST = re.compile(
    r"(?P<y>\d{4})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_YEAR_ONLY = re.compile(r"(?P<y>\d{4})(?:\.0+)?")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
_TERM = re.compile(
    r"(?:nhiem ky|nk)?\s*(?P<a>\d{4})\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*(?P<b>\d{4})"
)
_DIGITS = re.compile(r"\d+")

_MALE = frozenset({"nam", "nam gioi", "m", "male"})
_FEMALE = frozenset({"nu", "nu gioi", "f", "female"})


class CellError(ValueError):
    """A cell's value cannot be used; ``message`` is translated and ready to show to the user.

    ``column`` names the cell at fault when a parser reads several cells (:func:`parse_split_birth`:
    :data:`MALE_COLUMN` or :data:`FEMALE_COLUMN`); None when the single cell parsed, or the cells
    together, are at fault.
    """

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message


# ------------------------------------------------------------------------------------------- text


def _strip_cell_string(text: str) -> str:
    """NFC, invisible characters out, no-break spaces to spaces, runs of spaces collapsed, one Excel
    text-prefix apostrophe removed."""
    text = clean_text(text.translate(_INVISIBLE))
    if text and text[0] in _QUOTES:
        text = text[1:].lstrip()
    return text


def _number_text(value: int | float) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def clean_cell_text(value: CellValue) -> str:
    """Text of a cell as a person reads it: NFC, single spaces, no text-prefix apostrophe.

    Numbers that Excel stored as floats lose their ".0" ("123", not "123.0"); dates read dd/mm/yyyy;
    empty cells give "". Never raises.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return _strip_cell_string(str(value))


def _is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not _strip_cell_string(value))


def _empty_error() -> CellError:
    return CellError(_("The cell is empty"))


def parse_code(value: CellValue, width: int | None = None) -> str:
    """A code such as an area code: "00070" may arrive as the number 70 and is padded back to ``width``.

    Digit-only text is padded too (a CSV opened in Excel lost the zeros before it was saved again).
    Other text ("HN-01") is returned cleaned, unpadded. Raises :class:`CellError` when empty, when a
    number is not a whole non-negative number, or when the digits are longer than ``width``.
    """
    if _is_blank(value):
        raise _empty_error()
    shown = clean_cell_text(value)
    if isinstance(value, bool | dt.date | dt.time):
        raise CellError(_("'%(value)s' is not a valid code") % {"value": shown})
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0 or not float(value).is_integer():
            raise CellError(_("'%(value)s' is not a valid code") % {"value": shown})
        text = str(int(value))
    else:
        text = shown
    if width is not None and _DIGITS.fullmatch(text):
        if len(text) > width:
            raise CellError(
                _("'%(value)s' is longer than %(width)s digits") % {"value": shown, "width": width}
            )
        text = text.zfill(width)
    return text


# ------------------------------------------------------------------------------------------- dates


def excel_serial_to_date(serial: float) -> dt.date:
    """The date of an Excel serial number in the 1900 date system (time of day dropped).

    Day 1 is 1900-01-01; day 60 is Excel's phantom 1900-02-29 and raises ``ValueError``, as do
    serials below 1 or past 9999-12-31.
    """
    if not math.isfinite(serial) or serial < 1:
        raise ValueError(f"serial {serial!r} is before 1900-01-01")
    day = int(serial)
    if day == _EXCEL_FAKE_LEAP_DAY:
        raise ValueError("serial 60 is 1900-02-29, a day that never existed")
    if day < _EXCEL_FAKE_LEAP_DAY:
        day += 1
    try:
        return _EXCEL_EPOCH + dt.timedelta(days=day)
    except OverflowError as exc:
        raise ValueError(f"serial {serial!r} is past year 9999") from exc


def _year_typed_into_a_date_cell(value: dt.date) -> int | None:
    """The year a person typed into a date-formatted cell, which Excel then shows as a day of 1905.

    Typing 1960 into a cell formatted dd/mm/yyyy stores the serial 1960, displayed 13/05/1905; the
    reader gives that date. Every date from 14/03/1905 to 30/09/1905 (serials 1900 to 2100) is read
    back as the year, like the bare numbers 1900 to 2100 are: no record here can be of 1905.
    """
    if isinstance(value, dt.datetime) and value.time() != dt.time(0, 0):
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    serial = (day - _EXCEL_EPOCH).days
    return serial if YEAR_MIN <= serial <= YEAR_MAX else None


def _two_digit_year(yy: int, today: dt.date) -> int:
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


def _checked(day: dt.date, shown: str) -> dt.date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise CellError(_("'%(value)s' is not between 1900 and 2100") % {"value": shown})
    return day


def _date_from_string(text: str, today: dt.date) -> tuple[dt.date, DatePrecision]:
    invalid = CellError(_("'%(value)s' is not a valid date") % {"value": text})
    compact = text.replace(" ", "") if re.fullmatch(r"[\d/.\- ]+", text) else text
    if match := _YEAR_ONLY.fullmatch(compact):
        year = int(match["y"])
        if YEAR_MIN <= year <= YEAR_MAX:
            return dt.date(year, 1, 1), "year"
        raise CellError(_("'%(value)s' is not between 1900 and 2100") % {"value": text})
    if match := _DAY_FIRST.fullmatch(compact):
        year = int(match["y"])
        if len(match["y"]) == 2:
            year = _two_digit_year(year, today)
    elif match := _YEAR_FIRST.fullmatch(compact):
        year = int(match["y"])
    else:
        raise invalid
    try:
        day = dt.date(year, int(match["m"]), int(match["d"]))
    except ValueError:
        raise invalid from None
    return _checked(day, text), "day"


def parse_date(value: CellValue, *, today: dt.date | None = None) -> tuple[dt.date, DatePrecision]:
    """A date and its precision from a cell.

    Accepted: Excel date and date-time cells; Excel serial numbers (1900 system); text "dd/mm/yyyy",
    "d/m/yy", "dd.mm.yyyy", "dd-mm-yyyy", "yyyy-mm-dd" (an optional time after them is ignored); and a
    year alone, as text or number from 1900 to 2100, which gives ``(date(year, 1, 1), "year")``.
    Numbers above 2100 are Excel serials; numbers below 1900 are refused (a day or a code typed alone).
    A year typed into a date-formatted cell, which Excel shows as a day of 1905 (1960 → 13/05/1905),
    is read back as that year.
    Two-digit years up to this year's last two digits are 2000s, the others 1900s (``today`` fixes "this
    year" for tests). Every date must fall between 1900-01-01 and 2100-12-31.
    """
    if _is_blank(value):
        raise _empty_error()
    shown = clean_cell_text(value)
    if isinstance(value, bool | dt.time):
        raise CellError(_("'%(value)s' is not a valid date") % {"value": shown})
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        year = _year_typed_into_a_date_cell(value)
        if year is not None:
            return dt.date(year, 1, 1), "year"
        return _checked(day, shown), "day"
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < YEAR_MIN:
            raise CellError(_("'%(value)s' is not a valid date") % {"value": shown})
        if value < YEAR_MAX + 1:
            if not float(value).is_integer():
                raise CellError(_("'%(value)s' is not a valid date") % {"value": shown})
            return dt.date(int(value), 1, 1), "year"
        try:
            day = excel_serial_to_date(value)
        except ValueError:
            raise CellError(_("'%(value)s' is not between 1900 and 2100") % {"value": shown}) from None
        return _checked(day, shown), "day"
    return _date_from_string(shown, today or dt.date.today())


# --------------------------------------------------------------------------------------------- sex


def parse_sex(value: CellValue) -> Sex:
    """ "F" or "M" from "Nam" / "Nữ" in any case, NFC or NFD, with or without diacritics ("nu"), from
    "M" / "F" and from "Male" / "Female". Anything else ("x", "1", a number) raises :class:`CellError`."""
    if _is_blank(value):
        raise _empty_error()
    shown = clean_cell_text(value)
    if isinstance(value, str):
        key = re.sub(r"[\s.:]+", " ", fold(shown)).strip()
        if key in _MALE:
            return "M"
        if key in _FEMALE:
            return "F"
    raise CellError(_("'%(value)s' is not a sex: write Nam or Nữ") % {"value": shown})


def sex_from_split_birth_columns(male_cell: CellValue, female_cell: CellValue) -> tuple[Sex, CellValue]:
    """The classic form with two birth-date columns, "Nam" and "Nữ": the filled one tells the sex.

    Returns ``(sex, the raw birth value)`` for :func:`parse_date`. Both filled, or both empty, raises
    :class:`CellError`.
    """
    male, female = not _is_blank(male_cell), not _is_blank(female_cell)
    if male and female:
        raise CellError(_("Both birth date columns, Nam and Nữ, are filled: keep only one"))
    if male:
        return "M", male_cell
    if female:
        return "F", female_cell
    raise CellError(_("The birth date is missing: write it under Nam or under Nữ"))


#: Which of the two birth-date columns a :class:`CellError` of :func:`parse_split_birth` is about.
MALE_COLUMN = "male"
FEMALE_COLUMN = "female"


def parse_split_birth(
    male_cell: CellValue, female_cell: CellValue, *, today: dt.date | None = None
) -> tuple[Sex, dt.date, DatePrecision]:
    """Sex, birth date and its precision from the two-column form ("Ngày sinh" over "Nam" and "Nữ").

    A bad date raises :class:`CellError` with ``column`` set to the column that holds it
    (:data:`FEMALE_COLUMN` for a bad date under "Nữ"), so the error marks the cell the person must
    change; both cells filled, or neither, raise it with ``column=None`` (the pair is at fault).
    """
    sex, raw = sex_from_split_birth_columns(male_cell, female_cell)
    try:
        day, precision = parse_date(raw, today=today)
    except CellError as error:
        raise CellError(error.message, column=MALE_COLUMN if sex == "M" else FEMALE_COLUMN) from None
    return sex, day, precision


# -------------------------------------------------------------------------------------------- term


def parse_term(value: CellValue) -> tuple[int, int]:
    """A term such as "2020-2025", "2020 – 2025", "2020–2025" or "2020—2025" as ``(2020, 2025)``.

    "Nhiệm kỳ 2020-2025" is accepted too. The first year must come before the second, both between
    1900 and 2100; anything else raises :class:`CellError`.
    """
    if _is_blank(value):
        raise _empty_error()
    shown = clean_cell_text(value)
    if isinstance(value, str):
        key = fold(shown)
        if match := _TERM.fullmatch(key):
            start, end = int(match["a"]), int(match["b"])
            if YEAR_MIN <= start < end <= YEAR_MAX:
                return start, end
    raise CellError(_("'%(value)s' is not a term: write it like 2020-2025") % {"value": shown})


#: Vietnamese wording of every message above, to be copied into nguon/locale/vi/LC_MESSAGES/django.po.
VI_TRANSLATIONS: dict[str, str] = {
    "The cell is empty": "Ô này đang để trống",
    "'%(value)s' is not a valid date": "'%(value)s' không phải ngày hợp lệ",
    "'%(value)s' is not between 1900 and 2100": "'%(value)s' không nằm trong khoảng từ năm 1900 đến năm 2100",
    "'%(value)s' is not a valid code": "'%(value)s' không phải mã hợp lệ",
    "'%(value)s' is longer than %(width)s digits": "'%(value)s' dài hơn %(width)s chữ số",
    "'%(value)s' is not a sex: write Nam or Nữ": "'%(value)s' không phải giới tính: ghi Nam hoặc Nữ",
    "Both birth date columns, Nam and Nữ, are filled: keep only one": (
        "Cả hai cột ngày sinh Nam và Nữ đều có dữ liệu: chỉ giữ lại một cột"
    ),
    "The birth date is missing: write it under Nam or under Nữ": (
        "Thiếu ngày sinh: ghi vào cột Nam hoặc cột Nữ"
    ),
    "'%(value)s' is not a term: write it like 2020-2025": (
        "'%(value)s' không phải nhiệm kỳ: ghi theo dạng 2020-2025"
    ),
}
