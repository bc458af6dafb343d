"""The exports page and the people-and-tenures download, inside the user's scope: a ward officer's export
holds her ward's people and tenures only, every download with names is logged, the page's queries are
fixed."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from openpyxl import load_workbook

from nguon.accounts.choices import AccessKind, Role
from nguon.accounts.models import PersonalDataAccess
from nguon.accounts.tests.factories import make_user
from nguon.areas.services import area_create
from nguon.imports.services import import_file
from nguon.imports.tests.test_services import PEOPLE_HEAD, TENURE_HEAD, xlsx


def _tenure(code: str, ward: str, organization: str, post: str, start: str = "01/06/2020", end: str = ""):
    return [code, "", "", ward, organization, "", post, "", start, end, "Bầu"]


@pytest.fixture
def wards(db):
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(code="002", name="Quận Hoàn Kiếm", level="district", parent=city)
    a = area_create(code="00061", name="Phường Hàng Bạc", level="commune", parent=district)
    b = area_create(code="00062", name="Phường Hàng Đào", level="commune", parent=district)
    book = xlsx(
        {
            "Cán bộ": [
                PEOPLE_HEAD,
                ["A1", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""],
                ["B1", "Phạm Thị Bí", "04/05/1980", "Nữ", "Kinh", "", "", ""],
                ["AB", "Trần Văn Nam", "01/07/1979", "Nam", "Kinh", "", "", ""],
            ],
            "Chức vụ": [
                TENURE_HEAD,
                _tenure("A1", "00061", "Hội LHPN phường Hàng Bạc", "Chủ tịch Hội"),
                _tenure("B1", "00062", "UBND phường Hàng Đào", "Chủ tịch UBND"),
                _tenure(
                    "AB", "00061", "UBND phường Hàng Bạc", "Phó Chủ tịch UBND", "01/01/2015", "31/12/2019"
                ),
                _tenure("AB", "00062", "UBND phường Hàng Đào", "Phó Chủ tịch UBND", "01/01/2020"),
            ],
        }
    )
    result = import_file(data=book, filename="quan.xlsx")  # the command line: unrestricted
    assert result.ok, [e.text() for e in result.errors]
    return district, a, b


def _sheets(response) -> dict[str, list[tuple[object, ...]]]:
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return {ws.title: list(ws.iter_rows(min_row=2, values_only=True)) for ws in book}


def test_an_export_holds_only_the_people_and_tenures_of_her_ward(wards, client):
    """A ward-A officer's export: ward A's people, and of someone who also served in ward B only the ward-A
    tenure; nobody of ward B alone, no ward-B tenure."""
    _district, a, _b = wards
    client.force_login(make_user("hangbac", area=a, role=Role.VIEWER))
    sheets = _sheets(client.get("/exports/people-tenures.xlsx"))
    assert sorted(r[0] for r in sheets["Cán bộ"]) == ["A1", "AB"]
    assert sorted((r[0], r[4]) for r in sheets["Chức vụ"]) == [
        ("A1", "Hội LHPN phường Hàng Bạc"),
        ("AB", "UBND phường Hàng Bạc"),
    ]
    assert "Phạm Thị Bí" not in str(sheets) and "Hàng Đào" not in str(sheets)


def test_an_export_keeps_to_an_area_of_her_scope_and_to_the_tenures_held_on_the_date(wards, client):
    """``?area=`` keeps to an area she may read (another ward: 404); ``?held=1`` to the tenures held on the
    date shown, and their holders."""
    district, a, b = wards
    client.force_login(make_user("quan", area=district, role=Role.VIEWER))
    only_b = _sheets(client.get(f"/exports/people-tenures.xlsx?area={b.pk}"))
    assert sorted(r[0] for r in only_b["Cán bộ"]) == ["AB", "B1"]
    held = _sheets(client.get(f"/exports/people-tenures.xlsx?area={a.pk}&held=1&at=01/06/2021"))
    assert [r[0] for r in held["Cán bộ"]] == ["A1"] and [r[0] for r in held["Chức vụ"]] == ["A1"]
    client.force_login(make_user("hangbac", area=a, role=Role.VIEWER))
    assert client.get(f"/exports/people-tenures.xlsx?area={b.pk}").status_code == 404


def test_every_export_with_names_is_in_the_personal_data_log(wards, client):
    _district, a, _b = wards
    user = make_user("hangbac", area=a, role=Role.VIEWER)
    client.force_login(user)
    client.get("/exports/people-tenures.xlsx")
    client.get("/templates/import.xlsx")  # no names: not logged
    logged = list(PersonalDataAccess.objects.values_list("user", "kind", "people_count", "what"))
    assert logged == [(user.pk, AccessKind.EXPORT, 2, "Cán bộ và chức vụ")]


def test_the_export_sheets_and_headers_are_vietnamese_whatever_the_language(wards, client):
    """The file is the importer's format: Vietnamese sheet names, headers and labels, no raw codes, even
    for a user reading the site in English."""
    from django.utils import translation

    client.force_login(make_user("hangbac", area=wards[1], role=Role.VIEWER))
    with translation.override("en"):
        response = client.get("/exports/people-tenures.xlsx", headers={"Accept-Language": "en"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Cán bộ", "Chức vụ"]
    tenures = book["Chức vụ"]
    heads = [c.value for c in tenures[1]]
    assert heads[:5] == ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Mã địa bàn", "Tổ chức"]
    values = {str(v) for row in tenures.iter_rows(min_row=2, values_only=True) for v in row if v}
    assert {"bầu", "Ủy ban nhân dân", "Hội Liên hiệp Phụ nữ"} & values
    assert not {"elected", "peoples_committee", "womens_union"} & values


@pytest.mark.parametrize("extra_wards", [0, 5])
def test_the_exports_page_lists_her_areas_in_a_fixed_number_of_queries(
    wards, client, django_assert_num_queries, extra_wards
):
    """The page offers her area and the areas below it, whatever their number, in the same queries."""
    district, _a, _b = wards
    for i in range(extra_wards):
        area_create(code=f"0070{i}", name=f"Phường Thử {i}", level="commune", parent=district)
    client.force_login(make_user("quan", area=district, role=Role.VIEWER))
    with django_assert_num_queries(EXPORT_PAGE_QUERIES):
        page = client.get("/exports/").content.decode()
    assert "Phường Hàng Bạc (00061)" in page and "Quận Hoàn Kiếm (002)" in page
    assert page.count("<option value=") == 1 + 3 + extra_wards


#: the session, the user, her assignments and the succession links into her area (the scope), the areas
EXPORT_PAGE_QUERIES = 5


def test_the_exports_need_a_login_and_an_assignment(wards, client):
    """Anonymous: the login page; a user with no assignment (no names anywhere): 403."""
    for url in ("/exports/", "/exports/people-tenures.xlsx", "/templates/import.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)), url
    client.force_login(make_user("chua-phan-cong"))
    assert client.get("/exports/").status_code == 403
    assert client.get("/exports/people-tenures.xlsx").status_code == 403


def test_an_officer_of_a_merged_ward_exports_the_old_wards_for_an_earlier_date(db, client):
    """The new phường Hoàn Kiếm (from 1/7/2025) went from two old wards: for 2020 her page offers the old
    wards, and her export holds their people."""
    import datetime as dt

    from nguon.areas.services import Link, succession_event_create

    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(
        code="002", name="Quận Hoàn Kiếm", level="district", parent=city, valid_to=dt.date(2025, 6, 30)
    )
    old = [
        area_create(code=c, name=n, level="commune", parent=district, valid_to=dt.date(2025, 6, 30))
        for c, n in (("00061", "Phường Hàng Bạc"), ("00064", "Phường Hàng Trống"))
    ]
    new = area_create(
        code="00070", name="Phường Hoàn Kiếm", level="commune", parent=city, valid_from=dt.date(2025, 7, 1)
    )
    succession_event_create(kind="merge", date=dt.date(2025, 7, 1), links=[Link(a, new) for a in old])
    book = xlsx(
        {
            "Cán bộ": [PEOPLE_HEAD, ["A1", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""]],
            "Chức vụ": [TENURE_HEAD, _tenure("A1", "00061", "Hội LHPN phường Hàng Bạc", "Chủ tịch Hội")],
        }
    )
    assert import_file(data=book, filename="cu.xlsx").ok
    client.force_login(make_user("hoankiem", area=new, role=Role.VIEWER))
    page = client.get("/exports/?at=25/09/2020").content.decode()
    assert "Phường Hàng Bạc (00061)" in page and "Phường Hàng Trống (00064)" in page
    assert "Phường Hoàn Kiếm (00070)" not in page  # not yet on that date
    sheets = _sheets(client.get(f"/exports/people-tenures.xlsx?area={old[0].pk}"))
    assert [r[0] for r in sheets["Cán bộ"]] == ["A1"]
