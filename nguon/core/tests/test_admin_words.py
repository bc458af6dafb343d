"""The admin speaks Vietnamese: no "BIRTH DISPLAY", no "Search key", no raw unit types or model paths."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.areas.tests.factories import AreaFactory
from nguon.people.services import person_create

pytestmark = pytest.mark.django_db


def test_the_admins_lists_show_labels_not_codes(admin_client):
    """People list: the birth column is "Ngày sinh"; areas: "phường" not "phuong"; the audit trail names
    the model ("người"), not "people.person"."""
    area = AreaFactory(kind="phuong", name="Phường Hàng Bạc")
    area.save()
    person_create(full_name="Hoàng Thị Lan", sex="F", birth_date=dt.date(1990, 5, 1))
    people = admin_client.get("/admin/people/person/").content.decode()
    assert "BIRTH DISPLAY" not in people.upper() and "Birth display" not in people
    assert "SEARCH KEY" not in people.upper()
    areas = admin_client.get("/admin/areas/area/").content.decode()
    assert ">phường<" in areas.replace("\n", "") or "phường</td>" in areas
    assert ">phuong<" not in areas
    audit = admin_client.get("/admin/core/auditrecord/").content.decode()
    assert ">people.person<" not in audit and ">người<" in audit
