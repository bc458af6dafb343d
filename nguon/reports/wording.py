"""How a Vietnamese review report says a number: wording that follows the value.

"hơn 33%" (a share just above a round figure), "30,3%", "đạt" / "chưa đạt", "tăng 2,1 điểm phần trăm so với
nhiệm kỳ trước", "Hoàn Kiếm, ngày 25 tháng 9 năm 2020". Pure functions over plain values; builders call
them, renderers never do. Numbers in Vietnamese format through ``nguon.core.formats``.

These strings are Vietnamese by nature (a Vietnamese office document), so they are written in Vietnamese here
rather than through gettext: the report is Vietnamese whatever the reader's interface language.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from nguon.core.formats import format_int, format_number, format_percent


def date_line(place: str, date: dt.date | None) -> str:
    """ "Hoàn Kiếm, ngày 25 tháng 9 năm 2020"; without a date, the blanks an office fills by hand."""
    when = f"ngày {date.day} tháng {date.month} năm {date.year}" if date else "ngày     tháng     năm"
    return f"{place}, {when}" if place else when.capitalize()


def date_text(date: dt.date | None) -> str:
    """dd/mm/yyyy ("25/09/2020"), the way tables and running text give a date."""
    return date.strftime("%d/%m/%Y") if date else ""


def period_text(start: dt.date, end: dt.date) -> str:
    """ "giai đoạn 2015 – 2020" over whole years, else "từ 01/10/2015 đến 25/09/2020"."""
    if start.year != end.year and start.month in (1, 10) and end.month in (9, 10, 12):
        return f"giai đoạn {start.year} – {end.year}"
    return f"từ {date_text(start)} đến {date_text(end)}"


def share_text(value: Decimal | float | None, *, approximate: bool = True) -> str:
    """A share as the review says it. With ``approximate``, a value just above a whole number reads "hơn N%"
    ("hơn 33%" for 33,3%), just below "gần N%" (for 45,8%: "gần 46%"), a whole number "N%"; otherwise the
    exact "30,3%". A share with no denominator is "—"."""
    if value is None:
        return "—"
    v = Decimal(str(value))
    exact = v.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if exact == exact.to_integral_value():
        return f"{format_int(int(exact))}%"
    if not approximate:
        return format_percent(exact)
    floor = v.to_integral_value(rounding=ROUND_DOWN)
    frac = v - floor
    if frac <= Decimal("0.5"):
        return f"hơn {format_int(int(floor))}%"
    return f"gần {format_int(int(floor) + 1)}%"


def percent(value: Decimal | float | None) -> str:
    """The exact share with one decimal: "30,3%"."""
    return format_percent(value)


def count(value: int) -> str:
    """ "3.321"."""
    return format_int(value)


def number(value: Decimal | float | int) -> str:
    """ "1.500.000", "37,5"."""
    return format_number(value)


def money(value: Decimal | int) -> str:
    """ "1.500.000 đồng"."""
    return f"{format_number(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))} đồng"


def met_text(met: bool | None) -> str:
    """ "đạt" / "chưa đạt" / "chưa có số liệu"."""
    if met is None:
        return "chưa có số liệu"
    return "đạt" if met else "chưa đạt"


def points_change(now: Decimal | float | None, before: Decimal | float | None, *, than: str) -> str:
    """ "tăng 2,1 điểm phần trăm so với nhiệm kỳ trước", "giảm 0,5 điểm phần trăm …", "bằng …"."""
    if now is None or before is None:
        return ""
    diff = (Decimal(str(now)) - Decimal(str(before))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if diff == 0:
        return f"bằng {than}"
    word = "tăng" if diff > 0 else "giảm"
    return f"{word} {format_number(abs(diff))} điểm phần trăm so với {than}"


def of_whom(total: int, part: int, what: str, part_what: str = "nữ") -> str:
    """ "615 cấp ủy viên, trong đó có 205 nữ (33,3%)"."""
    share = Decimal(part * 100) / Decimal(total) if total else None
    tail = f" ({percent(share)})" if share is not None else ""
    return f"{count(total)} {what}, trong đó có {count(part)} {part_what}{tail}"


def ordinal_lead(i: int) -> str:
    """ "Một là, ", "Hai là, " … the way lessons learnt are listed (from 1)."""
    words = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]
    return f"{words[i - 1]} là, " if 1 <= i <= len(words) else f"{i}. "


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def roman(i: int) -> str:
    """1 → "I" … 12 → "XII" (section numbers)."""
    return ROMAN[i - 1]


# --- programme review (appended) ------------------------------------------------------------------------------
def target_text(value: Decimal | float | int, comparator: str = "gte") -> str:
    """A target as a review states it: "từ 15% trở lên" (at least), "không quá 10%" (at most)."""
    shown = f"{format_number(Decimal(str(value)).normalize())}%"
    return f"không quá {shown}" if comparator == "lte" else f"từ {shown} trở lên"


def gap_people(gap: int, value: Decimal | float | int, who: str = "nữ") -> str:
    """ "cần thêm 3 nữ để đạt 15%" (the people a unit lacks to reach an "at least" target)."""
    return f"cần thêm {format_int(gap)} {who} để đạt {format_number(Decimal(str(value)).normalize())}%"


def duration_text(start: dt.date, end: dt.date) -> str:
    """How long a programme has run, as a review's title says it: "05 năm", "6 tháng". Past a year, the
    calendar years it spans, the way "tổng kết 05 năm" counts 2015 – 2020 (a period from January to December
    counts its last year too)."""
    months = round(((end - start).days + 1) / 30.4375)
    if months < 12:
        return f"{max(months, 1)} tháng"
    years = max(1, end.year - start.year + (1 if start.month == 1 and end.month == 12 else 0))
    return f"{years:02d} năm" if years < 10 else f"{years} năm"


def list_text(items: list[str] | tuple[str, ...], last: str = "và") -> str:
    """ "A", "A và B", "A, B và C"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def capitalize(text: str) -> str:
    """The first letter in upper case, the rest as written ("quận Hoàn Kiếm" → "Quận Hoàn Kiếm")."""
    return text[:1].upper() + text[1:]
