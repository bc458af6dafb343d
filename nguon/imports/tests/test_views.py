"""The upload → dry run → confirm flow on the site, with progress polling, and the downloads."""

import io
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from openpyxl import load_workbook

from nguon.accounts.choices import AccessKind, Role
from nguon.accounts.models import PersonalDataAccess
from nguon.accounts.tests.factories import make_user, national_user
from nguon.areas.services import area_create
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
    officer_client.cookies["django_language"] = "en"  # the site in English: the workbook stays Vietnamese
    response = officer_client.get(f"/imports/{record.pk}/errors.xlsx")
    assert "-lỗi.xlsx" in unquote(response["Content-Disposition"])
    assert load_workbook(io.BytesIO(response.content))["Cán bộ"].cell(1, 9).value == "Lỗi"


def test_other_users_cannot_see_an_import(areas, client):  # noqa: F811
    """An officer's import is hers: another ward's officer gets 404 on its page, its files and its progress;
    an administrator reads it."""
    _city, district, ward = areas
    other_ward = area_create(code="00062", name="Phường Hàng Đào", level="commune", parent=district)
    officer = make_user("hangbac", area=ward, role=Role.EDITOR)
    client.force_login(officer)
    progress = client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())}).url
    record = ImportRecord.objects.get()
    client.force_login(make_user("hangdao", area=other_ward, role=Role.EDITOR))
    for url in (
        f"/imports/{record.pk}/",
        f"/imports/{record.pk}/file",
        f"/imports/{record.pk}/errors.xlsx",
        progress,
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/imports/{record.pk}/", {"create_structure": "on"}).status_code == 404
    assert "a.xlsx" not in client.get("/imports/").content.decode()
    client.force_login(national_user("quantri"))
    assert client.get(f"/imports/{record.pk}/").status_code == 200


def test_template_and_export_downloads(officer_client, areas):  # noqa: F811
    template = load_workbook(io.BytesIO(officer_client.get("/templates/import.xlsx").content))
    assert template.sheetnames[:3] == ["Hướng dẫn", "Cán bộ", "Chức vụ"]  # then the pipeline's kinds
    assert {"Học viên", "Quy hoạch"} <= set(template.sheetnames)
    assert template["Danh mục"].sheet_state == "hidden"  # the long drop-down lists (activity kinds)
    officer_client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())})
    officer_client.post(f"/imports/{ImportRecord.objects.get().pk}/", {"create_structure": "on"})
    export = load_workbook(io.BytesIO(officer_client.get("/exports/people-tenures.xlsx").content))
    assert export["Cán bộ"].max_row == 4 and export["Chức vụ"].max_row == 4
    user = ImportRecord._meta.get_field("user").related_model.objects.get(username="canbo")
    sent_back = import_file(
        data=officer_client.get("/templates/import.xlsx").content, filename="m.xlsx", acting_user=user
    )
    assert not [n for n in sent_back.notes if "Danh mục" in n]  # our own lists sheet is skipped quietly


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


@pytest.mark.parametrize("imports", [1, 4])
def test_the_imports_pages_make_a_fixed_number_of_queries(areas, client, django_assert_num_queries, imports):  # noqa: F811
    """The upload page with its list of recent imports, and a preview, for a ward officer (her scope read
    once), whatever the number of imports."""
    client.force_login(make_user("hangbac", area=areas[2], role=Role.EDITOR))
    for i in range(imports):
        client.post("/imports/", {"file": SimpleUploadedFile(f"a{i}.xlsx", good_book())})
    record = ImportRecord.objects.first()
    with django_assert_num_queries(UPLOAD_PAGE_QUERIES):
        assert client.get("/imports/").status_code == 200
    with django_assert_num_queries(PREVIEW_QUERIES):
        assert client.get(f"/imports/{record.pk}/").status_code == 200


#: the session, the user, her assignments and the succession links into her area (the scope), the imports
UPLOAD_PAGE_QUERIES = 5
PREVIEW_QUERIES = 5  # the same four, the record (without its file)


def test_a_manager_lists_the_imports_of_her_users_and_a_user_only_hers(areas, client):  # noqa: F811
    """The recent imports: a ward officer's own; the district manager's, her own and her ward officers'."""
    _city, district, ward = areas
    officer = make_user("hangbac", area=ward, role=Role.EDITOR)
    manager = make_user("quan", area=district, role=Role.MANAGER)
    for user, name in ((officer, "phuong.xlsx"), (manager, "quan.xlsx")):
        client.force_login(user)
        client.post("/imports/", {"file": SimpleUploadedFile(name, good_book())})
    client.force_login(officer)
    page = client.get("/imports/").content.decode()
    assert "phuong.xlsx" in page and "quan.xlsx" not in page
    client.force_login(manager)
    page = client.get("/imports/").content.decode()
    assert "phuong.xlsx" in page and "quan.xlsx" in page and "hangbac" in page
    mine = ImportRecord.objects.get(filename="phuong.xlsx")
    assert client.get(f"/imports/{mine.pk}/").status_code == 200


def test_downloads_of_an_import_are_in_the_personal_data_log(officer_client, areas):  # noqa: F811
    """The file as sent and the marked workbook name people: each download is logged with how many."""
    officer_client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())})
    record = ImportRecord.objects.get()
    assert officer_client.get(f"/imports/{record.pk}/file").status_code == 200
    bad = xlsx({"Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "Kinh", "", "", ""]]})
    officer_client.post("/imports/", {"file": SimpleUploadedFile("b.xlsx", bad)})
    refused = ImportRecord.objects.get(filename="b.xlsx")
    assert officer_client.get(f"/imports/{refused.pk}/errors.xlsx").status_code == 200
    logged = list(PersonalDataAccess.objects.order_by("id").values_list("kind", "people_count", "path"))
    assert logged == [
        (AccessKind.DOWNLOAD, 3, f"/imports/{record.pk}/file"),
        (AccessKind.DOWNLOAD, 1, f"/imports/{refused.pk}/errors.xlsx"),
    ]


def test_a_file_over_the_size_limit_is_refused_in_vietnamese(officer_client, areas, settings):  # noqa: F811
    """A file over ``IMPORT_MAX_BYTES`` is refused at the upload, saying the limit; nothing is kept."""
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    data = good_book() + b"\0" * (1024 * 1024)
    response = officer_client.post("/imports/", {"file": SimpleUploadedFile("lon.xlsx", data)})
    assert response.context["form"].errors["file"] == [
        "Tệp lớn hơn 1 MB: hãy tách thành nhiều tệp, hoặc nhờ quản trị viên nhập."
    ]
    assert not ImportRecord.objects.exists()


def test_an_oversized_upload_stops_being_read_past_the_limit(areas, settings):  # noqa: F811
    """The upload handler stops reading the file past ``IMPORT_MAX_BYTES`` (nothing spooled to disk), and
    the CSRF check still applies to the form."""
    from django.test import Client

    settings.IMPORT_MAX_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # larger files would go to a temporary file
    client = Client(enforce_csrf_checks=True)
    client.force_login(national_user("canbo"))
    token = client.get("/imports/").context["csrf_token"]
    data = good_book() + b"\0" * (3 * 1024 * 1024)
    # the token first, as the page's form sends it: the fields after a stopped file are not read
    response = client.post(
        "/imports/", {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("lon.xlsx", data)}
    )
    assert response.status_code == 200 and "Tệp lớn hơn 1 MB" in response.content.decode()
    assert response.wsgi_request.upload_too_large is True
    refused = client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", good_book())})
    assert refused.status_code == 403  # no CSRF token
    assert not ImportRecord.objects.exists()


def test_the_progress_page_polls_through_htmx_and_moves_on(officer_client, areas, django_user_model):  # noqa: F811
    """The progress fragment polls every second (hx-get, no script); when the import ends, htmx is sent on
    to the result (HX-Redirect), and a plain request is redirected."""
    from django.core.cache import cache

    user = django_user_model.objects.get(username="canbo")
    cache.set(
        "import-progress:t1", {"sheet": "Cán bộ", "done": 5, "total": 0, "record": None, "user": user.pk}
    )
    page = officer_client.get("/imports/progress/t1/").content.decode()
    assert (
        'hx-get="/imports/progress/t1/"' in page
        and 'hx-trigger="every 1s"' in page
        and "<script>" not in page
    )
    fragment = officer_client.get("/imports/progress/t1/", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="import-progress"')
    assert "Cán bộ: đã đọc 5 dòng" in fragment.content.decode()
    cache.set("import-progress:t1", {"sheet": "", "done": 1, "total": 1, "record": 7, "user": user.pk})
    done = officer_client.get("/imports/progress/t1/", headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == "/imports/7/"
    assert officer_client.get("/imports/progress/t1/").url == "/imports/7/"


def test_the_imports_pages_need_a_login_and_the_edit_level(areas, client):  # noqa: F811
    """Anonymous: sent to the login page; a viewer (no edit level anywhere): 403."""
    response = client.get("/imports/")
    assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(make_user("xem", area=areas[2], role=Role.VIEWER))
    assert client.get("/imports/").status_code == 403


def test_no_template_of_the_imports_has_inline_script_or_style():
    """The CSP forbids inline scripts and styles."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "templates" / "imports"
    for template in folder.glob("*.html"):
        text = template.read_text()
        assert "<script" not in text and "style=" not in text and " on" + "click" not in text, template.name


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
