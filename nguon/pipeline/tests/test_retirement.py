"""Retirement ages and dates against Decree 135/2020/NĐ-CP, Appendix I (written out here from the decree's
text, by ranges of birth months, independently of the roadmap data the code reads)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nguon.pipeline.retirement import parse_born, retirement, retirement_text

# (sex, first birth month, last birth month, age years, age months, month of retirement of the first birth)
# Appendix I, "lao động nam" and "lao động nữ"; before the roadmap, Labour Code 2012: 60 and 55.
APPENDIX = [
    ("M", (1950, 1), (1960, 12), 60, 0, (2010, 1)),
    ("M", (1961, 1), (1961, 9), 60, 3, (2021, 4)),
    ("M", (1961, 10), (1962, 6), 60, 6, (2022, 4)),
    ("M", (1962, 7), (1963, 3), 60, 9, (2023, 4)),
    ("M", (1963, 4), (1963, 12), 61, 0, (2024, 4)),
    ("M", (1964, 1), (1964, 9), 61, 3, (2025, 4)),
    ("M", (1964, 10), (1965, 6), 61, 6, (2026, 4)),
    ("M", (1965, 7), (1966, 3), 61, 9, (2027, 4)),
    ("M", (1966, 4), (1990, 12), 62, 0, (2028, 4)),
    ("F", (1955, 1), (1965, 12), 55, 0, (2010, 1)),
    ("F", (1966, 1), (1966, 8), 55, 4, (2021, 5)),
    ("F", (1966, 9), (1967, 4), 55, 8, (2022, 5)),
    ("F", (1967, 5), (1967, 12), 56, 0, (2023, 5)),
    ("F", (1968, 1), (1968, 8), 56, 4, (2024, 5)),
    ("F", (1968, 9), (1969, 4), 56, 8, (2025, 5)),
    ("F", (1969, 5), (1969, 12), 57, 0, (2026, 5)),
    ("F", (1970, 1), (1970, 8), 57, 4, (2027, 5)),
    ("F", (1970, 9), (1971, 4), 57, 8, (2028, 5)),
    ("F", (1971, 5), (1971, 12), 58, 0, (2029, 5)),
    ("F", (1972, 1), (1972, 8), 58, 4, (2030, 5)),
    ("F", (1972, 9), (1973, 4), 58, 8, (2031, 5)),
    ("F", (1973, 5), (1973, 12), 59, 0, (2032, 5)),
    ("F", (1974, 1), (1974, 8), 59, 4, (2033, 5)),
    ("F", (1974, 9), (1975, 4), 59, 8, (2034, 5)),
    ("F", (1975, 5), (1990, 12), 60, 0, (2035, 5)),
]


def _months(first: tuple[int, int], last: tuple[int, int]):
    y, m = first
    while (y, m) <= last:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _expected():
    for sex, first, last, years, months, retire_first in APPENDIX:
        ry, rm = retire_first
        for y, m in _months(first, last):
            yield sex, y, m, years, months, (ry, rm)
            ry, rm = (ry + 1, 1) if rm == 12 else (ry, rm + 1)


EXPECTED = list(_expected())


def test_the_appendix_covers_every_month_of_1960_to_1990_for_both_sexes():
    covered = {(s, y, m) for s, y, m, *_ in EXPECTED}
    assert all((s, y, m) in covered for s in "MF" for y in range(1960, 1991) for m in range(1, 13))


@pytest.mark.parametrize(("sex", "year", "month", "years", "months", "retire"), EXPECTED)
def test_retirement_follows_the_decrees_appendix(sex, year, month, years, months, retire):
    result = retirement(sex=sex, birth_year=year, birth_month=month)
    assert (result.age_years, result.age_months) == (years, months)
    assert (result.date.year, result.date.month) == retire
    assert (result.date + dt.timedelta(days=1)).day == 1  # the last day of the month


def test_the_issues_example_in_vietnamese():
    """Born 05/1972, a woman retires on 30/09/2030 at 58 years 4 months."""
    result = retirement(sex="F", birth_year=1972, birth_month=5)
    assert result.date == dt.date(2030, 9, 30)
    assert retirement_text(result) == "nghỉ hưu ngày 30/09/2030 (58 tuổi 4 tháng)"


def test_a_year_only_birth_counts_from_january_and_says_so():
    result = retirement(sex="M", birth_year=1964, birth_month=None)
    assert result == retirement(sex="M", birth_year=1964, birth_month=1).__class__(
        **{**retirement(sex="M", birth_year=1964, birth_month=1).__dict__, "year_only": True}
    )
    assert "chỉ biết năm sinh" in retirement_text(result)


@given(sex=st.sampled_from("MF"), year=st.integers(1940, 2010), month=st.integers(1, 12))
def test_the_age_is_the_one_set_for_the_year_it_is_reached(sex, year, month):
    """Property: the retirement falls in the year whose roadmap age it uses, and one month later in life
    never retires earlier."""
    from nguon.pipeline.retirement import roadmap

    result = retirement(sex=sex, birth_year=year, birth_month=month)
    assert roadmap().age_in(sex, result.date.year) == (result.age_years, result.age_months)
    later = retirement(sex=sex, birth_year=year + (month == 12), birth_month=month % 12 + 1)
    assert later.date >= result.date


@pytest.mark.parametrize(
    ("text", "parsed"), [("05/1972", (1972, 5)), ("5/1972", (1972, 5)), ("1972", (1972, None))]
)
def test_born_as_officers_write_it(text, parsed):
    assert parse_born(text) == parsed


@pytest.mark.parametrize("text", ["13/1972", "1972/05", "abc", "", "05/72"])
def test_a_month_of_birth_that_cannot_be_read_is_refused_in_vietnamese(text):
    with pytest.raises(ValueError) as error:
        parse_born(text)
    assert "sinh" in str(error.value)
