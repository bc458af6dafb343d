"""The upload → dry run → confirm flow on the site, with progress polling, and the downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from nguon.accounts.tests.factories import national_user
from nguon.imports.models import ImportRecord
from nguon.imports.pipeline import PENDING_KEPT, import_file
from nguon.imports.tests.test_services import PEOPLE_HEAD, areas, good_book, xlsx  # noqa: F401
from nguon.people.models import Person


@pytest.fixture
def officer_client(client, django_user_model):
    user = national_user("canbo", password="x")
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
    done = _follow_progress(
        officer_client, officer_client.post(f"/imports/{record.pk}/", {"create_structure": "on"})
    )
    assert "đã nhập" in done.content.decode()
    assert Person.objects.count() == 3
    assert ImportRecord.objects.get().pk == record.pk  # the pending check now holds the import's outcome
    assert ImportRecord.objects.get().status == "imported"
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
    other = national_user("khac", password="x")
    client.force_login(other)
    assert client.get(f"/imports/{record.pk}/").status_code == 404
    assert client.get(f"/imports/{record.pk}/file").status_code == 404


def test_template_and_export_downloads(officer_client, areas):  # noqa: F811
    template = load_workbook(io.BytesIO(officer_client.get("/templates/import.xlsx").content))
    assert template.sheetnames == ["Hướng dẫn", "Cán bộ", "Chức vụ"]
    officer_client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())})
    officer_client.post(f"/imports/{ImportRecord.objects.get().pk}/", {"create_structure": "on"})
    export = load_workbook(io.BytesIO(officer_client.get("/exports/people-tenures.xlsx").content))
    assert export["Cán bộ"].max_row == 4 and export["Chức vụ"].max_row == 4


def test_checks_abandoned_do_not_pile_up(officer_client, areas):  # noqa: F811
    """Each check keeps its file for the confirmation; only the user's last few are kept."""
    for i in range(PENDING_KEPT + 3):
        officer_client.post("/imports/", {"file": SimpleUploadedFile(f"a{i}.xlsx", good_book())})
    kept = list(ImportRecord.objects.order_by("id").values_list("filename", "status"))
    assert kept == [(f"a{i}.xlsx", "dry_run") for i in range(3, PENDING_KEPT + 3)]


@pytest.mark.parametrize("name", ["ngau-nhien.xlsx", "ngau-nhien.xls", "ngau-nhien.csv"])
def test_an_unreadable_upload_is_refused_before_anything_is_kept(officer_client, db, name):
    """Random bytes under a spreadsheet's name: the form says so, and no record, no file is kept."""
    data = bytes(range(256)) * 4096  # 1 MiB
    response = officer_client.post("/imports/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportRecord.objects.exists()


def test_the_marked_workbook_of_an_unreadable_file_is_never_a_server_error(officer_client, db):
    """A file that could not be read (imported by the command, say) has no workbook to mark: its link goes
    back to the page that lists its errors, and the page does not offer it."""
    user = ImportRecord._meta.get_field("user").related_model.objects.get(username="canbo")
    record = import_file(data=bytes(range(256)) * 64, filename="x.xlsx", acting_user=user).record
    response = officer_client.get(f"/imports/{record.pk}/errors.xlsx")
    assert response.status_code == 302 and response.url.startswith(f"/imports/{record.pk}/")
    page = officer_client.get(response.url).content.decode()
    assert "Tải tệp của bạn có đánh dấu các ô lỗi" not in page and "lỗi: không thể nhập" in page


def test_the_preview_counts_the_errors_not_listed_and_shows_the_notes(officer_client, areas):  # noqa: F811
    rows = [PEOPLE_HEAD, [1, 2, 3, 4, 5, 6, 7, 8]] + [
        ["", f"Nguyễn Văn {i}", "31/02/1985", "Nam", "Kinh", "", "", ""] for i in range(150)
    ]
    upload = SimpleUploadedFile("loi.xlsx", xlsx({"Cán bộ": rows}))
    html = _follow_progress(
        officer_client, officer_client.post("/imports/", {"file": upload})
    ).content.decode()
    assert "150 lỗi: không thể nhập" in html
    assert html.count("không phải ngày hợp lệ") == 100
    assert "Sheet &#x27;Cán bộ&#x27;: … và 50 lỗi khác ở cột &#x27;Ngày sinh&#x27;" in html
    assert "các dòng không được đọc là dữ liệu: 2 (dòng đánh số cột)." in html


def test_the_imports_pages_make_a_fixed_number_of_queries(officer_client, areas, django_assert_num_queries):  # noqa: F811
    """The upload page with its list of recent imports, and a preview, whatever the number of imports."""
    for i in range(3):
        officer_client.post("/imports/", {"file": SimpleUploadedFile(f"a{i}.xlsx", good_book())})
    record = ImportRecord.objects.first()
    with django_assert_num_queries(UPLOAD_PAGE_QUERIES):
        assert officer_client.get("/imports/").status_code == 200
    with django_assert_num_queries(PREVIEW_QUERIES):
        assert officer_client.get(f"/imports/{record.pk}/").status_code == 200


UPLOAD_PAGE_QUERIES = 4  # the session, the user, her assignments (the scope), the recent imports
PREVIEW_QUERIES = 4  # the session, the user, her assignments (the scope), the record


def test_a_protected_upload_is_refused_saying_why_and_a_1258_csv_note_is_shown(officer_client, areas):  # noqa: F811
    from nguon.imports.tests.test_reading import biff8_stream, compound_file
    from nguon.imports.tests.workbooks import csv_bytes

    locked = SimpleUploadedFile("khoa.xls", compound_file({"Workbook": biff8_stream(encrypted=True)}))
    response = officer_client.post("/imports/", {"file": locked})
    assert "mật khẩu" in response.content.decode() and not ImportRecord.objects.exists()
    rows = [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""]]
    upload = SimpleUploadedFile("can-bo.csv", csv_bytes(rows, encoding="cp1258"))
    html = _follow_progress(
        officer_client, officer_client.post("/imports/", {"file": upload})
    ).content.decode()
    assert "Windows-1258" in html and "Nhập ngay" in html
