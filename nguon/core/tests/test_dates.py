"""Dates typed on the web: dd/mm/yyyy first, ISO too, a year outside 1900–2200 refused in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.core.dates import parse_user_date


@pytest.mark.parametrize(
    ("text", "day"),
    [("25/09/2020", dt.date(2020, 9, 25)), ("5/9/2020", dt.date(2020, 9, 5)), ("25.09.2020", dt.date(2020, 9, 25)),
     ("2020-09-25", dt.date(2020, 9, 25)), (" 01-07-2025 ", dt.date(2025, 7, 1))],
)  # fmt: skip
def test_the_ways_officers_write_a_date(text, day):
    assert parse_user_date(text) == day


@pytest.mark.parametrize("text", ["0018-07-03", "01/01/0018", "31/02/2020", "hôm qua", ""])
def test_what_is_not_a_usable_date_is_refused_in_vietnamese(text):
    """A year like 0018 would make the age bands' arithmetic fail (a server error on the people page)."""
    with pytest.raises(ValueError) as error:
        parse_user_date(text)
    assert "năm" in str(error.value) or "ngày" in str(error.value)


def test_the_people_page_with_an_impossible_year_keeps_working(client, officer):
    """?at=01/01/0018 is refused with the shell's message, the page still answers."""
    client.force_login(officer)
    response = client.get("/people/?at=01/01/0018")
    assert response.status_code == 200
    assert "1900" in response.content.decode()
