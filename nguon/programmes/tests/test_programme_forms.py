"""The forms of programmes, goals and yearly plans: a programme with two parties, refusals in Vietnamese with
nothing saved, edits, goals (an OUTPUT goal needs its output), a yearly plan whose targets the progress uses,
and the scope (another ward's officer gets 404, a viewer creates nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_of
from nguon.accounts.tests.factories import make_user
from nguon.programmes import services
from nguon.programmes.models import Goal, Programme, YearTarget
from nguon.programmes.progress import progress

from .factories import make_programme, small_world
from .test_pages import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return small_world()


def programme_data(w: Any, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Chương trình phối hợp phường An Thử 2026",
        "number": "01/CTPH",
        "signed_on": "05/01/2026",
        "start_date": "01/01/2026",
        "end_date": "31/12/2027",
        "area": w.a.area.pk,
        "lead": w.a.women.pk,
        "partners": [w.a.youth.pk],
        "document": "",
        "note": "",
    }
    data.update(over)
    return data


def goal_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "position": "1",
        "text": "Mỗi năm ít nhất 4 hoạt động",
        "measure": "activities",
        "period": "year",
        "target": "4",
        "unit": "hoạt động",
        "activity_type": "",
        "output_kind": "",
    }
    data.update(over)
    return data


def test_a_programme_with_two_parties_is_created(w: Any) -> None:
    client = client_of(w.a.editor)
    assert reverse("programme-add") in client.get(reverse("programme-list")).content.decode()
    assert client.get(reverse("programme-add")).status_code == 200
    response = client.post(reverse("programme-add"), programme_data(w))
    assert response.status_code == 302
    programme = Programme.objects.get(title="Chương trình phối hợp phường An Thử 2026")
    assert {(p.organization_id, p.role) for p in programme.parties.all()} == {
        (w.a.women.pk, "lead"),
        (w.a.youth.pk, "partner"),
    }
    assert programme.signed_on == dt.date(2026, 1, 5) and programme.number == "01/CTPH"


def test_one_party_is_refused_in_vietnamese_and_nothing_saved(w: Any) -> None:
    response = client_of(w.a.editor).post(reverse("programme-add"), programme_data(w, partners=[]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ít nhất hai tổ chức" in html
    assert "Chương trình phối hợp phường An Thử 2026" in html  # what was typed is kept
    assert not Programme.objects.exists()


def test_end_before_start_is_refused(w: Any) -> None:
    response = client_of(w.a.editor).post(reverse("programme-add"), programme_data(w, end_date="01/06/2025"))
    assert response.status_code == 200
    assert "trước ngày bắt đầu" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_programme_is_edited_its_parties_shown_not_editable(w: Any) -> None:
    programme = make_programme(w)
    client = client_of(w.a.editor)
    detail = client.get(reverse("programme-detail", args=[programme.pk])).content.decode()
    assert reverse("programme-edit", args=[programme.pk]) in detail
    assert reverse("programme-goal-add", args=[programme.pk]) in detail
    assert reverse("programme-year-plan", args=[programme.pk, 2023]) in detail
    url = reverse("programme-edit", args=[programme.pk])
    page = client.get(url).content.decode()
    assert w.a.youth.name in page and 'name="partners"' not in page and 'name="lead"' not in page
    data = programme_data(w, title="Chương trình đã sửa", start_date="01/01/2021", end_date="31/12/2025")
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Chương trình đã sửa" and programme.parties.count() == 2


def test_goals_are_added_and_edited_output_needs_its_kind(w: Any) -> None:
    programme = make_programme(w)
    client = client_of(w.a.editor)
    add = reverse("programme-goal-add", args=[programme.pk])
    page = client.get(add).content.decode()
    assert "đọc từ dữ liệu đào tạo" in page.lower() or "dữ liệu đào tạo" in page
    response = client.post(add, goal_data(measure="output", text="Trồng 1000 cây"))
    assert response.status_code == 200
    assert 'id="id_output_kind-errors"' in response.content.decode()
    assert not programme.goals.exists()
    assert client.post(add, goal_data()).status_code == 302
    goal = programme.goals.get()
    edit = reverse("programme-goal-edit", args=[goal.pk])
    assert client.post(edit, goal_data(target="6", young_only="on")).status_code == 302
    goal.refresh_from_db()
    assert goal.target == Decimal(6) and goal.young_only


def test_a_year_plan_sets_targets_used_by_progress(w: Any) -> None:
    programme = make_programme(w)
    goal = services.goal_create(
        programme=programme, position=1, text="Hoạt động", measure="activities", period="year", target=4
    )
    client = client_of(w.a.editor)
    url = reverse("programme-year-plan", args=[programme.pk, 2022])
    assert client.get(url).status_code == 200
    assert client.get(reverse("programme-year-plan", args=[programme.pk, 2030])).status_code == 404
    response = client.post(
        url, {"number": "KH-2022", "issued_on": "10/01/2022", "note": "", f"target_{goal.pk}": "7"}
    )
    assert response.status_code == 302
    assert YearTarget.objects.get(plan__year=2022, goal=goal).target == Decimal(7)
    assert 'value="7' in client.get(url).content.decode()  # prefilled
    result = progress(programme=programme, scope=scope_of(w.a.editor))
    cells = {c.year: c.target for g in result.goals for c in g.rows if g.goal.pk == goal.pk}
    assert cells[2022] == Decimal(7) and cells[2023] == Decimal(4)
    negative = client.post(url, {f"target_{goal.pk}": "-1"})
    assert negative.status_code == 200 and YearTarget.objects.get(goal=goal).target == Decimal(7)


def test_another_wards_officer_gets_404(w: Any) -> None:
    programme = make_programme(w)
    goal = services.goal_create(
        programme=programme, position=1, text="Hoạt động", measure="activities", period="year", target=4
    )
    client = client_of(w.b.editor)
    for url in (
        reverse("programme-edit", args=[programme.pk]),
        reverse("programme-goal-add", args=[programme.pk]),
        reverse("programme-goal-edit", args=[goal.pk]),
        reverse("programme-year-plan", args=[programme.pk, 2022]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, goal_data()).status_code == 404, url
    response = client.post(
        reverse("programme-add"), programme_data(w, lead=w.a.women.pk, partners=[w.a.youth.pk])
    )
    assert response.status_code == 200 and Programme.objects.count() == 1
    assert "tổ chức" in response.content.decode()  # the choice is refused: not an organization she may edit
    assert Goal.objects.get().target == 4


def test_a_viewer_cannot_create(w: Any) -> None:
    viewer = make_user("a_viewer", area=w.a.area, role=Role.VIEWER)
    programme = make_programme(w)
    client = client_of(viewer)
    assert reverse("programme-add") not in client.get(reverse("programme-list")).content.decode()
    detail = client.get(reverse("programme-detail", args=[programme.pk])).content.decode()
    assert reverse("programme-edit", args=[programme.pk]) not in detail
    assert client.get(reverse("programme-add")).status_code == 403
    assert client.post(reverse("programme-add"), programme_data(w)).status_code == 403
    assert client.post(reverse("programme-edit", args=[programme.pk]), programme_data(w)).status_code == 403
    assert Programme.objects.count() == 1
