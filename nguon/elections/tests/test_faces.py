"""The pages and the API of candidate lists: scoped (404 outside, people outside counted, never named),
the checks shown, the results entered through the form and the API (errors by field, tenures created),
the workbook, a term marked appointed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.api.tests.conftest import bearer
from nguon.areas.tests.factories import district_with_wards
from nguon.organizations import services as org_services
from nguon.organizations.models import Tenure
from nguon.organizations.tests.factories import OrganizationFactory

from .. import services
from .factories import council, list_of, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Any:
    class W:
        pass

    w = W()
    _district, (w.ward_a, w.ward_b) = district_with_wards(2)
    org_a = OrganizationFactory(area=w.ward_a, kind="peoples_council", name="HĐND phường An")
    org_b = OrganizationFactory(area=w.ward_b, kind="peoples_council", name="HĐND phường Bình")
    _o, _b, w.term_a, w.post_a = council(org_a)
    _o, _b, w.term_b, w.post_b = council(org_b)
    w.list_a = list_of(2, 4, seats=3, term=w.term_a, post=w.post_a, name="Đơn vị bầu cử số 1 phường An")
    w.list_b = list_of(1, 1, seats=1, term=w.term_b, post=w.post_b, name="Đơn vị số 1 phường Bình")
    for c in w.list_a.candidacies.all():
        org_services.tenure_create(
            person=c.person,
            post=w.post_a,
            start_date=dt.date(2016, 6, 1),
            end_date=dt.date(2021, 6, 24),
            start_reason="elected",
        )
    w.stranger = person("F", name="Quách Thị Bí Mật")
    org_services.tenure_create(
        person=w.stranger, post=w.post_b, start_date=dt.date(2016, 6, 1), start_reason="elected"
    )
    services.candidacy_add(candidate_list=w.list_a, person=w.stranger)
    w.editor = make_user("editor_a", area=w.ward_a, role=Role.EDITOR)
    w.client = Client()
    w.client.force_login(w.editor)
    return w


def test_detail_page_checks_and_hidden(world):
    page = world.client.get(reverse("election-detail", args=[world.list_a.pk])).content.decode()
    assert "Danh sách có 3/7 nữ (42,9%)" in page  # 2 women + the stranger, counted
    assert "Quách Thị Bí Mật" not in page and "ngoài phạm vi" in page
    assert world.client.get(reverse("election-detail", args=[world.list_b.pk])).status_code == 404
    listing = world.client.get(reverse("election-list")).content.decode()
    assert world.list_a.name in listing and world.list_b.name not in listing


def test_results_through_the_form(world):
    cands = list(world.list_a.candidacies.order_by("order"))
    data = {"voters": "1000", "valid_ballots": "900", "decision": "NQ 5/NQ-UBBC"}
    for i, c in enumerate(cands):
        data[f"votes-{c.pk}"] = str(950 if i == 0 else 400)
        if i < 3:
            data[f"elected-{c.pk}"] = "on"
    url = reverse("election-results", args=[world.list_a.pk])
    refused = world.client.post(url, data).content.decode()
    assert "950 phiếu nhiều hơn 900 phiếu hợp lệ" in refused
    data[f"votes-{cands[0].pk}"] = "523"
    assert world.client.post(url, data).status_code == 302
    page = world.client.get(reverse("election-detail", args=[world.list_a.pk])).content.decode()
    assert "58,11%" in page  # 523/900
    assert Tenure.objects.filter(post=world.post_a, term=world.term_a).count() == 3


def test_workbook(world):
    response = world.client.get(reverse("election-xlsx", args=[world.list_a.pk]))
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None)
    assert "DANH SÁCH ỨNG CỬ VIÊN" in text and "Họ và tên" in text and "Dân tộc" in text
    assert "Quách Thị Bí Mật" not in text and "ngoài phạm vi" in text


def test_create_list_and_add_candidate_pages(world):
    org = world.term_a.body.organization
    response = world.client.post(
        reverse("election-add", args=[org.pk]),
        {
            "term": world.term_a.pk,
            "post": world.post_a.pk,
            "kind": "peoples_council",
            "name": "ĐV 2",
            "election_date": "23/05/2021",
            "seats": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()
    cl = world.term_a.candidate_lists.get(name="ĐV 2")
    someone = world.list_a.candidacies.first().person
    found = world.client.get(
        reverse("election-person-search", args=[cl.pk]), {"q": "nguyen thi hoa"}
    ).content.decode()
    assert someone.full_name.split()[0] in found and "Bí Mật" not in found
    assert (
        world.client.post(reverse("election-candidate-add", args=[cl.pk]), {"person": someone.pk}).status_code
        == 302
    )
    assert cl.candidacies.filter(person=someone).exists()


def test_term_appointed_page(world):
    body = world.term_a.body
    term = org_services.term_create(body=body, name="2025–2026", start_date=dt.date(2025, 7, 1))
    response = world.client.post(
        reverse("election-term-appointed", args=[term.pk]), {"decision": "QĐ 1-QĐ/ĐU"}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.formation == "appointed"


def test_api(world):
    api = bearer(world.editor)
    got = api.get(f"/api/elections/lists/{world.list_a.pk}/").json()
    assert got["hidden"] == 1 and all(c["full_name"] != "Quách Thị Bí Mật" for c in got["candidacies"])
    assert {c["code"] for c in got["checks"]} >= {"women-share"}
    assert api.get(f"/api/elections/lists/{world.list_b.pk}/").status_code == 404
    ids = [c.pk for c in world.list_a.candidacies.order_by("order")]
    payload = {
        "voters": 100,
        "valid_ballots": 90,
        "results": [
            {"candidacy": i, "elected": n < 2, "votes": 95 if n == 0 else 50} for n, i in enumerate(ids)
        ],
    }
    refused = api.post(
        f"/api/elections/lists/{world.list_a.pk}/results/", data=payload, content_type="application/json"
    )
    assert refused.status_code in (400, 422)
    fields = {e["field"] for e in refused.json()["detail"]}
    assert f"votes-{ids[0]}" in fields
    payload["results"][0]["votes"] = 80
    ok = api.post(
        f"/api/elections/lists/{world.list_a.pk}/results/", data=payload, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    assert sum(1 for c in ok.json()["candidacies"] if c["tenure_id"]) == 2
    listed = api.get("/api/elections/lists/").json()
    assert [i["id"] for i in listed["items"]] == [world.list_a.pk]


def test_workbook_with_results_and_api_writes(world):
    api = bearer(world.editor)
    someone = person("M", name="Phạm Văn Mới")
    org_services.tenure_create(person=someone, post=world.post_a, start_date=dt.date(2016, 6, 1),
                               end_date=dt.date(2021, 6, 24), start_reason="elected")  # fmt: skip
    added = api.post(f"/api/elections/lists/{world.list_a.pk}/candidacies/", data={"person": someone.pk},
                     content_type="application/json")  # fmt: skip
    assert added.status_code == 201, added.content
    outside = api.post(f"/api/elections/lists/{world.list_a.pk}/candidacies/", data={"person": world.stranger.pk},
                       content_type="application/json")  # fmt: skip
    assert outside.status_code in (400, 422) and "Bí Mật" not in outside.content.decode()
    removed = api.delete(f"/api/elections/lists/{world.list_a.pk}/candidacies/{added.json()['id']}/")
    assert removed.status_code == 204
    ids = [c.pk for c in world.list_a.candidacies.order_by("order")]
    payload = {"voters": 100, "valid_ballots": 90,
               "results": [{"candidacy": i, "elected": n == 0, "votes": 60 if n == 0 else 20} for n, i in enumerate(ids)]}  # fmt: skip
    assert api.post(f"/api/elections/lists/{world.list_a.pk}/results/", data=payload,
                    content_type="application/json").status_code == 200  # fmt: skip
    response = world.client.get(reverse("election-xlsx", args=[world.list_a.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    header = next(r for r in rows if r and r[0] == "STT")
    assert header[-3:] == ["Số phiếu", "Tỷ lệ so với phiếu hợp lệ", "Kết quả"]
    first = rows[rows.index(header) + 1]
    assert first[-3] in (60, 20) and first[-1] in ("Trúng cử", "Không trúng cử")
    term = org_services.term_create(body=world.term_a.body, name="2026–2031", start_date=dt.date(2026, 7, 1))
    marked = api.post(f"/api/elections/terms/{term.pk}/appointed/", data={"decision": "QĐ 9"},
                      content_type="application/json")  # fmt: skip
    assert marked.status_code == 200 and marked.json()["formation"] == "appointed"
    refused = api.post(f"/api/elections/terms/{world.term_a.pk}/appointed/", data={"decision": "QĐ 9"},
                       content_type="application/json")  # fmt: skip
    assert refused.status_code in (400, 422)


def test_profile_partial(world):
    from django.template.loader import render_to_string

    from nguon.elections.selectors import person_candidacies

    someone = world.list_a.candidacies.first().person
    html = render_to_string(
        "elections/_person_candidacies.html", {"candidacies": person_candidacies(person=someone)}
    )
    assert world.list_a.name in html and "23/05/2021" in html
