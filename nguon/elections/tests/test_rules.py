"""The share rules of candidate lists at their boundaries (the 35% line: 7/20 meets it, 6/20 does not),
the document in force by the election date, and a property against a brute-force reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from .. import rules
from ..rules import CandidateFacts, ListFacts, list_checks

COUNCIL_2021 = dt.date(2021, 5, 23)
CONGRESS_2020 = dt.date(2020, 9, 25)


def _facts(women: int, men: int, *, kind="peoples_council", on=COUNCIL_2021, level="commune", born=None):
    born = born or dt.date(1970, 1, 1)
    people = [CandidateFacts("F", born)] * women + [CandidateFacts("M", born)] * men
    return ListFacts(kind=kind, election_date=on, level=level, candidates=people)


def _by_code(verdicts):
    return {v.code: v for v in verdicts}


def test_35_percent_line():
    ok = _by_code(list_checks(_facts(7, 13)))["women-share"]
    assert ok.ok
    assert ok.explanation.startswith("Danh sách có 7/20 nữ (35,0%)")
    assert "35%" in ok.explanation and "85/2015/QH13" in ok.document
    not_ok = _by_code(list_checks(_facts(6, 14)))["women-share"]
    assert not not_ok.ok
    assert "6/20 nữ (30,0%)" in not_ok.explanation and "cần thêm 1 nữ" in not_ok.explanation


def test_rounding_is_not_used_at_the_line():
    # 34,96% shows as "35,0%" but does not meet 35%
    v = _by_code(list_checks(_facts(201, 374)))["women-share"]
    assert "201/575 nữ (35,0%)" in v.explanation
    assert not v.ok and "cần thêm 1 nữ" in v.explanation


def test_party_congress_is_a_guide_of_directive_35():
    v = _by_code(list_checks(_facts(3, 17, kind="party_congress", on=CONGRESS_2020)))["women-share"]
    assert v.ok and "35-CT/TW" in v.document and "định hướng" in v.explanation
    v = _by_code(list_checks(_facts(2, 18, kind="party_congress", on=CONGRESS_2020)))["women-share"]
    assert not v.ok and "cần thêm 1 nữ" in v.explanation


def test_young_share_by_level_and_age_40():
    young = dt.date(1981, 9, 26)  # 39 on 25/9/2020
    forty = dt.date(1980, 9, 25)  # 40 on the day: not young
    people = [CandidateFacts("M", young)] + [CandidateFacts("M", forty)] * 9
    district = ListFacts("party_congress", CONGRESS_2020, "district", people)
    v = _by_code(list_checks(district))["young-share"]
    assert v.ok and "1/10" in v.explanation
    fewer = ListFacts("party_congress", CONGRESS_2020, "district", [CandidateFacts("M", forty)] * 10)
    assert not _by_code(list_checks(fewer))["young-share"].ok
    ward = ListFacts("party_congress", CONGRESS_2020, "commune", [CandidateFacts("M", forty)] * 10)
    assert _by_code(list_checks(ward))["young-share"].ok  # no figure at this level


def test_no_figure_where_no_document_sets_one():
    checks = _by_code(list_checks(_facts(1, 1)))
    assert checks["young-share"].ok and checks["ethnic-share"].ok
    after = _by_code(list_checks(_facts(0, 10, kind="party_congress", on=dt.date(2025, 6, 1))))
    assert after["women-share"].ok and "45-CT/TW" in after["women-share"].document
    assert list_checks(_facts(1, 1, kind="other")) == []


def test_ethnic_minority_counted():
    people = [
        CandidateFacts("F", dt.date(1970, 1, 1), "Tày"),
        CandidateFacts("F", dt.date(1970, 1, 1), "Kinh"),
    ]
    v = _by_code(list_checks(ListFacts("peoples_council", COUNCIL_2021, "commune", people)))["ethnic-share"]
    assert "1/2" in v.explanation


@given(
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
    st.sampled_from([Decimal(35), Decimal(15), Decimal("33.5"), Decimal(10)]),
)
def test_share_against_brute_force(women, men, value):
    n = women + men
    brute_ok = n > 0 and women / n * 100 >= float(value) - 1e-9
    assert rules.meets(women, n, value) == brute_ok
    # the fewest women among the same n places that meet the share
    fewest = next((k for k in range(n + 1) if k * 100 >= value * n), None)
    if n and fewest is not None:
        assert rules.needed(women, n, value) == max(0, fewest - women)
