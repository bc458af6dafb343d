import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nguon.core.models import AuditRecord
from nguon.organizations.models import Tenure
from nguon.organizations.services import tenure_create, tenure_end
from nguon.organizations.tests.factories import committee
from nguon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def seat():
    _org, _body, term, post = committee()
    return PersonFactory(), post, term


def _snapshot():
    return Tenure.objects.count(), AuditRecord.objects.count()


def test_tenure_end_before_start_refused_in_vietnamese(seat):
    person, post, term = seat
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        tenure_create(
            person=person,
            post=post,
            term=term,
            start_date=D(2021, 1, 1),
            end_date=D(2020, 1, 1),
            start_reason="elected",
        )
    assert error.value.messages == ["Ngày kết thúc 01/01/2020 trước ngày bắt đầu 01/01/2021."]
    assert _snapshot() == before


def test_overlapping_tenure_refused_in_vietnamese(seat, officer):
    person, post, term = seat
    tenure_create(
        person=person,
        post=post,
        term=term,
        start_date=D(2020, 5, 1),
        start_reason="elected",
        acting_user=officer,
    )
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        tenure_create(
            person=person, post=post, term=term, start_date=D(2021, 1, 1), start_reason="designated"
        )
    assert error.value.messages == [
        f"{person.full_name} đã giữ chức danh {post.name} từ 01/05/2020 đến nay, trùng với khoảng thời gian này."
    ]
    assert _snapshot() == before


def test_database_refuses_overlap_and_reversed_dates_without_the_service(seat):
    """The guarantees hold even for code that bypasses the services."""
    person, post, term = seat
    Tenure.objects.create(
        person=person,
        post=post,
        term=term,
        start_date=D(2020, 5, 1),
        end_date=D(2022, 1, 1),
        start_reason="elected",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenure.objects.create(
            person=person, post=post, term=term, start_date=D(2022, 1, 1), start_reason="elected"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenure.objects.create(
            person=person, post=post, start_date=D(2023, 1, 2), end_date=D(2023, 1, 1), start_reason="elected"
        )
    # adjacent intervals are fine: the day after the end
    Tenure.objects.create(
        person=person, post=post, term=term, start_date=D(2022, 1, 2), start_reason="elected"
    )
    assert Tenure.objects.count() == 2


def test_current_is_computed_from_dates(seat, officer):
    person, post, term = seat
    tenure = tenure_create(
        person=person, post=post, term=term, start_date=D(2020, 5, 1), start_reason="elected"
    )
    assert Tenure.objects.active_on(D(2024, 1, 1)).count() == 1
    tenure_end(tenure=tenure, end_date=D(2023, 12, 31), end_reason="rotated", acting_user=officer)
    assert Tenure.objects.active_on(D(2023, 12, 31)).count() == 1
    assert Tenure.objects.active_on(D(2024, 1, 1)).count() == 0
    record = AuditRecord.objects.filter(model="organizations.tenure", action="update").get()
    assert record.user == officer and record.changes["end_date"] == [None, "2023-12-31"]


def test_term_of_another_body_refused(seat):
    person, post, _ = seat
    _, _, other_term, _ = committee()
    with pytest.raises(ValidationError):
        tenure_create(
            person=person, post=post, term=other_term, start_date=D(2020, 5, 1), start_reason="elected"
        )
