"""People and tenures written through the API go through the same services as the pages and the importer:
the same rules, Vietnamese messages by field, the edit scope, the audit record of the acting user."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from nguon.core.models import AuditRecord
from nguon.organizations.models import Tenure
from nguon.people.models import Person

from .conftest import bearer


def _post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, data=data, content_type="application/json")


def _errors(response):
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def test_person_create_through_the_service(world, api_a, editor_a):
    """A person added with a dd/mm/yyyy birth date is stored by person_create (name cleaned, keys derived),
    answered with ISO dates, audited as the token's user."""
    response = _post(
        api_a,
        "/api/people/",
        {
            "full_name": "  Nguyễn   Thị Hoa ",
            "sex": "F",
            "birth_date": "25/09/1990",
            "dossier_organization": world.a.organization.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["birth_date"] == "1990-09-25" and body["full_name"] == "Nguyễn Thị Hoa"
    person = Person.objects.get(pk=body["id"])
    assert person.search_key == "nguyen thi hoa"
    record = AuditRecord.objects.get(model="people.person", object_id=str(person.pk))
    assert record.user == editor_a and record.source == "api"


def test_person_validation_errors_by_field_in_vietnamese(world, api_a):
    """Bad input answers 422 with each field and its Vietnamese message, and writes nothing."""
    before = Person.objects.count()
    errors = _errors(_post(api_a, "/api/people/", {"sex": "X", "birth_date": "31/02/1990"}))
    assert errors["full_name"] == "Trường này là bắt buộc."
    assert errors["sex"].startswith("Hãy chọn một trong các giá trị")
    assert "31/02/1990" in errors["birth_date"]
    errors = _errors(
        _post(api_a, "/api/people/", {"full_name": "   ", "sex": "F", "birth_date": "1990-01-01",
                                       "dossier_organization": world.a.organization.pk})
    )  # fmt: skip
    assert errors == {"full_name": "Họ tên đang để trống."} or "full_name" in errors
    errors = _errors(_post(api_a, "/api/people/", {"full_name": "A", "sex": "F", "birth_date": "1990-01-01"}))
    assert "dossier_organization" in errors  # an officer's new record must land in her scope
    assert Person.objects.count() == before


def test_person_outside_scope_refused(world, api_a, viewer_a):
    """A dossier organization of ward B is unknown to a ward A editor (422 on the field); a viewer may not
    write at all (403); a ward B person cannot be changed (404)."""
    errors = _errors(
        _post(api_a, "/api/people/", {"full_name": "A", "sex": "F", "birth_date": "1990-01-01",
                                       "dossier_organization": world.b.organization.pk})
    )  # fmt: skip
    assert errors["dossier_organization"] == "Không có tổ chức này trong phạm vi công tác của bạn."
    viewer = bearer(viewer_a)
    response = _patch(viewer, f"/api/people/{world.a.people[0].pk}/", {"full_name": "X"})
    assert response.status_code == 403 and "Phân công" in response.json()["detail"]
    response = _patch(api_a, f"/api/people/{world.b.people[0].pk}/", {"full_name": "X"})
    assert response.status_code == 404
    assert Person.objects.filter(full_name="X").count() == 0


def test_person_update_partial(world, api_a):
    person = world.a.people[0]
    response = _patch(api_a, f"/api/people/{person.pk}/", {"birth_date": "2/3/1981", "ethnicity": "Tày"})
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.birth_date == dt.date(1981, 3, 2) and person.ethnicity == "Tày"
    assert person.full_name == "Hoàng Thị Lan"
    assert _errors(_patch(api_a, f"/api/people/{person.pk}/", {"full_name": None})) == {
        "full_name": "Trường này là bắt buộc."
    }


def test_tenure_create_end_and_overlap(world, api_a):
    """A tenure starts through tenure_create, an overlapping one is refused on start_date with the
    service's Vietnamese message, and the tenure ends through tenure_end."""
    a = world.a
    person = Person.objects.create(full_name="Đỗ Văn Mới", sex="M", birth_date=dt.date(1990, 1, 1),
                                   search_key="do van moi", sort_key="x", dossier_organization=a.organization)  # fmt: skip
    data = {"person": person.pk, "post": a.post.pk, "term": a.term.pk, "start_date": "01/06/2021",
            "start_reason": "elected", "start_decision": "QĐ 12/QĐ-ĐU"}  # fmt: skip
    response = _post(api_a, "/api/tenures/", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["start_date"] == "2021-06-01" and body["person_name"] == "Đỗ Văn Mới"
    errors = _errors(_post(api_a, "/api/tenures/", {**data, "start_date": "2022-01-01"}))
    assert "trùng" in errors["start_date"] or "chồng" in errors["start_date"] or errors["start_date"]
    assert Tenure.objects.filter(person=person).count() == 1
    ended = _post(
        api_a, f"/api/tenures/{body['id']}/end/", {"end_date": "30/06/2024", "end_reason": "retired"}
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["end_date"] == "2024-06-30" and ended.json()["end_reason"] == "retired"
    bad = _errors(
        _post(api_a, f"/api/tenures/{body['id']}/end/", {"end_date": "01/01/2020", "end_reason": "retired"})
    )
    assert "end_date" in bad


def test_tenure_outside_scope_refused(world, api_a):
    """A ward A editor cannot start a tenure on ward B's post or for ward B's person: 422 on the field
    (the other ward's rows are as unknown as rows that do not exist)."""
    a, b = world.a, world.b
    data = {
        "person": a.people[0].pk,
        "post": b.post.pk,
        "start_date": "2021-01-01",
        "start_reason": "elected",
    }
    assert "post" in _errors(_post(api_a, "/api/tenures/", data))
    data = {
        "person": b.people[0].pk,
        "post": a.post.pk,
        "start_date": "2021-01-01",
        "start_reason": "elected",
    }
    assert _errors(_post(api_a, "/api/tenures/", data))["person"]
    assert Tenure.objects.count() == 4


def test_session_writes_need_the_csrf_token(world, editor_a):
    """A logged-in browser may call the API with its session; a write without the CSRF token is refused
    (403), with it the write goes through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    assert client.get("/api/people/").status_code == 200
    person = world.a.people[0]
    refused = _patch(client, f"/api/people/{person.pk}/", {"ethnicity": "Mường"})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get("/account/tokens/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    ok = client.patch(
        f"/api/people/{person.pk}/", data={"ethnicity": "Mường"}, content_type="application/json",
        headers={"X-CSRFToken": token},
    )  # fmt: skip
    assert ok.status_code == 200, ok.content


def test_second_writer_is_told_and_nothing_is_overwritten(world, api_a, editor_a):
    """Two officers read the same record; the first saves; the second, sending the version she read, gets
    409 with the service's Vietnamese message on ``version``, and the first one's change stays."""
    person = world.a.people[0]
    url = f"/api/people/{person.pk}/"
    version = api_a.get(url).json()["version"]
    other = bearer(editor_a, "máy thứ hai")
    first = _patch(other, url, {"ethnicity": "Tày", "version": version})
    assert first.status_code == 200 and first.json()["version"] != version
    second = _patch(api_a, url, {"ethnicity": "Nùng", "version": version})
    assert second.status_code == 409, second.content
    (error,) = second.json()["detail"]
    assert error["field"] == "version" and "người khác" in error["message"].lower()
    person.refresh_from_db()
    assert person.ethnicity == "Tày"
    tenure = world.a.tenures[0]
    read = api_a.get(f"/api/tenures/{tenure.pk}/").json()
    assert (
        _patch(api_a, f"/api/tenures/{tenure.pk}/", {"note": "một", "version": read["version"]}).status_code
        == 200
    )
    stale = _post(
        api_a,
        f"/api/tenures/{tenure.pk}/end/",
        {"end_date": "2024-01-31", "end_reason": "retired", "version": read["version"]},
    )
    assert stale.status_code == 409
    tenure.refresh_from_db()
    assert tenure.end_date is None and tenure.note == "một"
