"""The order of qualification levels (pure) and a person's qualifications on a date (the database)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.tests.factories import PersonFactory
from nguon.training import qualifications as q
from nguon.training import selectors
from nguon.training.models import Course, Participation, Session

D = dt.date


def test_the_order_follows_people_choices():
    assert q.LEVEL_ORDER["political_theory"] == ("", "so_cap", "trung_cap", "cao_cap", "cu_nhan")
    assert q.LEVEL_ORDER["state_management"] == (
        "",
        "chuyen_vien",
        "chuyen_vien_chinh",
        "chuyen_vien_cao_cap",
    )
    assert q.LEVEL_ORDER["education"][0] == "" and q.LEVEL_ORDER["education"][-1] == "tien_si"


def test_at_least_at_the_boundaries():
    assert q.at_least("political_theory", "trung_cap", "trung_cap")
    assert not q.at_least("political_theory", "so_cap", "trung_cap")
    assert q.at_least("political_theory", "cao_cap", "trung_cap")
    assert q.at_least("education", "", "")
    assert not q.at_least("education", "", "dai_hoc")
    assert not q.at_least("education", "nonsense", "thpt")
    with pytest.raises(ValueError):
        q.at_least("education", "dai_hoc", "nonsense")
    assert q.higher("state_management", "chuyen_vien_chinh", "chuyen_vien") == "chuyen_vien_chinh"
    assert q.higher("state_management", "", "chuyen_vien") == "chuyen_vien"
    assert q.higher("education", "nonsense", "thpt") == "thpt"


fields = st.sampled_from(q.FIELDS)


@given(fields, st.data())
def test_higher_is_the_one_at_least_the_other(field, data):
    a = data.draw(st.sampled_from(q.LEVEL_ORDER[field]))
    b = data.draw(st.sampled_from(q.LEVEL_ORDER[field]))
    top = q.higher(field, a, b)
    assert top in (a, b)
    assert q.at_least(field, top, a) and q.at_least(field, top, b)
    assert q.at_least(field, a, b) or q.at_least(field, b, a)
    assert q.at_least(field, a, b) == (q.LEVEL_ORDER[field].index(a) >= q.LEVEL_ORDER[field].index(b))


def _course(org, kind, grants="", level=""):
    course = Course.objects.create(
        organizer=org, name=f"{kind} {level}", kind=kind, grants=grants, grants_level=level
    )
    return Session.objects.create(
        course=course, name="Lớp 1", start_date=D(2020, 3, 1), end_date=D(2020, 9, 30)
    )


@pytest.mark.django_db
def test_qualifications_on_a_date_from_record_and_completed_courses():
    org = OrganizationFactory()
    hoa = PersonFactory(full_name="Nguyễn Thị Hoa", political_theory="so_cap", education="dai_hoc")
    nam = PersonFactory(full_name="Trần Văn Nam", political_theory="cu_nhan")
    theory = _course(org, "political_theory", "political_theory", "cao_cap")
    leadership = _course(org, "leadership")
    management = _course(org, "state_management", "state_management", "chuyen_vien_chinh")
    Participation.objects.create(session=theory, person=hoa, result="completed", completed_on=D(2020, 9, 30))
    Participation.objects.create(
        session=leadership, person=hoa, result="completed", completed_on=D(2021, 1, 5)
    )
    Participation.objects.create(session=management, person=hoa, result="failed")
    Participation.objects.create(session=theory, person=nam, result="completed", completed_on=D(2020, 9, 30))
    with CaptureQueriesContext(connection) as queries:
        before = selectors.qualifications_on(person_ids=[hoa.pk, nam.pk, 10**9], at=D(2020, 9, 29))
    assert len(queries) == 1
    assert before[hoa.pk] == selectors.Qualifications("dai_hoc", "so_cap", "", False)
    assert 10**9 not in before
    on = selectors.qualifications_on(person_ids=[hoa.pk, nam.pk], at=D(2020, 9, 30))
    assert on[hoa.pk].political_theory == "cao_cap" and not on[hoa.pk].leadership_trained
    assert on[nam.pk].political_theory == "cu_nhan"  # the record is higher than the course
    later = selectors.qualifications_on(person_ids=[hoa.pk], at=D(2021, 1, 5))
    assert later[hoa.pk] == selectors.Qualifications("dai_hoc", "cao_cap", "", True)
    assert selectors.trained_share(person_ids=[hoa.pk, nam.pk, hoa.pk], at=D(2021, 1, 5)) == (1, 2)
    assert selectors.trained_share(person_ids=[hoa.pk, nam.pk], at=D(2021, 1, 4)) == (0, 2)


@pytest.mark.django_db
def test_completed_people_and_a_persons_trainings():
    org = OrganizationFactory()
    hoa = PersonFactory(full_name="Nguyễn Thị Hoa")
    mai = PersonFactory(full_name="Lê Thị Mai")
    theory = _course(org, "political_theory", "political_theory", "trung_cap")
    leadership = _course(org, "leadership")
    first = Participation.objects.create(
        session=theory, person=hoa, result="completed", completed_on=D(2020, 9, 30)
    )
    second = Participation.objects.create(session=leadership, person=hoa, result="enrolled")
    Participation.objects.create(
        session=leadership, person=mai, result="completed", completed_on=D(2021, 1, 1)
    )
    ids = [hoa.pk, mai.pk]
    assert selectors.completed_people(person_ids=ids, start=D(2020, 1, 1), end=D(2020, 12, 31)) == {hoa.pk}
    assert selectors.completed_people(person_ids=ids, start=D(2020, 9, 30), end=D(2021, 1, 1)) == {
        hoa.pk,
        mai.pk,
    }
    assert selectors.completed_people(person_ids=ids, start=D(2020, 10, 1), end=D(2020, 12, 31)) == set()
    assert selectors.completed_people(
        person_ids=ids, start=D(2020, 1, 1), end=D(2021, 12, 31), kinds=["leadership"]
    ) == {mai.pk}
    leadership.start_date = D(2021, 3, 1)
    leadership.save()
    assert list(selectors.person_trainings(person=hoa)) == [second, first]


completions = st.lists(
    st.tuples(
        st.integers(0, 2),  # which person
        st.sampled_from(
            [
                ("political_theory", "political_theory"),
                ("state_management", "state_management"),
                ("leadership", ""),
                ("professional", "education"),
            ]
        ),
        st.integers(0, 6),  # level index
        st.sampled_from(["completed", "completed", "failed", "withdrawn", "enrolled"]),
        st.integers(0, 40),  # completion: days after 1/1/2020
    ),
    max_size=8,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(completions, st.integers(0, 45), st.sampled_from(q.LEVEL_ORDER["political_theory"]))
def test_qualifications_on_agrees_with_a_plain_reading(rows, day, recorded):
    """The one-query reading equals, for every person, the higher of her record and the levels of the
    courses she completed by the date (leadership: a leadership course completed by then)."""
    at = D(2020, 1, 1) + dt.timedelta(days=day)
    with transaction.atomic():
        org = OrganizationFactory()
        people = [PersonFactory(full_name=f"Người {i}", political_theory=recorded) for i in range(3)]
        expected = {
            p.pk: {
                "education": p.education,
                "political_theory": p.political_theory,
                "state_management": p.state_management,
                "leadership": False,
            }
            for p in people
        }
        for n, (who, (kind, grants), index, result, offset) in enumerate(rows):
            order = q.LEVEL_ORDER.get(grants, ("",))
            level = order[index % len(order)] if grants else ""
            grants_ = grants if level else ""
            course = Course.objects.create(
                organizer=org, name=f"K{n}", kind=kind, grants=grants_, grants_level=level
            )
            session = Session.objects.create(course=course, name="L", start_date=D(2020, 1, 1))
            done = D(2020, 1, 1) + dt.timedelta(days=offset)
            person = people[who]
            Participation.objects.create(
                session=session,
                person=person,
                result=result,
                completed_on=done if result == "completed" else None,
            )
            if result == "completed" and done <= at:
                mine = expected[person.pk]
                if kind == "leadership":
                    mine["leadership"] = True
                if grants_ and q.rank(grants_, level) > q.rank(grants_, mine[grants_]):
                    mine[grants_] = level
        found = selectors.qualifications_on(person_ids=[p.pk for p in people], at=at)
        assert found == {
            pk: selectors.Qualifications(
                v["education"], v["political_theory"], v["state_management"], v["leadership"]
            )
            for pk, v in expected.items()
        }
        transaction.set_rollback(True)
