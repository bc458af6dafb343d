import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from nguon.core.models import AuditRecord
from nguon.core.scope import UNRESTRICTED
from nguon.people.models import Person
from nguon.people.selectors import person_search
from nguon.people.services import person_create, person_update

pytestmark = pytest.mark.django_db


def _p(name, sex="F", **kw):
    return person_create(full_name=name, sex=sex, birth_date=dt.date(1985, 3, 2), **kw)


def test_name_stored_nfc_and_search_without_diacritics():
    person = _p(unicodedata.normalize("NFD", "Đặng  Thị Hoàng"))
    assert person.full_name == "Đặng Thị Hoàng"
    assert unicodedata.is_normalized("NFC", Person.objects.get().full_name)
    _p("Nguyễn Văn Hùng", "M")
    assert [p.full_name for p in person_search(scope=UNRESTRICTED, query="hoang")] == ["Đặng Thị Hoàng"]
    assert [p.full_name for p in person_search(scope=UNRESTRICTED, query="dang")] == ["Đặng Thị Hoàng"]
    assert [p.full_name for p in person_search(scope=UNRESTRICTED, query="ĐẶNG hoàng")] == ["Đặng Thị Hoàng"]


def test_database_orders_people_in_vietnamese_order():
    for name in ["Bùi Ơn", "Vũ Ô", "Hoàng Đào", "Phạm Dũng", "Trần Ân", "Đặng Thị Ánh", "Nguyễn Văn Anh"]:
        _p(name)
    assert [p.full_name for p in Person.objects.all()] == [
        "Nguyễn Văn Anh",
        "Đặng Thị Ánh",
        "Trần Ân",
        "Phạm Dũng",
        "Hoàng Đào",
        "Vũ Ô",
        "Bùi Ơn",
    ]


def test_year_only_birth_date_counts_from_first_of_january():
    person = person_create(
        full_name="Lê Thị Mai", sex="F", birth_date=dt.date(1990, 8, 9), birth_date_precision="year"
    )
    assert person.birth_date == dt.date(1990, 1, 1)
    assert person.birth_display == "1990"
    assert person.age_on(dt.date(2020, 1, 1)) == 30
    assert person.age_on(dt.date(2019, 12, 31)) == 29


def test_empty_name_refused_and_nothing_written():
    audits = AuditRecord.objects.count()
    with pytest.raises(ValidationError):
        _p("   ")
    assert not Person.objects.exists() and AuditRecord.objects.count() == audits


def test_update_is_audited_with_user_and_changes(officer):
    person = _p("Lê Thị Mai", acting_user=officer)
    person_update(person=person, data={"full_name": "Lê Thị Mai Anh"}, acting_user=officer)
    record = AuditRecord.objects.filter(action="update").get()
    assert record.user == officer
    assert record.changes["full_name"] == ["Lê Thị Mai", "Lê Thị Mai Anh"]
    assert Person.objects.get().search_key == "le thi mai anh"
