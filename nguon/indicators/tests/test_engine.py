import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nguon.core.intervals import age_on, holds
from nguon.indicators.engine import AgeUnder, AllOf, Female, Holding, Unit, share

D = dt.date
AT = D(2020, 9, 25)


BORN = D(1990, 1, 1)


def h(tid, pid, sex="F", post=1, term=1, birth=BORN):
    return Holding(tid, pid, f"P{pid}", sex, birth, post, term, D(2020, 1, 1), None, "elected")


def test_person_with_two_seats_counts_once_among_people_twice_among_seats():
    rows = [h(1, 1, "F", post=1), h(2, 1, "F", post=2), h(3, 2, "M", post=1)]
    people = share(rows, Female(), AT, Unit.PEOPLE)
    seats = share(rows, Female(), AT, Unit.SEATS)
    assert (people.numerator, people.denominator) == (1, 2)
    assert (seats.numerator, seats.denominator) == (2, 3)
    assert people.numerator_people == (1,)


def test_age_threshold_measured_at_reference_date():
    rows = [h(1, 1, birth=D(1980, 9, 25)), h(2, 2, birth=D(1980, 9, 26))]
    result = share(rows, AgeUnder(40), AT)
    assert result.numerator_people == (2,)  # turned 40 on the reference date → not under 40


def test_empty_population_has_no_value():
    assert share([], Female(), AT).value is None


def test_value_is_unrounded_percentage():
    rows = [h(i, i, "F" if i < 10 else "M") for i in range(33)]
    assert float(share(rows, Female(), AT).value) == 10 / 33 * 100


people = st.integers(min_value=1, max_value=8)
dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2025, 12, 31))


@st.composite
def worlds(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    sexes = {pid: draw(st.sampled_from("FM")) for pid in range(1, 9)}
    births = {pid: draw(st.dates(min_value=D(1960, 1, 1), max_value=D(2000, 12, 31))) for pid in range(1, 9)}
    rows = []
    for tid in range(n):
        pid = draw(people)
        start = draw(dates)
        end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=D(2026, 12, 31))))
        rows.append(
            Holding(
                tid,
                pid,
                "",
                sexes[pid],
                births[pid],
                draw(st.integers(1, 3)),
                draw(st.sampled_from([None, 1])),
                start,
                end,
                "elected",
                organization_id=draw(st.integers(1, 3)),
            )
        )
    return rows


@settings(max_examples=200, deadline=None)
@given(
    worlds(),
    dates,
    st.sampled_from([Female(), AgeUnder(40), AllOf((Female(), AgeUnder(35)))]),
    st.sampled_from(list(Unit)),
)
def test_engine_matches_brute_force(rows, at, condition, unit):
    """Filtering active holdings then counting equals a literal count over people or seats."""
    active = [r for r in rows if holds(at, r.start_date, r.end_date)]
    result = share(active, condition, at, unit)

    def hit(r):
        female = r.sex == "F"
        young = age_on(r.birth_date, at) < 40
        if isinstance(condition, Female):
            return female
        if isinstance(condition, AgeUnder):
            return young
        return female and age_on(r.birth_date, at) < 35

    if unit is Unit.ORGANIZATIONS:
        everyone = {r.organization_id for r in active}
        hits = {r.organization_id for r in active if hit(r)}
    elif unit is Unit.PEOPLE:
        everyone = {r.person_id for r in active}
        hits = {r.person_id for r in active if hit(r)}
    else:
        everyone = {(r.person_id, r.post_id, r.term_id) for r in active}
        hits = {(r.person_id, r.post_id, r.term_id) for r in active if hit(r)}
    assert (result.numerator, result.denominator) == (len(hits), len(everyone))
