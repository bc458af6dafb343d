"""The acceptance of support (issue 11 §4): without the support permission a user reads no case and no name
in one (list, detail, API, export, profile, people search) and sees the counts; with it she reads the cases
of her area only. Validation by field in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from nguon.accounts.models import PersonalDataAccess
from nguon.accounts.scope import scope_of
from nguon.people.tests.factories import PersonFactory
from nguon.support import selectors, services
from nguon.support.models import SupportCase, SupportGiven

from .world import SUMMARY_A, World, build_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _book_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)


def test_editor_without_permission_reads_no_case_nor_name(world: World) -> None:
    client = client_of(world.editor)
    name = world.people_a[0].full_name
    html = client.get(reverse("support-list")).content.decode()
    assert name not in html and SUMMARY_A not in html
    assert reverse("support-case-detail", args=[world.case_a.pk]) not in html
    assert "Hạn chế" in html or "restricted" in html.lower() or "chỉ" in html
    assert client.get(reverse("support-list"), {"kind": "health"}).status_code == 200
    assert client.get(reverse("support-case-detail", args=[world.case_a.pk])).status_code == 404
    assert client.get(reverse("support-case-detail", args=[999999])).status_code == 404
    assert client.get(reverse("support-case-edit", args=[world.case_a.pk])).status_code in (403, 404)
    assert client.get(reverse("support-case-add")).status_code == 403
    # the export: counts only
    response = client.get(reverse("support-export"))
    assert response.status_code == 200
    text = _book_text(response.content)
    assert name not in text and SUMMARY_A not in text
    assert "2500000" in text.replace(".", "").replace(" ", "") or "2500000" in text
    # the API
    answer = client.get("/api/support/cases/")
    assert answer.status_code == 403 and "/api/support/counts/" in answer.json()["detail"]
    assert client.get(f"/api/support/cases/{world.case_a.pk}/").status_code == 404
    assert (
        client.post(
            "/api/support/cases/",
            data=json.dumps(
                {
                    "person": world.people_a[0].pk,
                    "organization": world.org_a.pk,
                    "kind": "health",
                    "opened_on": "2020-01-01",
                    "summary": "x",
                }
            ),
            content_type="application/json",
        ).status_code
        == 403
    )
    # the profile and the people search
    profile = client.get(reverse("person-detail", args=[world.people_a[0].pk])).content.decode()
    assert SUMMARY_A not in profile
    search = client.get(reverse("person-list"), {"q": "Hiền"}).content.decode()
    assert SUMMARY_A not in search


def test_counts_for_everyone(world: World) -> None:
    c = selectors.support_counts(scope_of(world.editor))
    # the editor's analysis area is her ward: the two cases of ward A
    assert c.cases == 2 and c.people == 2 and c.open_cases == 1
    assert c.by_kind_year == {("health", 2018): 1, ("hardship", 2019): 1}
    assert c.amount == 2_500_000 and c.amount_by_kind == {"money": 2_000_000, "visit": 0, "gift": 500_000}
    assert c.supports == 3
    d = selectors.support_counts(scope_of(world.district_viewer))
    assert d.cases == 3 and d.amount == 3_500_000
    assert selectors.support_counts(scope_of(world.district_viewer), area=world.ward_b).cases == 1
    assert selectors.support_counts(scope_of(world.district_viewer), start=D(2019, 1, 1)).cases == 2
    answer = client_of(world.editor).get("/api/support/counts/").json()
    assert answer["cases"] == 2 and answer["people"] == 2 and answer["amount"] == 2_500_000
    assert world.people_a[0].full_name not in json.dumps(answer, ensure_ascii=False)
    assert (
        client_of(world.editor)
        .get("/api/support/counts/", {"start": "2020-01-01", "end": "2019-01-01"})
        .status_code
        == 422
    )
    assert client_of(world.editor).get("/api/support/counts/", {"start": "abc"}).status_code == 422
    html = client_of(world.district_viewer).get(reverse("support-list")).content.decode()
    assert "Vũ Thị Bích" not in html and "3.500.000" in html


def test_carer_reads_her_ward_only(world: World) -> None:
    client = client_of(world.carer)
    html = client.get(reverse("support-list")).content.decode()
    assert world.people_a[0].full_name in html and world.people_a[1].full_name in html
    assert world.people_b[0].full_name not in html
    assert (
        world.people_a[1].full_name
        not in client.get(reverse("support-list"), {"status": "open"}).content.decode()
    )
    assert (
        world.people_a[0].full_name
        not in client.get(reverse("support-list"), {"kind": "hardship"}).content.decode()
    )
    assert (
        world.people_a[0].full_name in client.get(reverse("support-list"), {"year": "2019"}).content.decode()
    )
    assert client.get(reverse("support-list"), {"year": "x"}).status_code == 200
    before = PersonalDataAccess.objects.count()
    detail = client.get(reverse("support-case-detail", args=[world.case_a.pk]))
    assert detail.status_code == 200 and SUMMARY_A in detail.content.decode()
    assert PersonalDataAccess.objects.count() == before + 1
    assert client.get(reverse("support-case-detail", args=[world.case_b.pk])).status_code == 404
    text = _book_text(client.get(reverse("support-export")).content)
    assert world.people_a[0].full_name in text and world.people_b[0].full_name not in text
    api = client.get("/api/support/cases/").json()
    assert {i["id"] for i in api["items"]} == {world.case_a.pk, world.case_a2.pk}
    assert client.get(f"/api/support/cases/{world.case_b.pk}/").status_code == 404
    one = client.get(f"/api/support/cases/{world.case_a.pk}/").json()
    assert len(one["supports"]) == 2
    assert client.get("/api/support/cases/", {"year": "99999"}).status_code == 422


def test_carer_records_a_case_and_support(world: World) -> None:
    client = client_of(world.carer)
    response = client.post(
        reverse("support-case-add"),
        {
            "person": world.people_a[1].pk,
            "organization": world.org_a.pk,
            "kind": "health",
            "opened_on": "2020-05-01",
            "summary": "Phẫu thuật tim",
        },
    )
    assert response.status_code == 302
    case = SupportCase.objects.get(summary="Phẫu thuật tim")
    response = client.post(
        reverse("support-given-add", args=[case.pk]),
        {"kind": "money", "given_on": "2020-04-01", "amount": "-5"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and not case.supports.exists()
    assert "01/05/2020" in html  # before the case opened
    response = client.post(
        reverse("support-given-add", args=[case.pk]),
        {"kind": "money", "given_on": "2020-06-01", "amount": "3000000"},
    )
    assert response.status_code == 302 and case.supports.get().amount == 3_000_000
    # a person of ward B: refused without naming her (the form's list does not hold her)
    response = client.post(
        reverse("support-case-add"),
        {
            "person": world.people_b[0].pk,
            "organization": world.org_a.pk,
            "kind": "health",
            "opened_on": "2020-05-01",
            "summary": "X",
        },
    )
    assert response.status_code == 200 and world.people_b[0].full_name not in response.content.decode()
    # the API
    answer = client.post(
        "/api/support/cases/",
        data=json.dumps(
            {
                "person": world.people_b[0].pk,
                "organization": world.org_a.pk,
                "kind": "health",
                "opened_on": "2020-01-01",
                "summary": "x",
            }
        ),
        content_type="application/json",
    )
    assert answer.status_code == 422 and world.people_b[0].full_name not in answer.content.decode()
    answer = client.post(
        f"/api/support/cases/{case.pk}/supports/",
        data=json.dumps({"kind": "gift", "given_on": "2020-06-02", "amount": -1}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    answer = client.post(
        f"/api/support/cases/{case.pk}/supports/",
        data=json.dumps({"kind": "gift", "given_on": "2019-06-02"}),
        content_type="application/json",
    )
    assert answer.status_code == 422 and "given_on" in answer.content.decode()
    answer = client.patch(
        f"/api/support/cases/{case.pk}/",
        data=json.dumps({"closed_on": "2020-05-15"}),
        content_type="application/json",
    )
    assert answer.status_code == 422 and "closed_on" in answer.content.decode()
    answer = client.patch(
        f"/api/support/cases/{case.pk}/",
        data=json.dumps({"closed_on": "2020-12-31"}),
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert (
        client.patch(
            f"/api/support/cases/{world.case_b.pk}/",
            data=json.dumps({"summary": "x"}),
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/support/cases/", data=json.dumps({"summary": "a\x00b"}), content_type="application/json"
        ).status_code
        == 422
    )


def test_services_refuse_without_permission(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.case_create(
            person=world.people_a[0],
            organization=world.org_a,
            kind="health",
            opened_on=D(2020, 1, 1),
            summary="x",
            acting_user=world.editor,
        )
    with pytest.raises(PermissionDenied):
        services.support_add(case=world.case_b, kind="visit", given_on=D(2020, 3, 1), acting_user=world.carer)
    with pytest.raises(ValidationError) as error:
        services.case_create(
            person=PersonFactory(full_name="Người Ngoài"),
            organization=world.org_a,
            kind="bad",
            opened_on=D(2020, 2, 1),
            closed_on=D(2020, 1, 1),
            summary=" ",
            acting_user=world.carer,
        )
    fields = error.value.message_dict
    assert set(fields) == {"person", "kind", "closed_on", "summary"}
    assert "Người Ngoài" not in str(fields)
    assert SupportCase.objects.count() == 3 and SupportGiven.objects.count() == 4


def test_admin_hides_cases_from_non_admin_staff(world: World) -> None:
    from nguon.accounts.tests.factories import make_user

    staff = make_user("nhanvien", area=world.ward_a, role="manager", is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    staff.user_permissions.set(Permission.objects.filter(codename__endswith="supportcase"))
    client = client_of(staff)
    response = client.get("/admin/support/supportcase/")
    assert response.status_code in (302, 403, 404)
    assert SUMMARY_A not in response.content.decode()


def test_admin_shows_cases_to_administrators(world: World) -> None:
    from nguon.accounts.tests.factories import national_user

    admin_user = national_user("quantri", is_staff=True, is_superuser=True)
    response = client_of(admin_user).get(f"/admin/support/supportcase/{world.case_a.pk}/change/")
    assert response.status_code == 200 and SUMMARY_A in response.content.decode()
