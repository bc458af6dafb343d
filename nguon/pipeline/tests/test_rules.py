"""The working-time rule of planning: its boundaries, the document in force, and its Vietnamese reasons."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from nguon.pipeline.retirement import retirement
from nguon.pipeline.rules import Candidate, TargetTerm, working_time_check

T2025 = TargetTerm("2025–2030", dt.date(2025, 7, 1), dt.date(2030, 6, 30))
T2030 = TargetTerm("2030–2035", dt.date(2030, 7, 1), dt.date(2035, 6, 30))


def test_the_issues_example():
    """Born 05/1972 she retires on 30/09/2030: not enough for the whole term 2030–2035."""
    verdict = working_time_check(
        candidate=Candidate("Nguyễn Thị A", "F", 1972, 5), term=T2030, approved_on=dt.date(2026, 3, 1)
    )
    assert not verdict.ok and verdict.document == "Quy định 377-QĐ/TW"
    assert verdict.explanation.startswith(
        "Bà Nguyễn Thị A, sinh 05/1972, nghỉ hưu ngày 30/09/2030 (58 tuổi 4 tháng): "
        "không đủ thời gian công tác trọn nhiệm kỳ 2030–2035"
    )


def test_the_birth_month_that_makes_the_difference():
    """A woman born 01/1972 retires on 31/05/2030, a month before the term 2025–2030 ends; born 02/1972, on
    30/06/2030, its last day: enough."""
    on = dt.date(2026, 3, 1)
    january = working_time_check(candidate=Candidate("Lê Thị B", "F", 1972, 1), term=T2025, approved_on=on)
    february = working_time_check(candidate=Candidate("Lê Thị C", "F", 1972, 2), term=T2025, approved_on=on)
    assert (january.ok, february.ok) == (False, True)
    assert "nghỉ hưu ngày 31/05/2030" in january.explanation
    assert "đủ thời gian công tác trọn nhiệm kỳ 2025–2030 (đến 30/06/2030)" in february.explanation


def test_a_first_planning_under_regulation_50_needs_two_terms_not_under_377():
    """A man born 03/1966 retires on 31/12/2027 (61 years 9 months): he serves 2020–2025 whole; a first planning
    approved in 2022 asks two terms (until 2030): refused; a pool approved in 2026 asks one."""
    man = Candidate("Trần Văn D", "M", 1966, 3)
    t2020 = TargetTerm("2020–2025", dt.date(2020, 7, 1), dt.date(2025, 6, 30))
    old = working_time_check(candidate=man, term=t2020, approved_on=dt.date(2022, 5, 1), first_planning=True)
    assert not old.ok and old.document == "Quy định 50-QĐ/TW"
    assert "2020–2025 và nhiệm kỳ kế tiếp (đến 30/06/2030)" in old.explanation
    again = working_time_check(candidate=man, term=t2020, approved_on=dt.date(2022, 5, 1))
    assert again.ok


def test_a_year_only_birth_says_it_is_counted_from_january():
    verdict = working_time_check(
        candidate=Candidate("Phạm Thị E", "F", 1980, None), term=T2030, approved_on=dt.date(2026, 1, 1)
    )
    assert verdict.ok and "Chỉ biết năm sinh" in verdict.explanation and "sinh 1980" in verdict.explanation


@given(
    sex=st.sampled_from("MF"),
    year=st.integers(1960, 1995),
    month=st.one_of(st.none(), st.integers(1, 12)),
    start=st.integers(2022, 2035),
    approved=st.dates(dt.date(2022, 1, 1), dt.date(2030, 12, 31)),
    first=st.booleans(),
)
def test_enough_time_means_retiring_on_or_after_the_last_day_needed(sex, year, month, start, approved, first):
    """Against a brute-force reading: ok exactly when the retirement date is on or after the end of the
    last term needed (one term, or two for a first planning under Regulation 50)."""
    term = TargetTerm(f"{start}–{start + 5}", dt.date(start, 7, 1), dt.date(start + 5, 6, 30))
    verdict = working_time_check(
        candidate=Candidate("X", sex, year, month), term=term, approved_on=approved, first_planning=first
    )
    two = first and approved <= dt.date(2025, 9, 30)
    needed_end = dt.date(start + (10 if two else 5), 6, 30)
    assert verdict.ok == (retirement(sex=sex, birth_year=year, birth_month=month).date >= needed_end)
