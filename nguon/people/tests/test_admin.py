"""The person admin stores a person as the people services do, and writes one audit record per save."""

import pytest

from nguon.core.models import AuditRecord
from nguon.people.models import Person
from nguon.people.services import person_derived

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "  Đặng   Thị Hoàng ",
    "sex": "F",
    "birth_date": "1990-08-09",
    "birth_date_precision": "day",
}


def test_person_added_in_the_admin_has_the_services_keys_and_one_audit_record(admin_client, admin_user):
    response = admin_client.post("/admin/people/person/add/", FORM)
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.full_name == "Đặng Thị Hoàng"
    assert (person.search_key, person.sort_key) == person_derived("Đặng Thị Hoàng")
    record = AuditRecord.objects.get(model="people.person")
    assert (record.action, record.user, record.source) == ("create", admin_user, "admin")


def test_year_only_birth_is_stored_on_the_first_of_january(admin_client):
    """As person_create does: an officer who knows only the year may type any day of it."""
    response = admin_client.post("/admin/people/person/add/", {**FORM, "birth_date_precision": "year"})
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.birth_date.isoformat(), person.birth_display) == ("1990-01-01", "1990")


def test_empty_name_refused_on_its_field(admin_client):
    response = admin_client.post("/admin/people/person/add/", {**FORM, "full_name": "   "})
    assert response.status_code == 200
    assert "full_name" in response.context["adminform"].form.errors
    assert not Person.objects.exists() and not AuditRecord.objects.filter(model="people.person").exists()


def test_name_change_in_the_admin_moves_the_keys(admin_client):
    admin_client.post("/admin/people/person/add/", FORM)
    person = Person.objects.get()
    response = admin_client.post(
        f"/admin/people/person/{person.pk}/change/", {**FORM, "full_name": "Nguyễn Thị Hoàng Anh"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.search_key, person.sort_key) == person_derived("Nguyễn Thị Hoàng Anh")
    update = AuditRecord.objects.get(model="people.person", action="update")
    assert update.changes["full_name"] == ["Đặng Thị Hoàng", "Nguyễn Thị Hoàng Anh"]
