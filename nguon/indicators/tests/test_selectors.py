import datetime as dt

import pytest

from nguon.indicators.engine import (
    Female,
    IndicatorSpec,
    OrgScope,
    Unit,
    default_period,
    in_population,
    share,
)
from nguon.indicators.selectors import holdings_read, population_q
from nguon.organizations.services import post_create, tenure_create
from nguon.organizations.tests.factories import committee
from nguon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _read(spec, at, paths=(), period=None):
    period = period or default_period(at)
    return list(holdings_read(population_q(spec, paths=paths, at=at, period=period)))


def test_boundaries_and_filters():
    """A tenure ending on the reference date counts; one starting the day after does not; the database's
    population is the engine's (``in_population``) on every holding read."""
    org, _body, term, member = committee()
    chair = post_create(organization=org, name="Bí thư", is_key=True, is_leader=True)
    a, b, c = PersonFactory(sex="F"), PersonFactory(sex="M"), PersonFactory(sex="F")
    at = D(2020, 9, 25)
    tenure_create(
        person=a, post=member, term=term, start_date=D(2020, 5, 1), end_date=at, start_reason="elected"
    )
    tenure_create(person=b, post=member, term=term, start_date=D(2020, 5, 1), start_reason="elected")
    tenure_create(
        person=c, post=member, term=term, start_date=at + dt.timedelta(days=1), start_reason="designated"
    )
    tenure_create(person=a, post=chair, start_date=D(2019, 1, 1), start_reason="appointed")
    members = IndicatorSpec(
        "m", "m", "active", Unit.PEOPLE, "female",
        scopes=(OrgScope(kinds=("grassroots_party",)),), body_kinds=("executive_committee",),
    )  # fmt: skip
    result = share(_read(members, at, [org.area.path]), Female(), at)
    assert (result.numerator, result.denominator) == (1, 2)
    everyone = IndicatorSpec("e", "e", "active", Unit.PEOPLE, "female")
    seats = share(_read(everyone, at, [org.area.path]), Female(), at, Unit.SEATS)
    people = share(_read(everyone, at, [org.area.path]), Female(), at, Unit.PEOPLE)
    assert (seats.numerator, seats.denominator) == (2, 3)
    assert (people.numerator, people.denominator) == (1, 2)
    key = IndicatorSpec(
        "k", "k", "started", Unit.PEOPLE, "female", key_post=True, start_reasons=("appointed", "promoted")
    )
    started = _read(key, at, period=(D(2019, 1, 1), D(2019, 12, 31)))
    assert [x.person_id for x in started] == [a.pk]
    assert _read(key, at, period=(D(2019, 1, 2), D(2020, 12, 31))) == []
    for spec in (members, everyone, key):
        read = _read(spec, at, period=(D(2019, 1, 1), D(2019, 12, 31)))
        every = _read(IndicatorSpec("x", "x", "active", Unit.PEOPLE, "female"), at) + list(
            holdings_read(
                population_q(
                    IndicatorSpec("y", "y", "started", Unit.PEOPLE, "female"),
                    paths=(),
                    at=at,
                    period=(D(2000, 1, 1), D(2030, 1, 1)),
                )
            )
        )
        engine = {h.tenure_id for h in every if in_population(spec, h, at, (D(2019, 1, 1), D(2019, 12, 31)))}
        assert {h.tenure_id for h in read} == engine, spec.code
