"""The programmes' API: lists and records through the caller's scope (404 outside it; named participants
outside it counted, never named), writes through the services' one rule (Vietnamese messages by field,
nothing written when refused), files checked, token authentication."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from nguon.accounts.models import PersonalDataAccess
from nguon.api.tests.conftest import bearer
from nguon.programmes import services
from nguon.programmes.models import Activity, ActivityFile, ActivityType, OutputKind
from nguon.training.tests.world import build_world

pytestmark = pytest.mark.django_db
D = dt.date


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
            outputs={OutputKind.objects.get(code="cay-xanh"): 30},
        )
    )
    w.activity_b = services.activity_create(
        data=services.ActivityData(
            title="Trồng cây phường B",
            type=tree,
            start_date=D(2020, 4, 1),
            area=w.ward_b,
            organizer=w.org_b,
            counts={("female", "16_30"): 5},
        )
    )
    return w


def _json(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data=data, content_type="application/json")


def _errors(response: Any) -> dict[str | None, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, "PNG")
    return out.getvalue()


def _new(w: Any, **over: Any) -> dict[str, Any]:
    body = {
        "title": "Ngày hội tái chế",
        "type": "ngay-hoi-tai-che",
        "start_date": "15/05/2020",
        "area": w.ward_a.code,
        "organizer": w.org_a.pk,
        "programme": w.programme.pk,
        "counts": [
            {"sex": "female", "age_group": "16_30", "count": 10},
            {"sex": "male", "age_group": "unknown", "count": 2},
        ],
        "outputs": [{"kind": "phe-lieu", "quantity": "120.5"}],
    }
    body.update(over)
    return body


def test_reads_through_the_scope(world: Any) -> None:
    api = bearer(world.viewer)  # token authentication
    found = api.get("/api/activities/").json()
    assert [a["title"] for a in found["items"]] == ["Trồng cây phường A"]
    assert api.get(f"/api/activities/{world.activity_b.pk}/").status_code == 404
    detail = api.get(f"/api/activities/{world.activity.pk}/").json()
    assert [p["full_name"] for p in detail["people"]] == ["Hoàng Thị Lan"] and detail["others"] == 1
    assert "Ngô" not in str(detail) and detail["participants"] == 2
    assert detail["outputs"] == [
        {"kind": "cay-xanh", "name": "Cây xanh", "unit": "cây", "quantity": "30.00"}
    ] or (detail["outputs"][0]["kind"] == "cay-xanh")
    assert PersonalDataAccess.objects.filter(people_count=1).exists()
    assert api.get("/api/activities/", {"type": "moi-truong"}).json()["count"] == 1
    assert api.get("/api/activities/", {"type": "tu-thien"}).json()["count"] == 0
    assert api.get("/api/activities/", {"year": 2021}).json()["count"] == 0
    assert api.get("/api/activities/", {"from": "01/04/2020"}).json()["count"] == 0
    assert api.get("/api/activities/", {"area": world.district.code}).json()["count"] == 1
    assert api.get("/api/activities/", {"year": 10**12}).status_code == 422
    programmes = api.get("/api/programmes/", {"year": 2020}).json()["items"]
    assert [p["title"] for p in programmes] == ["Chương trình phối hợp thử"]
    assert api.get(f"/api/programmes/{world.programme.pk}/").json()["parties"][0]["role"] == "lead"
    assert Client().get("/api/activities/").status_code == 401
    assert len(api.get("/api/activity-types/").json()) >= 14
    assert any(k["code"] == "tien-ung-ho" and k["is_money"] for k in api.get("/api/output-kinds/").json())


def test_create_and_every_refusal_writes_nothing(world: Any) -> None:
    api = bearer(world.editor)
    n = Activity.objects.count()
    refusals = {
        "end_date": _new(world, end_date="2020-05-14"),
        "counts": _new(world, counts=[{"sex": "female", "age_group": "16_30", "count": -3}]),
        "counts ": _new(world, participants=99),
        "start_date": _new(world, start_date="2021-02-01"),
        "type": _new(world, type="khong-co"),
        "area": _new(world, area="ZZZ"),
        "title": _new(world, title="a\x00b"),
    }
    for field, body in refusals.items():
        errors = _errors(_json(api, "post", "/api/activities/", body))
        assert any(field.strip() in (k or "") for k in errors), (field, errors)
    # every message is Vietnamese (the participants' mismatch, the negative count)
    errors = _errors(_json(api, "post", "/api/activities/", refusals["counts "]))
    assert any(ch in "".join(errors.values()) for ch in "ốớộạảđ")
    # an organization she may not see, or a person outside her scope: as unknown
    assert "organizer" in _errors(_json(api, "post", "/api/activities/", _new(world, organizer=10**9)))
    hidden = _new(world, participant_mode="named", counts=[], people=[world.people_b[0].pk])
    errors = _errors(_json(api, "post", "/api/activities/", hidden))
    assert "people" in errors and "Ngô" not in str(errors)
    # odd inputs: 4xx, never 500
    bodies: list[Any] = [
        _new(world, counts=[{"sex": "female", "age_group": "16_30", "count": 10**30}]),
        [],
        "x",
        _new(world, organizer="a"),
        _new(world, outputs=[{"kind": "phe-lieu", "quantity": "1e40"}]),
    ]
    for odd in bodies:
        assert _json(api, "post", "/api/activities/", odd).status_code == 422
    assert Activity.objects.count() == n
    # outside the edit scope: 403
    assert _json(bearer(world.viewer), "post", "/api/activities/", _new(world)).status_code == 403
    made = _json(api, "post", "/api/activities/", _new(world))
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["participants"] == 12 and body["outputs"][0]["quantity"] in ("120.50", "120.5")
    assert Activity.objects.count() == n + 1


def test_files_refused_and_patch_keeps_them(world: Any, settings: Any) -> None:
    api = bearer(world.editor)
    url = f"/api/activities/{world.activity.pk}/files/"
    fake = api.post(url, {"file": _named("anh.jpg", b"not a photo at all")})
    assert "files" in _errors(fake)
    settings.ACTIVITY_FILE_MAX_BYTES = 10
    big = _errors(api.post(url, {"file": _named("anh2.png", _png())}))
    assert "files" in big and any(ch in big["files"] for ch in "ớốáảệ")
    assert ActivityFile.objects.count() == 0
    mine = Activity.objects.get(pk=_json(api, "post", "/api/activities/", _new(world)).json()["id"])
    kept = ActivityFile.objects.create(
        activity=mine,
        file="activities/x/x.png",
        name="anh.png",
        content_type="image/png",
        extension=".png",
        size=100,
        sha256="x" * 64,
    )
    patched = _json(api, "patch", f"/api/activities/{mine.pk}/", {"title": "Trồng cây (sửa)"})
    assert patched.status_code == 200, patched.content
    out = patched.json()
    assert out["title"] == "Trồng cây (sửa)" and [f["id"] for f in out["files"]] == [kept.pk]
    assert out["participants"] == 12 and out["outputs"][0]["kind"] == "phe-lieu"
    refused = _json(api, "patch", f"/api/activities/{mine.pk}/", {"end_date": "2020-01-01"})
    assert "end_date" in _errors(refused)
    assert Activity.objects.get(pk=mine.pk).end_date is None and mine.title == "Ngày hội tái chế"
    assert "files" in _errors(api.delete(f"/api/activities/{mine.pk}/"))
    assert api.delete(f"/api/activities/files/{kept.pk}/").status_code == 204
    assert ActivityFile.objects.get(pk=kept.pk).removed_at is not None
    assert _json(api, "patch", f"/api/activities/{world.activity_b.pk}/", {"title": "x"}).status_code == 404
    assert api.delete(f"/api/activities/{world.activity_b.pk}/").status_code == 404


def test_file_upload(world: Any) -> None:
    api = bearer(world.editor)
    added = api.post(
        f"/api/activities/{world.activity.pk}/files/", {"file": _named("anh.png"), "caption": "Ảnh"}
    )
    assert added.status_code == 201, added.content
    assert added.json()["is_image"] is True


def test_programme_writes(world: Any) -> None:
    api = bearer(world.editor)
    pk = world.programme.pk
    goal = _json(
        api,
        "post",
        f"/api/programmes/{pk}/goals/",
        {"text": "Mỗi phường 2 hoạt động", "measure": "activities_per_unit", "target": 2},
    )
    assert goal.status_code == 201, goal.content
    assert "target" in _errors(
        _json(
            api, "post", f"/api/programmes/{pk}/goals/", {"text": "x", "measure": "activities", "target": -1}
        )
    )
    plan = _json(
        api,
        "put",
        f"/api/programmes/{pk}/plans/2020/",
        {"targets": [{"goal": goal.json()["id"], "target": 3}]},
    )
    assert plan.status_code == 200, plan.content
    assert "year" in _errors(_json(api, "put", f"/api/programmes/{pk}/plans/2030/", {"targets": []}))
    detail = api.get(f"/api/programmes/{pk}/").json()
    assert (
        detail["goals"][0]["year_targets"] == [{"year": 2020, "target": "3.00"}]
        or detail["goals"][0]["year_targets"][0]["year"] == 2020
    )
    assert "start_date" in _errors(
        _json(api, "patch", f"/api/programmes/{pk}/", {"start_date": "2020-06-01"})
    )
    assert _json(api, "patch", f"/api/programmes/{pk}/", {"note": "ghi chú"}).status_code == 200


def _named(name: str, content: bytes | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content if content is not None else _png())


def test_progress(world: Any) -> None:
    """The progress of a programme through the API: the same cells as progress_json, scoped (404 outside)."""
    from nguon.core.scope import UNRESTRICTED
    from nguon.programmes.progress import progress, progress_json

    api = bearer(world.editor)
    programme = world.activity.programme or world.programme
    found = api.get(f"/api/programmes/{programme.pk}/progress/?at=31/12/2022")
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["at"] == "2022-12-31"
    expected = progress_json(progress(programme=programme, scope=UNRESTRICTED, at=dt.date(2022, 12, 31)))
    assert [g["id"] for g in body["goals"]] == [g["id"] for g in expected["goals"]]
    assert [[c["actual"] for c in g["rows"]] for g in body["goals"]] == [
        [c["actual"] for c in g["rows"]] for g in expected["goals"]
    ]
    assert api.get("/api/programmes/999999/progress/").status_code == 404
