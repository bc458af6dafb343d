"""The conditions on people (``nguon.people.conditions``): pure, and the database's form of "young" agrees
with Python's on every date."""

import ast
import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from nguon.people import conditions
from nguon.people.conditions import (
    AgeUnderByLevel,
    AtLeast,
    EthnicMinority,
    is_at_least,
    is_ethnic_minority,
    is_under,
    latest_birth_date_under,
)

D = dt.date


@given(st.dates(D(1940, 1, 1), D(2010, 12, 31)), st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(1, 70))
def test_latest_birth_date_under_matches_is_under(birth, at, years):
    """Born after ``latest_birth_date_under(at, n)`` ⇔ under n on ``at`` (29 February included): the SQL
    count and the Python count draw the same line."""
    assert (birth > latest_birth_date_under(at, years)) == is_under(birth, at, years)


def test_conditions_on_plain_facts():
    class Facts:
        sex, birth_date, level, ethnicity, education, political_theory = (
            "F",
            D(1990, 5, 1),
            "commune",
            "Tày",
            "",
            "cao_cap",
        )

    at = D(2024, 5, 1)
    assert AgeUnderByLevel((("commune", 35),)).holds(Facts, at)  # 34 on the day before turning 35
    assert not AgeUnderByLevel((("district", 40),)).holds(Facts, at)  # no threshold for the level
    assert EthnicMinority().holds(Facts, at) and not is_ethnic_minority("KINH") and not is_ethnic_minority("")
    assert AtLeast("political_theory", "trung_cap", ("so_cap", "trung_cap", "cao_cap")).holds(Facts, at)
    assert not is_at_least("", "so_cap", ("so_cap",)) and not is_at_least("so_cap", "x", ("so_cap",))


def test_conditions_import_nothing_of_indicators_or_the_database():
    """The pipeline's rules can use them without importing the indicators or touching the database."""
    tree = ast.parse(Path(conditions.__file__).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not {m for m in modules if m and ("indicators" in m or m.startswith("django"))}
