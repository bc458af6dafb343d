"""Dates as officers type them on the web: dd/mm/yyyy first (also d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy), ISO too."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
MIN_YEAR, MAX_YEAR = 1900, 2200  # births, terms and reference dates all lie inside; age arithmetic too
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_user_date(text: str) -> dt.date:
    """The date written in ``text``; ValueError with a Vietnamese message ("ngày/tháng/năm") otherwise."""
    m = _DMY.match(text or "")
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO.match(text or "")
        if not m:
            raise ValueError(
                _("'%(value)s' is not a date: write it as day/month/year, e.g. 25/09/2020.") % {"value": text}
            )
        year, month, day = (int(g) for g in m.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            _("'%(value)s': the year must be between %(first)s and %(last)s.")
            % {"value": text.strip(), "first": MIN_YEAR, "last": MAX_YEAR}
        )
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise ValueError(
            _("'%(value)s' is not a date of the calendar (day %(day)s, month %(month)s, year %(year)s).")
            % {"value": text.strip(), "day": day, "month": month, "year": year}
        ) from error
