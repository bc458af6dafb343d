"""The supervision API: lists and details through the caller's scope (404 outside it; team members outside it
counted, never named, reads naming them logged), writes through the services (Vietnamese messages by field,
nothing written when refused, 403 outside the edit scope), the overdue list at a fixed date, the defaults."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from nguon.accounts.models import PersonalDataAccess
from nguon.api.tests.conftest import bearer
from nguon.supervision import services
from nguon.supervision.models import FollowUp, Mission, Recommendation

from .world import build_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w() -> Any:
    world: Any = build_world()
    services.team_add(mission=world.mission, person=world.people_b[0])  # a member outside ward A
    return world


def _json(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data=data, content_type="application/json")


def _errors(response: Any) -> dict[str | None, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def _mission(w: Any, **over: Any) -> dict[str, Any]:
    body = {
        "kind": "supervision",
        "subject": "Giám sát việc thực hiện chính sách với phụ nữ",
        "lead": w.org_a.pk,
        "supervised_text": "UBND phường Thử A",
        "notice_sent_on": "01/09/2020",
        "start_date": "01/10/2020",
        "end_date": "2020-10-05",
    }
    body.update(over)
    return body


def test_lists_and_details_through_the_scope(w: Any) -> None:
    api = bearer(w.viewer)
    found = api.get("/api/supervision/missions/").json()
    assert found["count"] == 1 and found["items"][0]["id"] == w.mission.pk
    assert "Bí Mật" not in str(found)
    assert api.get("/api/supervision/missions/", {"year": 2021}).json()["count"] == 0
    assert api.get("/api/supervision/missions/", {"kind": "opinion"}).json()["count"] == 0
    assert api.get("/api/supervision/missions/", {"organization": w.org_a.pk}).json()["count"] == 1
    assert api.get("/api/supervision/missions/", {"year": 10**12}).status_code == 422
    assert api.get(f"/api/supervision/missions/{w.mission_b.pk}/").status_code == 404
    assert api.get(f"/api/supervision/recommendations/{w.rec_b.pk}/events/").status_code in (404, 405)
    before = PersonalDataAccess.objects.count()
    detail = api.get(f"/api/supervision/missions/{w.mission.pk}/").json()
    assert [m["full_name"] for m in detail["team"]["members"]] == ["Hoàng Thị Lan"]
    assert detail["team"]["hidden"] == 1 and "Ngô" not in str(detail)
    assert PersonalDataAccess.objects.count() == before + 1
    (rec,) = detail["recommendations"]
    assert rec["status"] == "sent" and rec["deadline"] == "2020-03-30"
    assert [e["kind"] for e in rec["events"]] == ["sent"] and detail["can_edit"] is False
    recs = api.get("/api/supervision/recommendations/").json()
    assert [r["id"] for r in recs["items"]] == [w.rec.pk]
    assert (
        api.get("/api/supervision/recommendations/", {"status": "unsent", "at": "01/03/2020"}).json()["count"]
        == 1
    )
    assert (
        api.get("/api/supervision/recommendations/", {"status": "sent", "at": "01/03/2020"}).json()["count"]
        == 0
    )
    assert api.get("/api/supervision/recommendations/", {"mission": w.mission_b.pk}).json()["count"] == 0
    assert Client().get("/api/supervision/missions/").status_code == 401


def test_overdue_at_a_fixed_date_and_defaults(w: Any) -> None:
    api = bearer(w.viewer)
    found = api.get("/api/supervision/overdue/", {"at": "25/09/2020"}).json()
    assert found["count"] == 1 and found["at"] == "2020-09-25"
    (item,) = found["items"]
    assert item["recommendation_id"] == w.rec.pk and item["days_open"] == 199
    assert item["bucket"] == "more" and item["escalate"] and "no_answer" in item["reasons"]
    assert {b["code"]: b["count"] for b in found["buckets"]}["more"] == 1
    assert api.get("/api/supervision/overdue/", {"at": "30/03/2020"}).json()["count"] == 0
    early = api.get("/api/supervision/overdue/", {"at": "2020-04-01"}).json()
    assert early["items"][0]["days_open"] == 22 and early["items"][0]["bucket"] == "30"
    assert (
        api.get("/api/supervision/overdue/", {"at": "25/09/2020", "area": w.ward_b.code}).json()["count"] == 0
    )
    assert api.get("/api/supervision/overdue/", {"area": "ZZZ"}).status_code == 422
    assert "at" in _errors(api.get("/api/supervision/overdue/", {"at": "31/02/2020"}))
    assert api.get("/api/supervision/overdue/").status_code == 200
    rules = api.get("/api/supervision/defaults/", {"at": "2020-01-01"}).json()
    assert (rules["in_force"]["notice_days"], rules["in_force"]["answer_days"]) == (15, 20)


def test_create_update_and_refusals_write_nothing(w: Any) -> None:
    api = bearer(w.editor)
    n = Mission.objects.count()
    refusals = {
        "end_date": _mission(w, end_date="2020-09-01"),
        "notice_sent_on": _mission(w, notice_sent_on="02/10/2020"),
        "supervised": _mission(w, supervised_text=""),
        "subject": _mission(w, subject="a\x00b"),
        "participants": _mission(w, participants=[w.org_a.pk]),
        "kind": _mission(w, kind="khac"),
        "lead": _mission(w, lead=10**9),
    }
    for field, body in refusals.items():
        errors = _errors(_json(api, "post", "/api/supervision/missions/", body))
        assert field in errors, (field, errors)
        assert all(m and m[0] != "{" for m in errors.values())
    assert (
        "trước" in _errors(_json(api, "post", "/api/supervision/missions/", refusals["end_date"]))["end_date"]
    )
    assert Mission.objects.count() == n
    assert _json(api, "post", "/api/supervision/missions/", _mission(w, lead=w.org_b.pk)).status_code == 422
    assert (
        bearer(w.viewer).post("/api/supervision/missions/", _mission(w), "application/json").status_code
        == 403
    )
    made = _json(api, "post", "/api/supervision/missions/", _mission(w, notice_sent_on="25/09/2020"))
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["notice_warning"] and body["can_edit"] and body["team"] == {"members": [], "hidden": 0}
    url = f"/api/supervision/missions/{body['id']}/"
    assert _errors(_json(api, "patch", url, {"subject": None}))["subject"]
    refused = _json(api, "patch", url, {"status": "ongoing", "concluded_on": "01/01/2019", "conclusion": "X"})
    assert "concluded_on" in _errors(refused)
    assert Mission.objects.get(pk=body["id"]).status == "planned"  # nothing half-saved
    done = _json(api, "patch", url, {"conclusion": "Kết luận giám sát", "concluded_on": "10/10/2020"}).json()
    assert done["status"] == "concluded" and done["conclusion"] == "Kết luận giám sát"
    assert (
        _json(api, "patch", f"/api/supervision/missions/{w.mission_b.pk}/", {"note": "x"}).status_code == 404
    )


def test_recommendations_and_events(w: Any) -> None:
    api = bearer(w.editor)
    url = f"/api/supervision/missions/{w.mission.pk}/recommendations/"
    n = Recommendation.objects.count()
    assert "addressee" in _errors(_json(api, "post", url, {"text": "Kiến nghị"}))
    assert "sent_on" in _errors(
        _json(api, "post", url, {"text": "K", "addressee_text": "X", "sent_on": "2020-01-01"})
    )
    assert "text" in _errors(_json(api, "post", url, {"text": "a\x00", "addressee_text": "X"}))
    assert Recommendation.objects.count() == n
    made = _json(api, "post", url, {"text": "Tăng cán bộ nữ", "addressee": w.org_a.pk}).json()
    assert made["status"] == "unsent" and made["addressee_name"] == w.org_a.name
    rec_url = f"/api/supervision/recommendations/{made['id']}/"
    events = rec_url + "events/"
    m = FollowUp.objects.count()
    assert "kind" in _errors(_json(api, "post", events, {"kind": "answered", "date": "2020-04-01"}))
    assert "sent_on" in _errors(_json(api, "patch", rec_url, {"sent_on": "2020-04-01"}))
    assert FollowUp.objects.count() == m
    sent = _json(api, "post", events, {"kind": "sent", "date": "01/04/2020", "document": "12/BC"})
    assert sent.status_code == 201 and sent.json()["deadline"] == "2020-04-21"
    assert "date" in _errors(_json(api, "post", events, {"kind": "answered", "date": "2020-03-31"}))
    assert _json(api, "post", events, {"kind": "acted", "date": "2020-04-15"}).json()["status"] == "acted"
    patched = _json(api, "patch", rec_url, {"deadline": "30/04/2020", "text": "Tăng tỉ lệ cán bộ nữ"}).json()
    assert patched["deadline"] == "2020-04-30" and patched["text"] == "Tăng tỉ lệ cán bộ nữ"
    assert _json(api, "patch", rec_url, {"text": None}).status_code == 422
    b_events = f"/api/supervision/recommendations/{w.rec_b.pk}/events/"
    assert _json(api, "post", b_events, {"kind": "answered", "date": "2020-04-01"}).status_code == 404
    viewer = bearer(w.viewer)
    assert _json(viewer, "post", events, {"kind": "escalated", "date": "2020-05-01"}).status_code == 403
