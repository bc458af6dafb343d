"""The bulk path of imports: ids known before the rows go in, model defaults filled in, and one audit record
per row with the changes an ordinary creation records for the columns given (the importer gives them all)."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.core.audit import diff, snapshot
from nguon.core.bulk import RowsRefused, audit_inserted, insert_rows
from nguon.core.models import AuditRecord
from nguon.people.models import Person
from nguon.people.services import BULK_FIELDS, PersonRow, people_bulk_insert, person_create

pytestmark = pytest.mark.django_db

COLUMNS = ("full_name", "sex", "birth_date", "birth_date_precision", "search_key", "sort_key")


def test_rows_get_the_ids_returned_and_the_model_defaults():
    before = person_create(full_name="Lê Văn Trước", sex="M", birth_date=dt.date(1970, 1, 1))
    rows = [
        ("Nguyễn Thị Hoa", "F", dt.date(1985, 3, 12), "day", "nguyen thi hoa", "k1"),
        ("Trần Văn Nam", "M", dt.date(1979, 1, 1), "year", "tran van nam", "k2"),
    ]
    ids = insert_rows(Person, COLUMNS, rows)
    assert len(ids) == 2 and min(ids) > before.pk
    hoa, nam = (Person.objects.get(pk=pk) for pk in ids)
    assert (hoa.full_name, hoa.birth_date, hoa.code, hoa.party_admission_date) == (
        "Nguyễn Thị Hoa", dt.date(1985, 3, 12), "", None,
    )  # fmt: skip
    assert (nam.full_name, nam.birth_date_precision) == ("Trần Văn Nam", "year")
    # the next ordinary creation does not collide with the ids handed out
    after = person_create(full_name="Phạm Thị Sau", sex="F", birth_date=dt.date(1990, 1, 1))
    assert after.pk > max(ids)


def test_audit_records_say_what_an_ordinary_creation_says():
    rows = [("Nguyễn Thị Hoa", "F", dt.date(1985, 3, 12), "day", "nguyen thi hoa", "k1")]
    ids = insert_rows(Person, COLUMNS, rows)
    audit_inserted(
        model=Person,
        columns=COLUMNS,
        rows=rows,
        ids=ids,
        reprs=["Nguyễn Thị Hoa"],
        acting_user=None,
        source="t",
    )
    record = AuditRecord.objects.get(model="people.person", object_id=str(ids[0]))
    person = Person.objects.get(pk=ids[0])
    expected = {k: v for k, v in diff({}, snapshot(person)).items() if k in {"id", *COLUMNS}}
    assert record.changes == expected
    assert (record.action, record.object_repr, record.source, record.user) == (
        "create",
        "Nguyễn Thị Hoa",
        "t",
        None,
    )


def test_people_rows_are_typed_and_their_columns_declared_once():
    """``PersonRow`` is the one declaration of a person row's columns; positional tuples still fit."""
    assert PersonRow._fields == BULK_FIELDS
    typed = PersonRow("", "Nguyễn Thị Hoa", "F", dt.date(1985, 3, 12), "year")
    plain = ("", "Trần Văn Nam", "M", dt.date(1979, 5, 1), "day", "", "", "", None, "")
    ids = people_bulk_insert(rows=[typed, plain], source="t")
    hoa, nam = (Person.objects.get(pk=pk) for pk in ids)
    assert (hoa.birth_date, hoa.search_key) == (dt.date(1985, 1, 1), "nguyen thi hoa")
    assert nam.full_name == "Trần Văn Nam"
    assert AuditRecord.objects.filter(model="people.person", object_id__in=[str(i) for i in ids]).count() == 2


def test_bulk_insert_refuses_what_the_rule_refuses_and_writes_nothing():
    rows = [
        PersonRow("", "Nguyễn Thị Hoa", "F", dt.date(1985, 3, 12)),
        PersonRow("", "", "M", dt.date(1979, 1, 1)),
    ]
    with pytest.raises(RowsRefused) as error:
        people_bulk_insert(rows=rows)
    assert list(error.value.rows) == [1]
    assert error.value.rows[1]["full_name"][0].messages == ["Họ và tên không được để trống."]
    assert not Person.objects.exists() and not AuditRecord.objects.filter(model="people.person").exists()
