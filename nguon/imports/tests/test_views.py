"""The upload → dry run → confirm flow on the site, with progress polling, and the downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from nguon.imports.models import ImportRecord
from nguon.imports.tests.test_services import PEOPLE_HEAD, areas, good_book, xlsx  # noqa: F401
from nguon.people.models import Person


@pytest.fixture
def officer_client(client, django_user_model):
    user = django_user_model.objects.create_user("canbo", password="x")
    client.force_login(user)
    return client


def _follow_progress(client, response):
    assert response.status_code == 302 and "/imports/progress/" in response.url
    state = client.get(response.url + "?format=json").json()
    assert state["url"]
    return client.get(state["url"])


def test_upload_check_then_confirm(officer_client, areas):  # noqa: F811
    upload = SimpleUploadedFile("can-bo.xlsx", good_book())
    preview = _follow_progress(officer_client, officer_client.post("/imports/", {"file": upload}))
    html = preview.content.decode()
    assert "đã kiểm tra (chưa ghi)" in html and "Nhập ngay" in html
    assert not Person.objects.exists()
    record = ImportRecord.objects.get()
    done = _follow_progress(officer_client, officer_client.post(f"/imports/{record.pk}/"))
    assert "đã nhập" in done.content.decode()
    assert Person.objects.count() == 3
    original = officer_client.get(f"/imports/{record.pk}/file")
    assert original.content == good_book() or original.content[:2] == b"PK"


def test_bad_upload_shows_errors_and_marked_workbook(officer_client, areas):  # noqa: F811
    bad = xlsx({"Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "Kinh", "", "", ""]]})
    preview = _follow_progress(
        officer_client, officer_client.post("/imports/", {"file": SimpleUploadedFile("x.xlsx", bad)})
    )
    html = preview.content.decode()
    assert "&#x27;31/02/1985&#x27; không phải ngày hợp lệ" in html and "Nhập ngay" not in html
    record = ImportRecord.objects.get()
    marked = load_workbook(io.BytesIO(officer_client.get(f"/imports/{record.pk}/errors.xlsx").content))
    assert marked["Cán bộ"].cell(1, 9).value == "Lỗi"


def test_other_users_cannot_see_an_import(officer_client, areas, client, django_user_model):  # noqa: F811
    officer_client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())})
    record = ImportRecord.objects.get()
    other = django_user_model.objects.create_user("khac", password="x")
    client.force_login(other)
    assert client.get(f"/imports/{record.pk}/").status_code == 404
    assert client.get(f"/imports/{record.pk}/file").status_code == 404


def test_template_and_export_downloads(officer_client, areas):  # noqa: F811
    template = load_workbook(io.BytesIO(officer_client.get("/templates/import.xlsx").content))
    assert template.sheetnames == ["Hướng dẫn", "Cán bộ", "Chức vụ"]
    officer_client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())})
    officer_client.post(f"/imports/{ImportRecord.objects.get().pk}/")
    export = load_workbook(io.BytesIO(officer_client.get("/exports/people-tenures.xlsx").content))
    assert export["Cán bộ"].max_row == 4 and export["Chức vụ"].max_row == 4
