"""The training API: lists and records through the caller's scope (404 outside it; participants outside it
counted, never named), writes through the services (Vietnamese messages by field, 403 outside the edit
scope), a person's trainings and qualifications on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from nguon.accounts.models import PersonalDataAccess
from nguon.api.tests.conftest import bearer
from nguon.training.models import Course, Participation

from .world import World, build_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _json(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=data, content_type="application/json")


def _errors(response: Any) -> dict[str | None, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def test_reads_through_the_scope(world: World) -> None:
    api = bearer(world.viewer)
    courses = api.get("/api/training/courses/").json()["items"]
    assert [c["name"] for c in courses] == [world.course.name]
    assert api.get(f"/api/training/courses/{world.course_b.pk}/").status_code == 404
    sessions = api.get("/api/training/sessions/", {"year": 2021}).json()["items"]
    assert [(s["name"], s["participants"], s["completed"]) for s in sessions] == [("Lớp 1 năm 2021", 2, 2)]
    assert api.get("/api/training/sessions/", {"year": 2022}).json()["items"] == []
    assert api.get(f"/api/training/sessions/{world.session_b.pk}/").status_code == 404
    found = api.get(f"/api/training/sessions/{world.session.pk}/participants/").json()
    assert [p["person_name"] for p in found["items"]] == ["Hoàng Thị Lan"] and found["hidden"] == 1
    assert "Ngô" not in str(found)
    assert PersonalDataAccess.objects.filter(people_count=1).exists()
    lan = world.people_a[0]
    mine = api.get(f"/api/training/people/{lan.pk}/", {"at": "2021-03-30"}).json()
    assert mine["qualifications"]["leadership_trained"] is True
    assert mine["trainings"][0]["certificate"] == "LD-001"
    before = api.get(f"/api/training/people/{lan.pk}/", {"at": "29/03/2021"}).json()
    assert before["qualifications"]["leadership_trained"] is False
    assert api.get(f"/api/training/people/{world.people_b[0].pk}/").status_code == 404
    other = Participation.objects.get(person=world.people_b[0])
    assert api.get(f"/api/training/participants/{other.pk}/").status_code == 404


def test_writes_with_vietnamese_errors_by_field(world: World) -> None:
    api = bearer(world.editor)
    refused = _json(
        api,
        "post",
        "/api/training/courses/",
        {
            "organizer": world.org_a.pk,
            "name": world.course.name,
            "kind": "leadership",
            "grants_level": "cao_cap",
        },
    )
    errors = _errors(refused)
    assert "đã có khóa học" in errors["name"] and "grants_level" in errors
    assert "organizer" in _errors(
        _json(
            api,
            "post",
            "/api/training/courses/",
            {"organizer": world.org_b.pk, "name": "X", "kind": "leadership"},
        )
    )
    made = _json(
        api,
        "post",
        "/api/training/courses/",
        {
            "organizer": world.org_a.pk,
            "name": "Cao cấp lý luận chính trị",
            "kind": "political_theory",
            "grants": "political_theory",
            "grants_level": "cao_cap",
        },
    )
    assert made.status_code == 201, made.content
    course = Course.objects.get(pk=made.json()["id"])
    session = _json(
        api,
        "post",
        "/api/training/sessions/",
        {"course": course.pk, "name": "K1", "start_date": "01/09/2022", "end_date": "2023-06-30"},
    )
    assert session.status_code == 201, session.content
    sid = session.json()["id"]
    assert "end_date" in _errors(
        _json(api, "patch", f"/api/training/sessions/{sid}/", {"end_date": "2022-01-01"})
    )
    hường = world.people_a[1]
    url = f"/api/training/sessions/{sid}/participants/"
    errors = _errors(_json(api, "post", url, {"person": hường.pk, "result": "enrolled", "certificate": "C1"}))
    assert errors["certificate"].startswith("Chứng chỉ chỉ cấp")
    assert "person" in _errors(_json(api, "post", url, {"person": world.people_b[0].pk}))
    added = _json(
        api,
        "post",
        url,
        {"person": hường.pk, "result": "completed", "certificate": "C1", "certificate_date": "2023-07-01"},
    )
    assert added.status_code == 201, added.content
    assert added.json()["completed_on"] == "2023-06-30"
    pid = added.json()["id"]
    changed = _json(api, "put", f"/api/training/participants/{pid}/", {"result": "failed"})
    assert changed.status_code == 200 and changed.json()["certificate"] == ""
    assert api.delete(f"/api/training/participants/{pid}/").status_code == 204
    assert not Participation.objects.filter(pk=pid).exists()
    # a viewer may not write
    viewer = bearer(world.viewer)
    assert _json(viewer, "post", url, {"person": hường.pk}).status_code == 403
