"""The activities export: the scope's activities with the list's filters, counts and outputs, no names,
logged; the file imports back through the sheet 'Hoạt động' (round trip)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from nguon.accounts.models import PersonalDataAccess
from nguon.imports.pipeline import import_file
from nguon.programmes import services, taxonomy
from nguon.programmes.models import Activity, ActivityType, OutputKind
from nguon.training.tests.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    taxonomy.seed(ActivityType, OutputKind)
    w = build_world()
    trees = ActivityType.objects.get(code="trong-cay")
    services.activity_create(
        data=services.ActivityData(
            title="Trồng cây đầu xuân",
            type=trees,
            start_date=dt.date(2021, 3, 5),
            area=w.ward_a,
            organizer=w.org_a,
            co_organizers=[w.org_b],
            participants=30,
            counts={("female", "unknown"): 20, ("male", "unknown"): 10},
            outputs={OutputKind.objects.get(code="cay-xanh"): 1200},
        )
    )
    services.activity_create(
        data=services.ActivityData(
            title="Tặng quà",
            type=ActivityType.objects.get(code="tu-thien-nhan-dao"),
            start_date=dt.date(2022, 1, 5),
            area=w.ward_a,
            organizer=w.org_a,
            people=w.people_a[:1],
            participant_mode="named",
        )
    )
    services.activity_create(
        data=services.ActivityData(
            title="Ngoài phạm vi",
            type=trees,
            start_date=dt.date(2021, 3, 5),
            area=w.ward_b,
            organizer=w.org_b,
        )
    )
    return w


def _rows(response: Any) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    sheet = book["Hoạt động"]
    return [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_export_scope_filters_no_names_logged(world: World, client: Any) -> None:
    client.force_login(world.editor)
    response = client.get(reverse("activity-export"))
    assert response.status_code == 200
    rows = _rows(response)
    header = rows[0]
    assert "Tên hoạt động" in header and "Nữ" in header and "Cây xanh trồng mới (cây)" in header
    titles = [r[header.index("Tên hoạt động")] for r in rows[1:]]
    assert titles == ["Trồng cây đầu xuân", "Tặng quà"]
    text = repr(rows)
    assert world.people_a[0].full_name not in text
    assert PersonalDataAccess.objects.filter(kind="export").exists()
    only_2021 = _rows(client.get(reverse("activity-export"), {"year": 2021}))
    assert len(only_2021) == 2
    ranged = _rows(client.get(reverse("activity-export"), {"from": "01/01/2022", "to": "2022-12-31"}))
    assert [r[header.index("Tên hoạt động")] for r in ranged[1:]] == ["Tặng quà"]


def test_round_trip(world: World, client: Any) -> None:
    client.force_login(world.editor)
    response = client.get(reverse("activity-export"), {"year": 2021})
    data = b"".join(response.streaming_content) if response.streaming else response.content
    Activity.objects.filter(title="Trồng cây đầu xuân").delete()
    result = import_file(data=data, filename="hd.xlsx", acting_user=world.editor)
    assert result.ok, [e.text() for e in result.errors]
    back = Activity.objects.get(title="Trồng cây đầu xuân")
    assert back.participants == 30
    assert {o.kind.code: int(o.quantity) for o in back.outputs.all()} == {"cay-xanh": 1200}
    assert list(back.co_organizers.all()) == [world.org_b]
