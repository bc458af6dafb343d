"""The admin refuses what the services refuse (the entity's rule in the form), and saves through the
services: one audit record per write, with the acting user and source "admin"."""

import datetime as dt

import pytest

from nguon.areas.tests.factories import AreaFactory
from nguon.core.models import AuditRecord
from nguon.organizations.models import Organization, Post, Tenure
from nguon.organizations.services import tenure_create
from nguon.organizations.tests.factories import OrganizationFactory, committee
from nguon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _errors(response):
    assert response.status_code == 200, "the form was accepted"
    form = response.context["adminform"].form
    return {field: list(messages) for field, messages in form.errors.items()}


def test_post_whose_body_belongs_to_another_organization_is_refused(admin_client):
    """A post may be the seat of a body of its own organization only (as post_create says)."""
    org = OrganizationFactory()
    _other, other_body, _term, _post = committee()
    before = Post.objects.count(), AuditRecord.objects.count()
    response = admin_client.post(
        "/admin/organizations/post/add/",
        {"organization": org.pk, "body": other_body.pk, "name": "Ủy viên", "rank": 100},
    )
    assert _errors(response) == {"body": ["Cơ quan này thuộc một tổ chức khác."]}
    assert (Post.objects.count(), AuditRecord.objects.count()) == before


def test_organization_in_an_area_that_does_not_exist_on_its_start_is_refused(admin_client):
    area = AreaFactory(valid_from=D(2025, 7, 1))
    response = admin_client.post(
        "/admin/organizations/organization/add/",
        {
            "name": "Đảng bộ phường Mới",
            "kind": "grassroots_party",
            "area": area.pk,
            "valid_from": "2025-06-01",
        },
    )
    assert _errors(response) == {"area": [f"{area} không tồn tại vào ngày 01/06/2025."]}
    assert not Organization.objects.exists()


def test_organization_saved_through_the_service_with_one_audit_record(admin_client, admin_user):
    area = AreaFactory()
    response = admin_client.post(
        "/admin/organizations/organization/add/",
        {"name": "  Đảng bộ   phường Hàng Bạc ", "kind": "grassroots_party", "area": area.pk},
    )
    assert response.status_code == 302
    org = Organization.objects.get()
    assert (org.name, org.search_key) == ("Đảng bộ phường Hàng Bạc", "dang bo phuong hang bac")
    record = AuditRecord.objects.get(model="organizations.organization")
    assert (record.action, record.user, record.source) == ("create", admin_user, "admin")

    response = admin_client.post(
        f"/admin/organizations/organization/{org.pk}/change/",
        {"name": "Đảng bộ phường Hoàn Kiếm", "kind": "grassroots_party", "area": area.pk},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.search_key == "dang bo phuong hoan kiem"
    update = AuditRecord.objects.get(model="organizations.organization", action="update")
    assert update.changes["name"] == ["Đảng bộ phường Hàng Bạc", "Đảng bộ phường Hoàn Kiếm"]
    assert update.source == "admin" and update.user == admin_user


def test_tenure_overlap_refused_on_its_dates_and_an_edit_audited_once(admin_client):
    _org, _body, term, post = committee()
    person = PersonFactory()
    held = tenure_create(
        person=person, post=post, term=term, start_date=D(2020, 5, 1), start_reason="elected"
    )
    data = {
        "person": person.pk, "post": post.pk, "term": term.pk, "start_date": "2021-01-01",
        "start_reason": "elected",
    }  # fmt: skip
    response = admin_client.post("/admin/organizations/tenure/add/", data)
    assert _errors(response) == {
        "start_date": [
            f"{person.full_name} đã giữ chức danh {post.name} từ 01/05/2020 đến nay, trùng với khoảng thời gian này."
        ]
    }
    assert Tenure.objects.count() == 1
    response = admin_client.post(
        f"/admin/organizations/tenure/{held.pk}/change/",
        {**data, "start_date": "2020-05-01", "end_date": "2019-01-01"},
    )
    assert _errors(response) == {"end_date": ["Ngày kết thúc 01/01/2019 trước ngày bắt đầu 01/05/2020."]}
    response = admin_client.post(
        f"/admin/organizations/tenure/{held.pk}/change/",
        {**data, "start_date": "2020-05-01", "end_date": "2023-12-31", "end_reason": "rotated"},
    )
    assert response.status_code == 302
    records = AuditRecord.objects.filter(model="organizations.tenure", action="update")
    assert [r.changes for r in records] == [{"end_date": [None, "2023-12-31"], "end_reason": ["", "rotated"]}]


def test_bulk_delete_is_audited(admin_client):
    org = OrganizationFactory()
    response = admin_client.post(
        "/admin/organizations/organization/",
        {"action": "delete_selected", "_selected_action": [org.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Organization.objects.exists()
    record = AuditRecord.objects.get(model="organizations.organization", action="delete")
    assert record.source == "admin" and record.changes["name"] == [org.name, None]


def test_body_and_its_inline_terms_are_each_audited_once(admin_client, admin_user):
    org = OrganizationFactory()
    response = admin_client.post(
        "/admin/organizations/body/add/",
        {
            "organization": org.pk, "kind": "executive_committee", "name": "Ban Chấp hành",
            "terms-TOTAL_FORMS": 1, "terms-INITIAL_FORMS": 0,
            "terms-0-name": "2020–2025", "terms-0-start_date": "2020-05-01", "terms-0-end_date": "2025-06-30",
        },
    )  # fmt: skip
    assert response.status_code == 302
    records = AuditRecord.objects.filter(model__in=["organizations.body", "organizations.term"])
    assert sorted((r.model, r.action, r.source, r.user == admin_user) for r in records) == [
        ("organizations.body", "create", "admin", True),
        ("organizations.term", "create", "admin", True),
    ]
