"""An import inside the acting user's access scope: an officer of ward A (Hàng Bạc) importing rows for ward B
(Hàng Đào) gets an error on each such row and column, all or nothing; people outside her scope are never
revealed; people she creates must land inside her scope (nguon/imports/scoping.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.models import Assignment
from nguon.accounts.tests.factories import make_user
from nguon.areas.services import area_create
from nguon.core.scope import Level
from nguon.imports.services import import_file
from nguon.imports.structure import StructurePolicy
from nguon.imports.tests.test_services import PEOPLE_HEAD, TENURE_HEAD, snapshot, xlsx
from nguon.organizations.models import Organization, Tenure
from nguon.people.models import Person
from nguon.people.selectors import person_list

D = dt.date
HOA = ["CB001", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""]
BI = ["CB900", "Phạm Thị Bí", "04/05/1980", "Nữ", "Kinh", "", "", ""]


def tenure(
    code: str, ward: str, organization: str, post: str, *, name: str = "", birth: str = ""
) -> list[object]:
    return [code, name, birth, ward, organization, "", post, "", "01/06/2020", "", "Bầu"]


@pytest.fixture
def wards(db):
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(code="002", name="Quận Hoàn Kiếm", level="district", parent=city)
    a = area_create(code="00061", name="Phường Hàng Bạc", level="commune", parent=district)
    b = area_create(code="00062", name="Phường Hàng Đào", level="commune", parent=district)
    # ward B's records, written from the command line (unrestricted)
    result = import_file(
        data=xlsx(
            {
                "Cán bộ": [PEOPLE_HEAD, BI],
                "Chức vụ": [TENURE_HEAD, tenure("CB900", "00062", "UBND phường Hàng Đào", "Chủ tịch UBND")],
            }
        ),
        filename="b.xlsx",
    )
    assert result.ok, [e.text() for e in result.errors]
    return a, b


@pytest.fixture
def officer_a(wards):
    return make_user("hangbac", area=wards[0], role=Role.EDITOR)


def _import(user, sheets, **kwargs):
    return import_file(
        data=xlsx(sheets),
        filename="a.xlsx",
        acting_user=user,
        structure=StructurePolicy(create_new=True),
        **kwargs,
    )


def _texts(result) -> list[str]:
    return [e.text() for e in result.errors]


def test_an_officer_imports_her_own_ward(officer_a):
    """People and tenures of her ward are written, the new people inside her scope."""
    result = _import(
        officer_a,
        {
            "Cán bộ": [PEOPLE_HEAD, HOA],
            "Chức vụ": [TENURE_HEAD, tenure("CB001", "00061", "Hội LHPN phường Hàng Bạc", "Chủ tịch Hội")],
        },
    )
    assert result.ok, _texts(result)
    assert person_list(scope=_scope(officer_a), level=Level.EDIT).filter(code="CB001").exists()


def _scope(user):
    from nguon.accounts.scope import scope_for

    return scope_for(user)


def test_a_tenure_in_another_ward_is_an_error_on_its_row_and_organization_column(officer_a):
    """An existing organization of ward B: the row is refused, naming the ward, and nothing is written."""
    before = snapshot()
    result = _import(
        officer_a,
        {
            "Cán bộ": [PEOPLE_HEAD, HOA],
            "Chức vụ": [
                TENURE_HEAD,
                tenure("CB001", "00061", "Hội LHPN phường Hàng Bạc", "Chủ tịch Hội"),
                tenure("CB001", "00062", "UBND phường Hàng Đào", "Phó Chủ tịch UBND"),
            ],
        },
    )
    assert _texts(result) == [
        "Sheet 'Chức vụ', dòng 3, cột 'Tổ chức': Phường Hàng Đào không thuộc phạm vi được giao của bạn"
    ]
    assert snapshot() == before


def test_structure_is_never_created_nor_proposed_outside_her_ward(officer_a):
    """A new organization in ward B is an error on every row naming it, and is not listed as to be created."""
    before = Organization.objects.count()
    rows = [tenure("CB001", "00062", "Đoàn phường Hàng Đào", "Bí thư Đoàn")] * 2
    rows[1] = tenure("CB001", "00062", "Đoàn phường Hàng Đào", "Phó Bí thư Đoàn")
    result = _import(officer_a, {"Cán bộ": [PEOPLE_HEAD, HOA], "Chức vụ": [TENURE_HEAD, *rows]}, dry_run=True)
    assert [(e.row, e.column) for e in result.errors if e.sheet == "Chức vụ"] == [
        (2, "Tổ chức"),
        (3, "Tổ chức"),
    ]
    assert "Phường Hàng Đào không thuộc phạm vi được giao của bạn" in result.errors[1].message
    assert result.proposals == [] and result.created == {}
    assert Organization.objects.count() == before


def test_an_organization_kind_outside_her_assignment_is_refused(wards):
    """A Women's Union officer of ward A may not write the People's Committee of her own ward."""
    union = make_user("hoiphunu", area=wards[0], role=Role.EDITOR, kinds=["womens_union"])
    result = _import(
        union,
        {
            "Cán bộ": [PEOPLE_HEAD, HOA],
            "Chức vụ": [
                TENURE_HEAD,
                tenure("CB001", "00061", "Hội LHPN phường Hàng Bạc", "Chủ tịch Hội"),
                tenure("CB001", "00061", "UBND phường Hàng Bạc", "Phó Chủ tịch UBND"),
            ],
        },
    )
    assert _texts(result) == [
        "Sheet 'Chức vụ', dòng 3, cột 'Tổ chức': 'UBND phường Hàng Bạc' không thuộc phạm vi được giao của bạn"
        " (không phải loại tổ chức bạn được giao)"
    ]
    assert not Person.objects.filter(code="CB001").exists()


def test_a_person_of_another_ward_is_never_revealed_by_code(officer_a):
    """A row whose cadre code is a ward-B person's: refused saying only that such a record exists elsewhere;
    the name and birth date of that person appear nowhere, nor among the matches."""
    row = ["CB900", "Phạm Thị Khác", "01/01/1990", "Nữ", "Kinh", "", "", ""]
    result = _import(
        officer_a,
        {
            "Cán bộ": [PEOPLE_HEAD, row],
            "Chức vụ": [TENURE_HEAD, tenure("CB900", "00061", "Hội LHPN phường Hàng Bạc", "Ủy viên")],
        },
        dry_run=True,
        pending=True,
    )
    texts = _texts(result)
    assert texts[0] == (
        "Sheet 'Cán bộ', dòng 2, cột 'Mã cán bộ': Hồ sơ có mã cán bộ 'CB900' do đơn vị ngoài phạm vi được giao"
        " của bạn quản lý; hãy đề nghị đơn vị quản lý hồ sơ đó (hoặc cấp trên) thực hiện thay đổi này"
    )
    assert texts[1].startswith("Sheet 'Chức vụ', dòng 2, cột 'Mã cán bộ': Hồ sơ có mã cán bộ 'CB900'")
    assert result.matches == [] and result.matched == 0
    stored = str(result.record.errors) + str(result.record.details)  # type: ignore[union-attr]
    assert "Bí" not in stored and "1980" not in stored
    assert Person.objects.get(code="CB900").full_name == "Phạm Thị Bí"  # not changed


def test_a_person_of_another_ward_is_never_revealed_by_name_and_birth(officer_a):
    """The same by full name and birth date; no second record is created either."""
    row = ["", "Phạm Thị Bí", "04/05/1980", "Nữ", "Tày", "", "", ""]
    result = _import(officer_a, {"Cán bộ": [PEOPLE_HEAD, row]})
    assert _texts(result) == [
        "Sheet 'Cán bộ', dòng 2, cột 'Họ và tên': Hồ sơ có cùng họ tên và ngày sinh do đơn vị ngoài phạm vi"
        " được giao của bạn quản lý; hãy đề nghị đơn vị quản lý hồ sơ đó (hoặc cấp trên) thực hiện thay đổi này"
    ]
    assert "CB900" not in str(_texts(result))
    assert Person.objects.filter(full_name="Phạm Thị Bí").count() == 1


def test_a_person_she_may_read_but_not_edit_is_not_changed(wards):
    """An editor of ward A who may read ward B: matching a ward-B person is shown, changing her is refused."""
    user = make_user("doc-b", area=wards[0], role=Role.EDITOR)
    Assignment.objects.create(user=user, area=wards[1], role=Role.VIEWER)
    unchanged = _import(user, {"Cán bộ": [PEOPLE_HEAD, BI]}, dry_run=True)
    assert unchanged.ok and unchanged.matched == 1 and unchanged.matches[0]["name"] == "Phạm Thị Bí"
    changed = _import(user, {"Cán bộ": [PEOPLE_HEAD, [*BI[:4], "Tày", "", "", ""]]})
    assert _texts(changed) == [
        "Sheet 'Cán bộ', dòng 2, cột 'Họ và tên': Bạn không được sửa hồ sơ của người này: hồ sơ nằm ngoài"
        " phạm vi được giao của bạn"
    ]
    assert Person.objects.get(code="CB900").ethnicity == "Kinh"


def test_a_new_person_without_a_tenure_in_her_ward_would_be_lost_from_sight(officer_a):
    """A new person needs a tenure of the same file in her scope; one in ward B does not count."""
    alone = _import(officer_a, {"Cán bộ": [PEOPLE_HEAD, HOA]})
    assert _texts(alone) == [
        "Sheet 'Cán bộ', dòng 2, cột 'Họ và tên': 'Nguyễn Thị Hoa' sẽ nằm ngoài phạm vi được giao của bạn sau"
        " khi nhập: hãy thêm chức vụ của người này tại một tổ chức thuộc địa bàn của bạn ở sheet 'Chức vụ'"
        " trong cùng tệp"
    ]
    assert not Person.objects.filter(code="CB001").exists()


def test_a_holder_of_another_ward_gets_no_tenure_in_hers(officer_a):
    """A tenure in her ward for a ward-B person (by name and birth): refused without naming her, so that a
    tenure cannot be used to read someone else's record."""
    result = _import(
        officer_a,
        {
            "Chức vụ": [
                TENURE_HEAD,
                tenure(
                    "", "00061", "Hội LHPN phường Hàng Bạc", "Ủy viên", name="Phạm Thị Bí", birth="04/05/1980"
                ),
            ]
        },
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Họ và tên")]
    assert "Hồ sơ có cùng họ tên và ngày sinh" in result.errors[0].message
    assert not Tenure.objects.filter(post__organization__area=officer_a.assignments.get().area).exists()


def test_the_command_line_is_unrestricted(wards):
    """No acting user (the command line): ward B is written as before."""
    result = import_file(
        data=xlsx({"Chức vụ": [TENURE_HEAD, tenure("CB900", "00062", "UBND phường Hàng Đào", "Ủy viên")]}),
        filename="b.xlsx",
    )
    assert result.ok, _texts(result)


def test_the_preview_never_shows_a_person_outside_her_scope(officer_a, client):
    """On the site: the check of a file naming a ward-B person by code shows the refusal, not the person,
    among the errors and the matches; her own ward's match is listed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nguon.imports.models import ImportRecord

    client.force_login(officer_a)
    import_file(  # a ward-A person registered before
        data=xlsx(
            {
                "Cán bộ": [PEOPLE_HEAD, HOA],
                "Chức vụ": [
                    TENURE_HEAD,
                    tenure("CB001", "00061", "Hội LHPN phường Hàng Bạc", "Chủ tịch Hội"),
                ],
            }
        ),
        filename="a0.xlsx",
    )
    book = xlsx({"Cán bộ": [PEOPLE_HEAD, HOA, ["CB900", "Ai Đó", "01/01/1990", "Nữ", "Kinh", "", "", ""]]})
    response = client.post("/imports/", {"file": SimpleUploadedFile("a.xlsx", book)})
    page = client.get(client.get(response.url + "?format=json").json()["url"]).content.decode()
    assert "Hồ sơ có mã cán bộ &#x27;CB900&#x27; do đơn vị ngoài phạm vi" in page
    assert "Nguyễn Thị Hoa" in page  # her own ward's person, matched
    assert "Phạm Thị Bí" not in page and "04/05/1980" not in page and "1980" not in page
    assert ImportRecord.objects.get(filename="a.xlsx").status == "refused"
