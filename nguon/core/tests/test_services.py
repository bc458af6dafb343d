"""model_update changes only the fields its caller's service allows, and only what changed."""

import datetime as dt

import pytest

from nguon.core.models import AuditRecord
from nguon.core.services import model_update
from nguon.people.models import Person
from nguon.people.services import person_create

pytestmark = pytest.mark.django_db


def test_a_field_outside_the_allow_list_is_refused_before_anything_is_set():
    person = person_create(full_name="Lê Thị Mai", sex="F", birth_date=dt.date(1985, 3, 2))
    with pytest.raises(ValueError, match="search_key"):
        model_update(
            instance=person,
            fields=["full_name"],
            data={"full_name": "X", "search_key": "x"},
            acting_user=None,
        )
    assert person.full_name == "Lê Thị Mai"
    assert Person.objects.get().search_key == "le thi mai"


def test_only_the_changed_fields_are_written_and_audited():
    person = person_create(full_name="Lê Thị Mai", sex="F", birth_date=dt.date(1985, 3, 2))
    model_update(
        instance=person, fields=["ethnicity", "sex"], data={"ethnicity": "Tày", "sex": "F"}, acting_user=None
    )
    record = AuditRecord.objects.get(action="update")
    assert record.changes == {"ethnicity": ["", "Tày"]}
    model_update(instance=person, fields=["ethnicity"], data={"ethnicity": "Tày"}, acting_user=None)
    assert AuditRecord.objects.filter(action="update").count() == 1
