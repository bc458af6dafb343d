"""The import sheet 'Hoạt động': messy ward lists (headers without diacritics, a title row above the header,
blank rows, numbers as text with dots) imported all or nothing; bad rows reported by row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.imports.pipeline import import_file
from nguon.imports.tests.test_services import xlsx
from nguon.programmes.models import Activity
from nguon.training.tests.world import World, build_world

pytestmark = pytest.mark.django_db
HEAD: list[object] = ["Ten hoat dong", "LOAI HOAT DONG", "tu ngay", "Dia ban", "Don vi to chuc", "Tong so nguoi tham gia",
        "Nu", "Nam", "Cay xanh trong moi (cay)", "Tien ung ho, quyen gop (dong)"]  # fmt: skip


@pytest.fixture
def world(db: None) -> World:
    from nguon.programmes import taxonomy
    from nguon.programmes.models import ActivityType, OutputKind

    taxonomy.seed(ActivityType, OutputKind)
    return build_world()


def _book(world: World, *rows: list[object]) -> bytes:
    return xlsx({"Hoat dong": [["DANH SÁCH HOẠT ĐỘNG THÁNG 3"], [], HEAD, *rows]})


def test_good_file_writes_activities(world: World) -> None:
    a, org = world.ward_a, world.org_a.name
    data = _book(
        world,
        [
            "Trồng cây đầu xuân",
            "trong cay",
            "05/03/2021",
            a.name,
            org,
            "30",
            "20",
            "10",
            "1.200",
            "15.000.000",
        ],
        [],
        [
            "Ngày hội tái chế",
            "Ngày hội tái chế",
            dt.date(2021, 3, 20),
            a.code,
            org,
            12,
            None,
            None,
            None,
            None,
        ],
    )
    result = import_file(data=data, filename="hd.xlsx", acting_user=world.editor)
    assert result.ok, [e.text() for e in result.errors]
    first = Activity.objects.get(title="Trồng cây đầu xuân")
    assert first.participants == 30
    assert {(c.sex, c.age_group, c.count) for c in first.counts.all()} == {
        ("female", "unknown", 20),
        ("male", "unknown", 10),
    }
    assert {o.kind.code: int(o.quantity) for o in first.outputs.all()} == {
        "cay-xanh": 1200,
        "tien-ung-ho": 15000000,
    }
    assert Activity.objects.count() == 2
    again = import_file(data=data, filename="hd.xlsx", acting_user=world.editor)
    assert not again.ok and Activity.objects.count() == 2


def test_bad_rows_refused_by_row_and_column(world: World) -> None:
    a, org = world.ward_a.name, world.org_a.name
    data = _book(
        world,
        ["Tốt", "trong cay", "05/03/2021", a, org, 5, None, None, None, None],
        ["Ngày sai", "trong cay", "31/02/2021", a, org, 5, None, None, None, None],
        ["Loại lạ", "nhảy dù", "05/03/2021", a, org, 5, None, None, None, None],
        ["Âm", "trong cay", "06/03/2021", a, org, -3, None, None, None, None],
        ["Lệch", "trong cay", "07/03/2021", a, org, 30, 5, 5, None, None],
        ["Ngoài", "trong cay", "08/03/2021", world.ward_b.name, org, 5, None, None, None, None],
        ["Trùng", "trong cay", "09/03/2021", a, org, 5, None, None, None, None],
        ["trung", "trong cay", "09/03/2021", a, org, 5, None, None, None, None],
    )
    result = import_file(data=data, filename="hd.xlsx", acting_user=world.editor)
    assert not result.ok
    rows = {e.row: e for e in result.errors}
    assert set(rows) >= {5, 6, 7, 8, 9, 11}, [e.text() for e in result.errors]
    assert 4 not in rows and 10 not in rows
    assert Activity.objects.count() == 0
