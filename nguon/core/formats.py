"""Vietnamese number and date formats: decimal comma, thousands dot, dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache


def format_int(value: int) -> str:
    """3321 -> "3.321"."""
    return f"{value:,}".replace(",", ".")


def format_percent(value: float | Decimal | None, digits: int = 1) -> str:
    """41.666 -> "41,7%"; None -> "—". Rounds half up, as people do by hand."""
    if value is None:
        return "—"
    return _percent(str(value), digits)


# a national batch writes the same shares thousands of times; kept by their text (equal numbers may round
# apart: -0.0 and 0.0, Decimal(0.15) and 0.15)
@lru_cache(maxsize=65_536)
def _percent(value: str, digits: int) -> str:
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    integer, _, fraction = f"{rounded:.{digits}f}".partition(".")
    text = format_int(int(integer)) if not integer.startswith("-") else "-" + format_int(int(integer[1:]))
    return f"{text},{fraction}%" if digits else f"{text}%"


def format_number(value: Decimal | float | int) -> str:
    """15 -> "15", Decimal("37.50") -> "37,5": no trailing zeros, decimal comma."""
    text = f"{Decimal(str(value)).normalize():f}"
    integer, _, fraction = text.partition(".")
    sign = "-" if integer.startswith("-") else ""
    grouped = format_int(int(integer.lstrip("-") or 0))
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_date(value: dt.date | None) -> str:
    """date(2020, 9, 25) -> "25/9/2020" is informal; offices write "25/09/2020"."""
    return value.strftime("%d/%m/%Y") if value else ""
