"""The reports' API: build (context or file), issue, list, detail, compare, files of an issued report,
batches; refusals by field in Vietnamese, 404 outside the scope, names only within it. Fake builder and
renderers (``fakes``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from nguon.accounts.models import PersonalDataAccess
from nguon.organizations.services import tenure_update
from nguon.reports.models import IssuedReport, ReportBatch
from nguon.reports.renderers import pdf

from . import fakes
from .fakes import fake_reports  # noqa: F401
from .world import report_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_reports")]


def _client(user: Any) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE="vi")
    c.force_login(user)
    return c


def _post(client: Client, url: str, data: Any) -> Any:
    with translation.override("vi"):
        return client.post(url, data=json.dumps(data), content_type="application/json")


def _errors(response: Any) -> dict[str | None, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def _body(rw: Any, **over: Any) -> dict[str, Any]:
    return {
        "kind": "representation",
        "area": rw.world.district.code,
        "from": "01/01/2015",
        "to": "25/09/2020",
        **over,
    }


def test_build_answers_the_context_or_a_file():
    rw = report_world()
    c = _client(rw.district_editor)
    r = _post(c, "/api/reports/", _body(rw))
    assert r.status_code == 200, r.content
    assert {f["key"]: f["value"] for f in r.json()["figures"]}["women"] == 2
    assert PersonalDataAccess.objects.filter(user=rw.district_editor).exists()
    r = _post(c, "/api/reports/", _body(rw, fmt="docx"))
    assert r.status_code == 200 and r.content.startswith(b"DOCX|")
    assert "bao-cao-ty-le-tham-gia" in r["Content-Disposition"] and r["Cache-Control"] == "private, no-store"


def test_build_refusals_by_field():
    rw = report_world()
    c = _client(rw.district_editor)
    assert "area" in _errors(_post(c, "/api/reports/", _body(rw, area="77777")))
    assert "to" in _errors(_post(c, "/api/reports/", _body(rw, to="31/02/2020")))
    assert "kind" in _errors(_post(c, "/api/reports/", _body(rw, kind="bao-cao")))
    assert "programme" in _errors(_post(c, "/api/reports/", _body(rw, kind="programme_review")))
    assert "programme" in _errors(_post(c, "/api/reports/", _body(rw, programme=999999)))
    b = _client(rw.world.b.editor)  # ward B's editor analyses only ward B
    assert "area" in _errors(_post(b, "/api/reports/", _body(rw)))


def test_pdf_unavailable_is_503(monkeypatch):
    rw = report_world()
    monkeypatch.setattr(pdf, "docx_to_pdf", fakes.no_pdf)
    r = _post(_client(rw.district_editor), "/api/reports/", _body(rw, fmt="pdf"))
    assert r.status_code == 503 and "LibreOffice" in r.json()["detail"]


def test_issue_list_detail_compare_and_files():
    rw = report_world()
    c = _client(rw.district_editor)
    r = _post(c, "/api/reports/issued/", _body(rw, number="12-BC/HPN"))
    assert r.status_code == 201, r.content
    issued = r.json()
    assert issued["number"] == "12-BC/HPN" and issued["area_code"] == rw.world.district.code
    assert [i["id"] for i in c.get("/api/reports/issued/").json()] == [issued["id"]]

    tram = next(t for t in rw.tenures if t.person.full_name == "Quách Thị Bảo Trâm")
    tenure_update(
        tenure=tram, data={"end_date": dt.date(2020, 6, 30), "end_reason": "resigned"}, acting_user=rw.admin
    )

    detail = c.get(f"/api/reports/issued/{issued['id']}/").json()
    assert {f["key"]: f["value"] for f in detail["context"]["figures"]}["women"] == 2  # as issued
    compare = c.get(f"/api/reports/issued/{issued['id']}/compare/").json()
    women = next(ch for ch in compare["changes"] if ch["key"] == "women")
    assert (women["before_value"], women["after_value"]) == ("2", "1")  # decimals as strings
    assert [p["name"] for p in women["people_removed"]] == ["Quách Thị Bảo Trâm"]

    r = c.get(issued["files"]["docx"])
    assert r.status_code == 200 and r.content == IssuedReport.objects.get().docx.open("rb").read()
    assert c.get(issued["files"]["xlsx"]).status_code == 200
    assert c.get(f"/api/reports/issued/{issued['id']}/file.odt").status_code == 404


def test_issued_reports_outside_the_scope_are_404_and_names_are_filtered():
    rw = report_world()
    r = _post(_client(rw.district_editor), "/api/reports/issued/", _body(rw))
    pk = r.json()["id"]
    b = _client(rw.world.b.editor)
    assert b.get(f"/api/reports/issued/{pk}/").status_code == 404
    assert b.get(f"/api/reports/issued/{pk}/compare/").status_code == 404
    assert b.get("/api/reports/issued/").json() == []
    assert r.json()["issued_by"] == rw.district_editor.username
    a = _client(rw.world.a.editor)  # analyses the district; names ward A only
    assert a.get("/api/reports/issued/").json()[0]["issued_by"] is None  # the issuer is not hers to know
    detail = a.get(f"/api/reports/issued/{pk}/").json()
    assert detail["issued_by"] is None
    women = next(f for f in detail["context"]["figures"] if f["key"] == "women")
    assert [p["name"] for p in women["people"]] == ["Nguyễn Thị Hoàng Yến"] and women["hidden"] == 1
    assert a.get(f"/api/reports/issued/{pk}/file.docx").status_code == 403
    assert json.loads(a.get(f"/api/reports/issued/{pk}/file.xlsx").content)["names"] == [
        "Nguyễn Thị Hoàng Yến"
    ]


def test_issue_needs_the_edit_level():
    rw = report_world()
    a = _client(rw.world.a.editor)  # edits ward A only
    assert _post(a, "/api/reports/issued/", _body(rw)).status_code == 403
    assert not IssuedReport.objects.exists()


def test_batch_progress():
    rw = report_world()
    c = _client(rw.district_editor)
    r = _post(c, "/api/reports/batches/", _body(rw))
    assert r.status_code == 201, r.content
    batch = r.json()
    assert (batch["status"], batch["done"], batch["total"]) == ("done", 2, 2)  # inline under the tests
    again = c.get(f"/api/reports/batches/{batch['id']}/").json()
    assert again["done"] == 2 and again["archive"]
    assert c.get(again["archive"]).status_code == 200
    assert _client(rw.world.b.editor).get(f"/api/reports/batches/{batch['id']}/").status_code == 404
    assert ReportBatch.objects.count() == 1
