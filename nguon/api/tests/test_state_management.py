"""State management training (quản lý nhà nước, issue 10: the qualification rule reads it) is a field of the
person's record like political theory: written and read by the API, imported from its column when the
workbook has one, and an old workbook without the column is still read."""

from __future__ import annotations

from nguon.imports.pipeline import import_file
from nguon.imports.tests.test_services import PEOPLE_HEAD, areas, xlsx  # noqa: F401
from nguon.people.models import Person


def _post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def test_the_api_writes_and_reads_it(world, api_a):
    response = _post(
        api_a,
        "/api/people/",
        {
            "full_name": "Nguyễn Thị Hoa",
            "sex": "F",
            "birth_date": "25/09/1990",
            "state_management": "chuyen_vien_chinh",
            "dossier_organization": world.a.organization.pk,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["state_management"] == "chuyen_vien_chinh"
    response = _post(
        api_a,
        "/api/people/",
        {
            "full_name": "Nguyễn Thị Hòa",
            "sex": "F",
            "birth_date": "25/09/1990",
            "state_management": "tien_si",
            "dossier_organization": world.a.organization.pk,
        },
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["state_management"]


def test_the_import_reads_the_column_and_old_workbooks_without_it(areas):  # noqa: F811
    rows = [
        [*PEOPLE_HEAD, "Quản lý nhà nước"],
        ["", "Trần Thị Lan", "12/03/1985", "Nữ", "Kinh", "Đại học", "Cao cấp", "", "Chuyên viên chính"],
    ]
    result = import_file(data=xlsx({"Cán bộ": rows}), filename="qlnn.xlsx")
    assert result.errors.total == 0, [e.message for e in result.errors]
    assert Person.objects.get(full_name="Trần Thị Lan").state_management == "chuyen_vien_chinh"
    old = [PEOPLE_HEAD, ["", "Lê Thị Mai", "12/03/1986", "Nữ", "Kinh", "", "", ""]]
    result = import_file(data=xlsx({"Cán bộ": old}), filename="cu.xlsx")
    assert result.errors.total == 0
    assert Person.objects.get(full_name="Lê Thị Mai").state_management == ""
