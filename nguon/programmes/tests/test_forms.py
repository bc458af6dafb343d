"""The full activity form: refusals by field in Vietnamese with nothing saved and the typed values kept;
an edit keeps the activity's files."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nguon.programmes.models import Activity, ActivityFile, ActivityType

from .test_pages import client_of, png, world  # noqa: F401

pytestmark = pytest.mark.django_db


def form_data(w: Any, **over: Any) -> dict[str, Any]:
    data = {
        "title": "Ngày hội tái chế đổi phế liệu lấy cây",
        "type": ActivityType.objects.get(code="ngay-hoi-tai-che").pk,
        "programme": w.programme.pk,
        "start_date": "15/05/2020",
        "end_date": "",
        "area": w.ward_a.pk,
        "organizer": w.org_a.pk,
        "participant_mode": "counted",
        "participants": "12",
        "count_female_16_30": "10",
        "count_male_unknown": "2",
        "output_phe-lieu": "120,5".replace(",", "."),
    }
    data.update(over)
    return data


def post(w: Any, data: dict[str, Any]) -> tuple[int, str]:
    response = client_of(w.editor).post(reverse("activity-add"), data)
    return response.status_code, response.content.decode()


def test_a_good_activity_is_recorded(world: Any) -> None:  # noqa: F811
    status, _html = post(world, form_data(world, files=[SimpleUploadedFile("a.png", png())]))
    assert status == 302
    created = Activity.objects.get(title__startswith="Ngày hội tái chế")
    assert created.participants == 12 and created.files.count() == 1


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"end_date": "10/05/2020"}, "ngày"),
        ({"count_female_16_30": "-3", "participants": ""}, "âm"),
        ({"participants": "50"}, "tổng"),
        ({"start_date": "15/05/2021"}, "chương trình"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(world: Any, over: dict[str, Any], expected: str) -> None:  # noqa: F811
    before = Activity.objects.count()
    status, html = post(world, form_data(world, **over))
    assert status == 200
    assert expected in html.lower()
    assert "Ngày hội tái chế đổi phế liệu lấy cây" in html  # what she typed is kept
    assert Activity.objects.count() == before


def test_files_refused_say_so_and_nothing_saved(world: Any, settings: Any) -> None:  # noqa: F811
    before = (Activity.objects.count(), ActivityFile.objects.count())
    status, html = post(world, form_data(world, files=[SimpleUploadedFile("anh.jpg", b"just some text")]))
    assert status == 200 and "anh.jpg" in html
    assert "chọn lại" in html.lower()
    settings.ACTIVITY_FILE_MAX_BYTES = 10
    status, html = post(world, form_data(world, files=[SimpleUploadedFile("a.png", png())]))
    assert status == 200 and "a.png" in html
    assert (Activity.objects.count(), ActivityFile.objects.count()) == before


def test_an_edit_keeps_the_files(world: Any) -> None:  # noqa: F811
    client = client_of(world.editor)
    url = reverse("activity-edit", args=[world.activity.pk])
    page = client.get(url).content.decode()
    assert "Trồng cây phường A" in page
    data = form_data(world, title="Trồng cây phường A (sửa)", participant_mode="named")
    data["people"] = [world.people_a[0].pk]
    data["type"] = world.activity.type_id
    data["start_date"] = "08/03/2020"
    for k in ("participants", "count_female_16_30", "count_male_unknown"):
        data.pop(k)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.activity.refresh_from_db()
    assert world.activity.title == "Trồng cây phường A (sửa)"
    assert world.activity.files.filter(removed_at__isnull=True).count() == 1
    assert io is not None
