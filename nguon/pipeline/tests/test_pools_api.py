"""The pools' API: lists and pools on a date through the caller's scope (404 outside it; people outside it
counted, never named), the incumbent of the date asked, the log, the writes through the services (the log's
rules, Vietnamese messages by field, the edit scope, the acting user and source "api"), decisions, review
rounds, the readiness levels, the workbook."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from nguon.accounts.choices import Role
from nguon.accounts.models import PersonalDataAccess
from nguon.accounts.tests.factories import make_user
from nguon.api.tests.conftest import bearer, build_world
from nguon.organizations import services as org
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import services
from nguon.pipeline.models import PoolEvent, ReviewRound
from nguon.pipeline.tests.factories import PlanningDecisionFactory, PoolFactory, readiness

D = dt.date


@pytest.fixture
def world(db: None) -> Any:
    w = build_world()
    w.decision_a = PlanningDecisionFactory(organization=w.a.organization, number="12-QĐ/ĐU")
    w.pool_a = PoolFactory(post=w.a.post, decision=w.decision_a)
    w.pool_b = PoolFactory(post=w.b.post)
    for rank, person in enumerate(w.a.people, start=1):
        services.entry_add(
            pool=w.pool_a, person=person, date=D(2025, 10, 20), readiness=readiness(), rank=rank
        )
    for person in w.b.people:
        services.entry_add(pool=w.pool_b, person=person, date=D(2025, 10, 20))
    return w


@pytest.fixture
def editor_a(world: Any) -> Any:
    return make_user("editor_a", area=world.a.area, role=Role.EDITOR)


@pytest.fixture
def api_a(editor_a: Any) -> Client:
    return bearer(editor_a)


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=data, content_type="application/json")


def _errors(response: Any) -> dict[str | None, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


# -- reads -------------------------------------------------------------------------------------------------
def test_list_is_scoped_and_filtered(world: Any, api_a: Client) -> None:
    other = PoolFactory(
        post=world.a.post, target_term="2030–2035", target_start=D(2030, 10, 1), target_end=D(2035, 9, 30)
    )
    found = api_a.get("/api/pipeline/pools/").json()
    assert found["count"] == 2 and {p["id"] for p in found["items"]} == {world.pool_a.pk, other.pk}
    one = api_a.get("/api/pipeline/pools/", {"target_term": "2025–2030"}).json()
    assert [p["id"] for p in one["items"]] == [world.pool_a.pk]
    assert one["items"][0]["decision_number"] == "12-QĐ/ĐU"
    assert one["items"][0]["organization_name"] == world.a.organization.name
    assert api_a.get("/api/pipeline/pools/", {"organization": world.b.organization.pk}).json()["count"] == 0
    assert api_a.get("/api/pipeline/pools/", {"post": world.a.post.pk, "limit": 1}).json()["count"] == 2
    assert len(api_a.get("/api/pipeline/pools/", {"limit": 1}).json()["items"]) == 1


def test_detail_on_a_date_with_the_incumbent_of_that_date(world: Any, api_a: Client) -> None:
    """The post's holder changed on 1/1/2026: the pool on 31/12/2025 shows the holders of then."""
    leaving = world.a.tenures[0]
    org.tenure_end(tenure=leaving, end_date=D(2025, 12, 31), end_reason="retired")
    services.entry_fulfil(pool=world.pool_a, person=world.a.people[1], date=D(2026, 1, 1), reason="Bầu")
    before = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "31/12/2025"}).json()
    assert before["at"] == "2025-12-31"
    assert {i["person_id"] for i in before["incumbents"]} == {p.pk for p in world.a.people}
    assert [e["person_name"] for e in before["entries"]] == [p.full_name for p in world.a.people]
    assert before["entries"][0]["readiness"] == "ngay" and before["entries"][0]["rank"] == 1
    after = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "2026-01-01"}).json()
    assert {i["person_id"] for i in after["incumbents"]} == {world.a.people[1].pk}
    assert [e["person_id"] for e in after["entries"]] == [world.a.people[0].pk]
    assert (after["size"], after["hidden"]) == (1, 0)
    out = api_a.get(
        f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "2026-01-01", "include_out": "true"}
    ).json()
    assert {e["status"] for e in out["entries"]} == {"approved", "fulfilled"}
    earlier = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "2025-10-19"}).json()
    assert earlier["entries"] == [] and earlier["size"] == 0
    assert (
        PersonalDataAccess.objects.filter(path__startswith=f"/api/pipeline/pools/{world.pool_a.pk}/").count()
        == 4
    )
    assert _errors(api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "32/13/2025"}))["at"]


def test_outside_the_scope_is_404_and_people_outside_are_counted(world: Any, api_a: Client) -> None:
    for url in (
        f"/api/pipeline/pools/{world.pool_b.pk}/",
        f"/api/pipeline/pools/{world.pool_b.pk}/log/",
        f"/api/pipeline/pools/{world.pool_b.pk}/export/",
    ):
        response = api_a.get(url)
        assert response.status_code == 404, url
        assert world.b.people[0].full_name not in response.content.decode()
    # ward B's person planned for ward A's post (a district officer's doing): counted, never named
    services.entry_add(pool=world.pool_a, person=world.b.people[0], date=D(2025, 11, 1), rank=3)
    found = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "2026-01-01"})
    body = found.content.decode()
    assert found.json()["hidden"] == 1 and found.json()["size"] == 3
    assert world.b.people[0].full_name not in body
    log = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/log/")
    assert log.json()["count"] == 2 and world.b.people[0].full_name not in log.content.decode()


def test_log_newest_first(world: Any, api_a: Client) -> None:
    services.entry_move(
        pool=world.pool_a, person=world.a.people[0], date=D(2026, 3, 1), readiness=readiness("1-2-nam")
    )
    items = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/log/").json()["items"]
    assert [(i["action"], i["date"]) for i in items] == [
        ("move", "2026-03-01"),
        ("approve", "2025-10-20"),
        ("approve", "2025-10-20"),
    ]
    assert items[0]["readiness"] == "1-2-nam" and items[0]["person_id"] == world.a.people[0].pk


def test_readiness_levels(world: Any, api_a: Client) -> None:
    found = api_a.get("/api/pipeline/readiness-levels/").json()
    assert [r["code"] for r in found][:3] == ["ngay", "1-2-nam", "3-5-nam"]


def test_anonymous_is_refused(world: Any) -> None:
    assert Client().get("/api/pipeline/pools/").status_code == 401


# -- writes ------------------------------------------------------------------------------------------------
def test_add_move_remove_fulfil(world: Any, api_a: Client, editor_a: Any) -> None:
    newcomer = PersonFactory(dossier_organization=world.a.organization)
    url = f"/api/pipeline/pools/{world.pool_a.pk}"
    added = _post(
        api_a,
        f"{url}/add/",
        {
            "person": newcomer.pk,
            "date": "05/11/2025",
            "readiness": "3-5-nam",
            "rank": 3,
            "decision": world.decision_a.pk,
            "first_planning": True,
        },
    )
    assert added.status_code == 201, added.content
    body = added.json()
    assert (body["action"], body["date"], body["readiness"], body["decision_number"]) == (
        "approve",
        "2025-11-05",
        "3-5-nam",
        "12-QĐ/ĐU",
    )
    event = PoolEvent.objects.get(pk=body["id"])
    assert (event.recorded_by, event.source, event.entry.first_planning) == (editor_a, "api", True)
    moved = _post(api_a, f"{url}/move/", {"person": newcomer.pk, "date": "2026-06-01", "readiness": "ngay"})
    assert moved.status_code == 201 and moved.json()["action"] == "move"
    errors = _errors(_post(api_a, f"{url}/remove/", {"person": newcomer.pk, "date": "2026-07-01"}))
    assert errors == {"reason": "Hãy ghi lý do đưa ra khỏi quy hoạch."}
    removed = _post(
        api_a, f"{url}/remove/", {"person": newcomer.pk, "date": "2026-07-01", "removal_reason": "moved"}
    )
    assert removed.status_code == 201 and removed.json()["removal_reason"] == "moved"
    # fulfil after the removal: refused on the date, in Vietnamese
    errors = _errors(_post(api_a, f"{url}/fulfil/", {"person": newcomer.pk, "date": "2026-08-01"}))
    assert errors == {
        "date": f"{newcomer.full_name} không có trong quy hoạch {world.pool_a} vào ngày 01/08/2026."
    }
    fulfilled = _post(api_a, f"{url}/fulfil/", {"person": world.a.people[0].pk, "date": "2026-08-01"})
    assert fulfilled.status_code == 201
    state = api_a.get(f"{url}/", {"at": "2026-08-01", "include_out": True}).json()["entries"]
    assert {(e["person_id"], e["status"]) for e in state} == {
        (world.a.people[0].pk, "fulfilled"),
        (world.a.people[1].pk, "approved"),
        (newcomer.pk, "removed"),
    }


def test_write_refusals_by_field(world: Any, api_a: Client) -> None:
    url = f"/api/pipeline/pools/{world.pool_a.pk}/add/"
    person = world.a.people[0].pk
    assert "readiness" in _errors(
        _post(api_a, url, {"person": person, "date": "2026-01-01", "readiness": "xx"})
    )
    assert "rank" in _errors(
        _post(
            api_a,
            url,
            {
                "person": PersonFactory(dossier_organization=world.a.organization).pk,
                "date": "2026-01-01",
                "rank": 0,
            },
        )
    )
    assert "date" in _errors(_post(api_a, url, {"person": person, "date": "hôm qua"}))
    assert "date" in _errors(_post(api_a, url, {"person": person, "date": "2026-01-01"}))  # already approved
    # ward B's person and decision: refused on their field, never named
    response = _post(api_a, url, {"person": world.b.people[0].pk, "date": "2026-01-01"})
    assert _errors(response) == {"person": "Không có người này trong phạm vi công tác của bạn."}
    assert world.b.people[0].full_name not in response.content.decode()
    other_decision = PlanningDecisionFactory(organization=world.b.organization)
    assert list(
        _errors(_post(api_a, url, {"person": person, "date": "2026-01-01", "decision": other_decision.pk}))
    ) == ["decision"]
    assert PoolEvent.objects.filter(entry__pool=world.pool_a).count() == 2


def test_ward_b_writes_are_404_and_viewers_are_refused(world: Any, api_a: Client) -> None:
    before = PoolEvent.objects.count()
    for action in ("add", "move", "remove", "fulfil"):
        response = _post(
            api_a,
            f"/api/pipeline/pools/{world.pool_b.pk}/{action}/",
            {"person": world.b.people[0].pk, "date": "2026-01-01", "reason": "x"},
        )
        assert response.status_code == 404, action
    viewer = bearer(make_user("viewer_a", area=world.a.area, role=Role.VIEWER))
    response = _post(
        viewer,
        f"/api/pipeline/pools/{world.pool_a.pk}/move/",
        {"person": world.a.people[0].pk, "date": "2026-01-01", "rank": 2},
    )
    assert response.status_code == 403
    assert PoolEvent.objects.count() == before


def test_pool_create(world: Any, api_a: Client) -> None:
    post = org.post_create(organization=world.a.organization, name="Phó Bí thư")
    response = _post(
        api_a,
        "/api/pipeline/pools/",
        {
            "post": post.pk,
            "target_term": "2025–2030",
            "target_start": "01/10/2025",
            "target_end": "30/09/2030",
            "decision": world.decision_a.pk,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["post_name"] == "Phó Bí thư"
    again = _post(
        api_a,
        "/api/pipeline/pools/",
        {
            "post": post.pk,
            "target_term": "2025–2030",
            "target_start": "2025-10-01",
            "target_end": "2025-01-01",
        },
    )
    assert set(_errors(again)) == {"target_term", "target_end"}
    outside = _post(
        api_a,
        "/api/pipeline/pools/",
        {
            "post": world.b.post.pk,
            "target_term": "2030–2035",
            "target_start": "2030-10-01",
            "target_end": "2035-09-30",
        },
    )
    assert list(_errors(outside)) == ["post"]


def test_decisions(world: Any, api_a: Client) -> None:
    PlanningDecisionFactory(organization=world.b.organization)
    found = api_a.get("/api/pipeline/decisions/").json()
    assert [d["id"] for d in found["items"]] == [world.decision_a.pk]
    created = _post(
        api_a,
        "/api/pipeline/decisions/",
        {
            "organization": world.a.organization.pk,
            "number": "30-QĐ/ĐU",
            "date": "05/11/2026",
            "approving_body": "Ban Thường vụ Đảng ủy",
            "kind": "review",
        },
    )
    assert created.status_code == 201 and created.json()["kind"] == "review"
    errors = _errors(
        _post(
            api_a,
            "/api/pipeline/decisions/",
            {
                "organization": world.a.organization.pk,
                "number": " ",
                "date": "2026-01-01",
                "approving_body": "",
            },
        )
    )
    assert set(errors) == {"number", "approving_body"}
    assert list(
        _errors(
            _post(
                api_a,
                "/api/pipeline/decisions/",
                {
                    "organization": world.b.organization.pk,
                    "number": "1",
                    "date": "2026-01-01",
                    "approving_body": "x",
                },
            )
        )
    ) == ["organization"]


def test_review_round(world: Any, api_a: Client) -> None:
    created = _post(
        api_a,
        "/api/pipeline/rounds/",
        {"organization": world.a.organization.pk, "year": 2026, "target_term": "2025–2030"},
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    newcomer = PersonFactory(dossier_organization=world.a.organization)
    proposed = _post(
        api_a,
        f"/api/pipeline/rounds/{rid}/proposals/",
        {"pool": world.pool_a.pk, "person": newcomer.pk, "action": "add", "readiness": "3-5-nam"},
    )
    assert proposed.status_code == 201, proposed.content
    _post(
        api_a,
        f"/api/pipeline/rounds/{rid}/proposals/",
        {
            "pool": world.pool_a.pk,
            "person": world.a.people[1].pk,
            "action": "remove",
            "removal_reason": "review",
        },
    )
    bad = _post(
        api_a,
        f"/api/pipeline/rounds/{rid}/proposals/",
        {"pool": world.pool_a.pk, "person": world.a.people[0].pk, "action": "remove"},
    )
    assert list(_errors(bad)) == ["reason"]
    detail = api_a.get(f"/api/pipeline/rounds/{rid}/").json()
    assert [p["action"] for p in detail["proposals"]] == ["add", "remove"]
    decision = PlanningDecisionFactory(organization=world.a.organization, kind="review", date=D(2026, 11, 5))
    approved = _post(api_a, f"/api/pipeline/rounds/{rid}/approve/", {"decision": decision.pk})
    assert approved.status_code == 200, approved.content
    assert approved.json()["round"]["status"] == "approved"
    state = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/", {"at": "2026-11-05"}).json()
    assert {e["person_id"] for e in state["entries"]} == {world.a.people[0].pk, newcomer.pk}
    assert list(_errors(_post(api_a, f"/api/pipeline/rounds/{rid}/approve/", {"decision": decision.pk}))) == [
        "round"
    ]
    assert [r["id"] for r in api_a.get("/api/pipeline/rounds/").json()["items"]] == [rid]


def test_ward_b_round_is_404(world: Any, api_a: Client) -> None:
    review = services.round_create(organization=world.b.organization, year=2026, target_term="2025–2030")
    assert api_a.get(f"/api/pipeline/rounds/{review.pk}/").status_code == 404
    decision = PlanningDecisionFactory(organization=world.b.organization)
    assert (
        _post(api_a, f"/api/pipeline/rounds/{review.pk}/approve/", {"decision": decision.pk}).status_code
        == 404
    )
    assert api_a.get("/api/pipeline/rounds/").json()["count"] == 0
    assert ReviewRound.objects.get(pk=review.pk).status == "draft"


def test_export_route(world: Any, api_a: Client) -> None:
    response = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/export/", {"at": "2026-01-01"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [c.value for c in sheet["B"]]
    assert world.a.people[0].full_name in names


def test_detail_defaults_to_today(world: Any, api_a: Client) -> None:
    from django.utils import timezone

    found = api_a.get(f"/api/pipeline/pools/{world.pool_a.pk}/").json()
    assert found["at"] == timezone.localdate().isoformat()
    assert {e["person_id"] for e in found["entries"]} == {p.pk for p in world.a.people}
