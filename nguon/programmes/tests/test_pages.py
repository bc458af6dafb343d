"""The programmes' pages: lists, details and progress through the officer's scope (404 for another ward's
records), the file download (scoped, inline for a photo, nosniff), the quick add from a phone with a photo,
an edit that keeps the files."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from nguon.programmes import services
from nguon.programmes.files import file_check
from nguon.programmes.models import Activity, ActivityFile, ActivityType, OutputKind
from nguon.programmes.services import activity_file_name
from nguon.training.tests.world import build_world

pytestmark = pytest.mark.django_db
D = dt.date


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, "PNG")
    return out.getvalue()


def attach(activity: Activity, name: str) -> ActivityFile:
    data = png()
    checked, _reason = file_check(name, io.BytesIO(data))
    assert checked is not None
    row = ActivityFile(
        activity=activity,
        name=checked.name,
        content_type=checked.content_type,
        extension=checked.extension,
        size=checked.size,
        sha256=checked.sha256,
    )
    row.file.save(activity_file_name(checked), ContentFile(checked.content), save=False)
    row.save()
    return row


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    w: Any = build_world()
    w.programme = services.programme_create(
        title="Chương trình phối hợp thử",
        start_date=D(2020, 1, 1),
        end_date=D(2020, 12, 31),
        area=w.district,
        parties=[(w.org_a, "lead"), (w.org_b, "partner")],
    )
    w.goal = services.goal_create(
        programme=w.programme,
        position=1,
        text="Mỗi phường ít nhất 2 hoạt động",
        measure="activities_per_unit",
        period="year",
        target=2,
        unit="hoạt động",
    )
    tree = ActivityType.objects.get(code="trong-cay")
    w.activity = services.activity_create(
        data=services.ActivityData(
            title="Trồng cây phường A",
            type=tree,
            start_date=D(2020, 3, 8),
            area=w.ward_a,
            organizer=w.org_a,
            programme=w.programme,
            participant_mode="named",
            people=[w.people_a[0], w.people_b[0]],
            outputs={OutputKind.objects.get(code="tien-ung-ho"): 1500000},
        ),
    )
    attach(w.activity, "anh.png")
    w.activity_b = services.activity_create(
        data=services.ActivityData(
            title="Trồng cây phường B",
            type=tree,
            start_date=D(2020, 4, 1),
            area=w.ward_b,
            organizer=w.org_b,
            counts={("female", "16_30"): 5},
        ),
    )
    attach(w.activity_b, "anh-b.png")
    return w


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_render_for_an_officer_of_the_scope(world: Any) -> None:
    client = client_of(world.viewer)
    html = client.get(reverse("programme-list")).content.decode()
    assert "Chương trình phối hợp thử" in html
    html = client.get(reverse("programme-detail", args=[world.programme.pk])).content.decode()
    assert "Mỗi phường ít nhất 2 hoạt động" in html and "Đảng bộ phường Thử B" in html
    assert (
        client.get(reverse("programme-progress", args=[world.programme.pk]), {"at": "31/12/2020"}).status_code
        == 200
    )
    html = client.get(reverse("activity-list")).content.decode()
    assert "Trồng cây phường A" in html and "Trồng cây phường B" not in html
    assert (
        client.get(reverse("activity-list"), {"year": "2019"}).content.decode().count("Trồng cây phường A")
        == 0
    )
    assert client.get(reverse("activity-list"), {"q": "xyz", "year": "abc"}).status_code == 200
    html = client.get(reverse("activity-detail", args=[world.activity.pk])).content.decode()
    assert "Hoàng Thị Lan" in html and "Ngô Thị Bí" not in html
    assert "1.500.000 đồng" in html
    assert reverse("activity-file", args=[world.activity.files.get().pk]) in html
    assert reverse("activity-edit", args=[world.activity.pk]) not in html  # a viewer edits nothing


def test_other_wards_records_are_404(world: Any) -> None:
    client = client_of(world.editor)
    assert client.get(reverse("activity-detail", args=[world.activity_b.pk])).status_code == 404
    assert client.get(reverse("activity-edit", args=[world.activity_b.pk])).status_code == 404
    file_b = world.activity_b.files.get()
    assert client.get(reverse("activity-file", args=[file_b.pk])).status_code == 404
    assert client.post(reverse("activity-file-remove", args=[file_b.pk])).status_code == 404
    assert ActivityFile.objects.get(pk=file_b.pk).removed_at is None


def test_the_file_is_streamed_inline_with_its_type(world: Any) -> None:
    found = world.activity.files.get()
    response = client_of(world.viewer).get(reverse("activity-file", args=[found.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png()  # type: ignore[attr-defined]


def test_remove_a_file_hides_it_and_delete_is_refused_while_files(world: Any) -> None:
    client = client_of(world.editor)
    found = world.activity.files.get()
    client.post(reverse("activity-delete", args=[world.activity.pk]))
    assert Activity.objects.filter(pk=world.activity.pk).exists()
    client.post(reverse("activity-file-remove", args=[found.pk]))
    html = client.get(reverse("activity-detail", args=[world.activity.pk])).content.decode()
    assert reverse("activity-file", args=[found.pk]) not in html


def test_quick_add_with_a_photo(world: Any) -> None:
    client = client_of(world.editor)
    page = client.get(reverse("activity-quick-add")).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    photo = io.BytesIO(png())
    photo.name = "hien-truong.png"
    response = client.post(
        reverse("activity-quick-add"),
        {
            "type": ActivityType.objects.get(code="xoa-diem-rac").pk,
            "start_date": "10/06/2020",
            "area": world.ward_a.pk,
            "organizer": world.org_a.pk,
            "participants": "25",
            "female": "18",
            "output_kind": OutputKind.objects.get(code="diem-rac").pk,
            "output_quantity": "3",
            "programme": world.programme.pk,
            "photo": photo,
        },
    )
    assert response.status_code == 302, response.content.decode()
    created = Activity.objects.get(start_date=D(2020, 6, 10))
    assert response["Location"] == reverse("activity-detail", args=[created.pk])
    assert created.participants == 25 and created.area == world.ward_a
    assert created.title and created.files.get().content_type == "image/png"
    html = client.get(response["Location"]).content.decode()
    assert "Đã ghi" in html or created.title in html
