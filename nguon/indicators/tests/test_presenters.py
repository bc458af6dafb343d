"""How the page, the panel and the Excel say a cell: counts with what they count, the target with its
document, the status in words, the gap in people first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nguon.indicators.engine import Cell, TargetSpec, UnitRef
from nguon.indicators.models import Indicator
from nguon.indicators.presenters import count_text, document_text, gap_text, status_label, target_text

TARGET = TargetSpec("t", "Chỉ thị 35-CT/TW", "gte", Decimal(15), dt.date(2025, 12, 31), "H", "")


def _cell(unit="people", num=0, den=10, gap=2, status="not_met", target=TARGET):
    ref = UnitRef(1, "00040", "Phường Bình", "commune", "/1/2/3/")
    return Cell(ref, "x", "X", unit, dt.date(2020, 9, 25), num, den, None, target, status, gap)


@pytest.mark.parametrize(
    ("unit", "count", "gap"),
    [
        ("people", "0/10 người", "cần thêm 2 nữ để đạt 15%"),
        ("seats", "0/10 ghế", "cần thêm 2 ghế do nữ giữ để đạt 15%"),
        ("organizations", "0/10 tổ chức", "cần thêm 2 tổ chức có nữ để đạt 15%"),
    ],
)
def test_people_seats_and_organizations_are_said_in_vietnamese(unit, count, gap):
    women = Indicator(code="x", name="X", numerator="female", unit=unit)
    assert count_text(_cell(unit)) == count and gap_text(_cell(unit), women) == gap


def test_the_gap_names_who_is_missing():
    young = Indicator(code="y", name="Y", numerator="young")
    assert gap_text(_cell(gap=1), young) == "cần thêm 1 cán bộ trẻ để đạt 15%"
    assert gap_text(_cell(gap=0, status="met"), young) == ""  # met: nothing is needed
    assert gap_text(_cell(gap=None, target=None, status="no_target"), young) == ""


def test_target_document_and_status_in_words():
    assert target_text(_cell()) == "≥ 15%" and document_text(_cell()) == "Chỉ thị 35-CT/TW, hạn 31/12/2025"
    assert [status_label(s) for s in ("met", "not_met", "no_target", "no_data")] == [
        "đạt", "chưa đạt", "chưa có chỉ tiêu", "chưa có dữ liệu",
    ]  # fmt: skip
