"""The import sheet 'Học viên': participants by cadre code or name + birth date, courses and classes found by
name or recorded, results and certificates checked as the services check them, errors by sheet/row/column,
all or nothing, the scope rules (a person outside the view scope refused without being revealed)."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.imports.pipeline import import_file
from nguon.imports.structure import StructurePolicy
from nguon.imports.tests.test_services import xlsx
from nguon.training.models import Course, Participation, Session

from .world import World, build_world

pytestmark = pytest.mark.django_db
D = dt.date
HEAD = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Đơn vị tổ chức",
    "Khóa học",
    "Lớp",
    "Loại",
    "Trình độ",
    "Từ ngày",
    "Đến ngày",
    "Kết quả",
    "Ngày hoàn thành",
    "Số chứng chỉ",
    "Ngày cấp",
]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _book(*rows: list[object]) -> bytes:
    return xlsx({"Học viên": [HEAD, *rows]})


def _texts(result) -> list[str]:
    return [e.text() for e in result.errors]


def test_rows_create_courses_sessions_and_participants(world: World) -> None:
    data = _book(
        [
            "A001",
            "",
            "",
            "Đảng bộ phường Thử A",
            "Cao cấp lý luận chính trị",
            "K70",
            "Lý luận chính trị",
            "Cao cấp",
            "01/09/2019",
            "30/06/2021",
            "Hoàn thành",
            "",
            "CC-01",
            "15/07/2021",
        ],
        [
            "",
            "Trịnh Thị Hường",
            "01/02/1985",
            "Đảng bộ phường Thử A",
            "cao cap ly luan chinh tri",
            "K70",
            "",
            "",
            "01/09/2019",
            "",
            "",
            "",
            "",
            "",
        ],
        # an existing course found by name among the scope's, its class by its start date
        ["A001", "", "", "", world.course.name, "", "", "", "01/03/2021", "", "Hoàn thành", "", "LD-001", ""],
    )
    checked = import_file(data=data, filename="hv.xlsx", acting_user=world.editor, dry_run=True)
    assert checked.ok, _texts(checked)
    assert not Course.objects.filter(name="Cao cấp lý luận chính trị").exists()
    result = import_file(data=data, filename="hv.xlsx", acting_user=world.editor)
    assert result.ok, _texts(result)
    assert result.counts["Học viên"]["participants"] == {"created": 2, "updated": 0, "unchanged": 1}
    course = Course.objects.get(name="Cao cấp lý luận chính trị")
    assert (course.kind, course.grants, course.grants_level) == (
        "political_theory",
        "political_theory",
        "cao_cap",
    )
    session = Session.objects.get(course=course)
    assert (session.name, session.end_date) == ("K70", D(2021, 6, 30))
    lan = Participation.objects.get(session=session, person=world.people_a[0])
    assert (lan.result, lan.completed_on, lan.certificate) == ("completed", D(2021, 6, 30), "CC-01")
    assert Participation.objects.get(session=session, person=world.people_a[1]).result == "enrolled"
    # imported again: nothing changes; a new result updates the line
    again = import_file(data=data, filename="hv.xlsx", acting_user=world.editor)
    assert again.ok and again.counts["Học viên"]["participants"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
    }
    change = _book(
        [
            "",
            "Trịnh Thị Hường",
            "01/02/1985",
            "Đảng bộ phường Thử A",
            "Cao cấp lý luận chính trị",
            "K70",
            "",
            "",
            "01/09/2019",
            "",
            "Thôi học",
            "",
            "",
            "",
        ]
    )
    assert import_file(data=change, filename="hv.xlsx", acting_user=world.editor).ok
    assert Participation.objects.get(session=session, person=world.people_a[1]).result == "withdrawn"


def test_errors_by_row_and_column_and_nothing_written(world: World) -> None:
    data = _book(
        ["A001", "", "", "Đảng bộ phường Thử A", "Khóa mới", "", "", "", "01/09/2022", "", "", "", "", ""],
        [
            "A002",
            "",
            "",
            "Đảng bộ phường Thử A",
            "Khóa mới 2",
            "",
            "LLCT",
            "chuyên viên",
            "01/09/2022",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "A003",
            "",
            "",
            "",
            world.course.name,
            "Lớp 1 năm 2021",
            "",
            "",
            "01/03/2021",
            "",
            "Đang học",
            "",
            "X-1",
            "",
        ],
        [
            "A001",
            "",
            "",
            "",
            world.course.name,
            "Lớp 1 năm 2021",
            "",
            "",
            "01/03/2021",
            "",
            "Hoàn thành",
            "01/01/2021",
            "",
            "",
        ],
        ["Z999", "", "", "", world.course.name, "", "", "", "01/03/2021", "", "", "", "", ""],
        ["", "", "", "", "Không có", "", "", "", "01/03/2021", "", "", "", "", ""],
        [
            "A003",
            "",
            "",
            "",
            world.course.name,
            "Lớp 1 năm 2021",
            "",
            "",
            "01/03/2021",
            "",
            "Đã xong",
            "",
            "",
            "",
        ],
    )
    result = import_file(data=data, filename="hv.xlsx", acting_user=world.editor)
    texts = _texts(result)
    assert (
        "Sheet 'Học viên', dòng 2, cột 'Loại': Khóa học 'Khóa mới' chưa có trong hệ thống: hãy ghi loại (Loại) để thêm"
        in texts
    ), texts
    assert any(t.startswith("Sheet 'Học viên', dòng 3, cột 'Trình độ'") for t in texts), texts
    assert any(
        t.startswith("Sheet 'Học viên', dòng 4, cột 'Số chứng chỉ': Chứng chỉ chỉ cấp") for t in texts
    ), texts
    assert any(t.startswith("Sheet 'Học viên', dòng 5, cột 'Ngày hoàn thành'") for t in texts), texts
    assert any(t.startswith("Sheet 'Học viên', dòng 6, cột 'Mã cán bộ'") for t in texts), texts
    assert any(t.startswith("Sheet 'Học viên', dòng 7, cột 'Họ và tên'") for t in texts), texts
    assert any(t.startswith("Sheet 'Học viên', dòng 8, cột 'Kết quả'") for t in texts), texts
    assert not Course.objects.filter(name__startswith="Khóa mới").exists()
    assert Participation.objects.count() == 2


def test_scope_outside_people_and_organizers(world: World) -> None:
    data = _book(
        ["B001", "", "", "", world.course.name, "Lớp 1 năm 2021", "", "", "01/03/2021", "", "", "", "", ""],
        ["", "Ngô Thị Bí", "09/01/1982", "", world.course.name, "", "", "", "01/03/2021", "", "", "", "", ""],
        [
            "A001",
            "",
            "",
            "Đảng bộ phường Thử B",
            "Khóa B",
            "",
            "Lãnh đạo quản lý",
            "",
            "01/03/2021",
            "",
            "",
            "",
            "",
            "",
        ],
        ["A001", "", "", "", world.course_b.name, "", "", "", "01/03/2021", "", "", "", "", ""],
    )
    result = import_file(data=data, filename="hv.xlsx", acting_user=world.editor)
    texts = _texts(result)
    assert texts[0].startswith("Sheet 'Học viên', dòng 2, cột 'Mã cán bộ': Hồ sơ có mã cán bộ 'B001'"), texts
    assert texts[1].startswith(
        "Sheet 'Học viên', dòng 3, cột 'Họ và tên': Hồ sơ có cùng họ tên và ngày sinh do đơn vị ngoài"
    ), texts
    assert "Ngô" not in " ".join(texts[:2])
    assert any("dòng 4, cột 'Đơn vị tổ chức'" in t for t in texts), texts
    assert any("dòng 5, cột 'Khóa học'" in t for t in texts), texts
    assert not Course.objects.filter(name="Khóa B").exists()


def test_structure_policy_refuses_new_courses(world: World) -> None:
    data = _book(
        [
            "A001",
            "",
            "",
            "Đảng bộ phường Thử A",
            "Khóa mới",
            "",
            "Lãnh đạo quản lý",
            "",
            "01/09/2022",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    result = import_file(
        data=data, filename="hv.xlsx", acting_user=world.editor, structure=StructurePolicy(create_new=False)
    )
    assert [e.column for e in result.errors] == ["Khóa học"], _texts(result)
    assert import_file(data=data, filename="hv.xlsx", acting_user=world.editor).ok
    assert Course.objects.get(name="Khóa mới").kind == "leadership"
