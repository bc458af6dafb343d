import datetime as dt

import pytest

from nguon.indicators.engine import Female, Unit, share
from nguon.indicators.selectors import OrgScope, Population, holdings_active_on, holdings_started_between
from nguon.organizations.services import post_create, tenure_create
from nguon.organizations.tests.factories import committee
from nguon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_boundaries_and_filters():
    """A tenure ending on the reference date counts; one starting the day after does not."""
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
    members = Population(
        area=org.area, scopes=(OrgScope(kinds=("grassroots_party",)),), body_kinds=("executive_committee",)
    )
    result = share(holdings_active_on(population=members, at=at), Female(), at)
    assert (result.numerator, result.denominator) == (1, 2)
    everyone = Population(area=org.area)
    seats = share(holdings_active_on(population=everyone, at=at), Female(), at, Unit.SEATS)
    people = share(holdings_active_on(population=everyone, at=at), Female(), at, Unit.PEOPLE)
    assert (seats.numerator, seats.denominator) == (2, 3)
    assert (people.numerator, people.denominator) == (1, 2)
    key = Population(key_post=True, start_reasons=("appointed", "promoted"))
    started = holdings_started_between(population=key, start=D(2019, 1, 1), end=D(2019, 12, 31))
    assert [x.person_id for x in started] == [a.pk]
    assert holdings_started_between(population=key, start=D(2019, 1, 2), end=D(2020, 12, 31)) == []
