"""The area admin checks an area by its rule and saves it through the area services."""

import pytest

from nguon.areas.models import Area
from nguon.areas.tests.factories import AreaFactory
from nguon.core.models import AuditRecord

pytestmark = pytest.mark.django_db
INLINES = {
    "predecessor_links-TOTAL_FORMS": 0, "predecessor_links-INITIAL_FORMS": 0,
    "successor_links-TOTAL_FORMS": 0, "successor_links-INITIAL_FORMS": 0,
}  # fmt: skip


def test_area_added_in_the_admin_gets_its_path_and_one_audit_record(admin_client, admin_user):
    province = AreaFactory(code="01", name="Thành phố Hà Nội", level="province")
    response = admin_client.post(
        "/admin/areas/area/add/",
        {"code": "00070", "name": "Phường Hoàn Kiếm", "level": "commune", "parent": province.pk,
         "valid_from": "2025-07-01", **INLINES},
    )  # fmt: skip
    assert response.status_code == 302
    ward = Area.objects.get(code="00070")
    assert (ward.path, ward.search_key) == (f"{province.path}{ward.pk}/", "phuong hoan kiem")
    record = AuditRecord.objects.get(model="areas.area", object_id=str(ward.pk))
    assert (record.action, record.user, record.source) == ("create", admin_user, "admin")


def test_reversed_dates_and_a_parent_that_does_not_exist_yet_are_refused(admin_client):
    province = AreaFactory(code="01", level="province", valid_from="2025-07-01")
    response = admin_client.post(
        "/admin/areas/area/add/",
        {"code": "00071", "name": "Phường Mới", "level": "commune", "parent": province.pk,
         "valid_from": "2025-01-01", "valid_to": "2024-12-31", **INLINES},
    )  # fmt: skip
    errors = response.context["adminform"].form.errors
    assert errors["valid_to"] == ["Ngày kết thúc 31/12/2024 trước ngày bắt đầu 01/01/2025."]
    assert "parent" in errors
    assert not Area.objects.filter(code="00071").exists()


def test_area_renamed_in_the_admin_is_audited_once(admin_client):
    ward = AreaFactory(name="Phường Hàng Trống")
    response = admin_client.post(
        f"/admin/areas/area/{ward.pk}/change/",
        {"name": "Phường Hàng  Trống mới", "level": "commune", "kind": "phuong", **INLINES},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    ward.refresh_from_db()
    assert ward.search_key == "phuong hang trong moi"
    assert AuditRecord.objects.filter(model="areas.area", action="update").count() == 1
