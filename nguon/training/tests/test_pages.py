"""The training pages: the list with its filters, a course, a class with its participants (people outside the
scope counted, never named), the forms (course, class, participant found by name without diacritics, result
and certificate), the Excel file of a class; refusals on the field in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from nguon.training.models import Course, Participation, Session

from .world import World, build_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_filters_and_scope(world: World) -> None:
    client = client_of(world.viewer)
    html = client.get(reverse("training-list")).content.decode()
    assert world.session.name in html and world.course.name in html
    assert world.course_b.name not in html  # ward B's course
    assert (
        client.get(reverse("training-list"), {"kind": "political_theory"})
        .content.decode()
        .count("Lớp 1 năm 2021")
        == 0
    )
    assert "Lớp 1 năm 2021" in client.get(reverse("training-list"), {"year": "2021"}).content.decode()
    assert "Lớp 1 năm 2021" not in client.get(reverse("training-list"), {"year": "2022"}).content.decode()
    assert client.get(reverse("training-list"), {"year": "abc"}).status_code == 200
    assert client.get(reverse("training-session-detail", args=[world.session_b.pk])).status_code == 404
    assert client.get(reverse("training-course-detail", args=[world.course_b.pk])).status_code == 404


def test_session_page_names_the_scope_and_counts_the_others(world: World) -> None:
    html = (
        client_of(world.viewer)
        .get(reverse("training-session-detail", args=[world.session.pk]))
        .content.decode()
    )
    assert "Hoàng Thị Lan" in html and "LD-001" in html
    assert "Ngô Thị Bí" not in html
    assert "1 người ngoài phạm vi" in html
    assert "Thêm học viên" not in html  # a viewer has no form
    assert (
        client_of(world.viewer).get(reverse("training-session-edit", args=[world.session.pk])).status_code
        == 403
    )


def test_add_a_participant_found_without_diacritics(world: World) -> None:
    client = client_of(world.editor)
    found = client.get(
        reverse("training-person-search", args=[world.session.pk]), {"q": "trinh thi"}
    ).content.decode()
    assert "Trịnh Thị Hường" in found and "Ngô" not in found
    none = client.get(
        reverse("training-person-search", args=[world.session.pk]), {"q": "ngo thi bi"}
    ).content.decode()
    assert "Ngô Thị Bí" not in none
    hường = world.people_a[1]
    url = reverse("training-participant-add", args=[world.session.pk])
    refused = client.post(url, {"q": "trinh", "person": hường.pk, "result": "enrolled", "certificate": "X1"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "chỉ cấp cho học viên đã hoàn thành" in html and 'value="X1"' in html
    assert not Participation.objects.filter(person=hường).exists()
    done = client.post(
        url, {"q": "", "person": hường.pk, "result": "completed", "completed_on": "30/03/2021"}
    )
    assert done.status_code == 302
    assert Participation.objects.get(person=hường).completed_on == D(2021, 3, 30)
    # a person of ward B cannot be chosen (the form's people are the scope's)
    outside = client.post(url, {"person": world.people_b[0].pk, "result": "enrolled"})
    assert outside.status_code == 200 and "Ngô Thị Bí" not in outside.content.decode()


def test_result_form_and_removal(world: World) -> None:
    client = client_of(world.editor)
    p = Participation.objects.get(person=world.people_a[0])
    url = reverse("training-participant-result", args=[p.pk])
    assert "LD-001" in client.get(url).content.decode()
    bad = client.post(url, {"result": "completed", "completed_on": "01/01/2020"})
    assert "trước ngày lớp học bắt đầu" in bad.content.decode()
    assert client.post(url, {"result": "withdrawn"}).status_code == 302
    p.refresh_from_db()
    assert p.result == "withdrawn" and p.certificate == "" and p.completed_on is None
    other = Participation.objects.get(person=world.people_b[0])
    assert client.get(reverse("training-participant-result", args=[other.pk])).status_code == 404
    assert client.post(reverse("training-participant-remove", args=[other.pk])).status_code == 404
    assert client.post(reverse("training-participant-remove", args=[p.pk])).status_code == 302
    assert not Participation.objects.filter(pk=p.pk).exists()


def test_course_and_session_forms(world: World) -> None:
    client = client_of(world.editor)
    url = reverse("training-course-add")
    data = {
        "organizer": world.org_a.pk,
        "name": "Cao cấp lý luận chính trị",
        "kind": "political_theory",
        "grants": "political_theory",
        "grants_level": "chuyen_vien",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Chọn mức trình độ lý luận chính trị" in refused.content.decode()
    data["grants_level"] = "cao_cap"
    assert client.post(url, data).status_code == 302
    course = Course.objects.get(name="Cao cấp lý luận chính trị")
    assert course.grants_level == "cao_cap"
    # ward B's organization is not offered
    data_b = {**data, "organizer": world.org_b.pk, "name": "Khác"}
    assert client.post(url, data_b).status_code == 200 and not Course.objects.filter(name="Khác").exists()
    add = reverse("training-session-add", args=[course.pk])
    refused = client.post(add, {"name": "K1", "start_date": "01/09/2022", "end_date": "01/01/2022"})
    assert refused.status_code == 200 and "trước ngày bắt đầu" in refused.content.decode()
    assert (
        client.post(add, {"name": "K1", "start_date": "01/09/2022", "end_date": "30/06/2023"}).status_code
        == 302
    )
    session = Session.objects.get(course=course)
    assert session.end_date == D(2023, 6, 30)
    edit = reverse("training-session-edit", args=[session.pk])
    assert client.post(edit, {"name": "K1 (2022–2023)", "start_date": "01/09/2022"}).status_code == 302
    session.refresh_from_db()
    assert session.name == "K1 (2022–2023)" and session.end_date is None
    assert client.get(reverse("training-course-edit", args=[world.course_b.pk])).status_code == 404
    assert client.get(reverse("training-session-add", args=[world.course_b.pk])).status_code == 404


def test_excel_of_a_class(world: World) -> None:
    response = client_of(world.viewer).get(reverse("training-session-export", args=[world.session.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert values[1][1] == "Hoàng Thị Lan" and values[1][6] == "LD-001"
    text = " ".join(str(v) for row in values for v in row if v)
    assert "Ngô" not in text and "1" in values[2][1]


def test_a_class_organized_outside_is_read_where_its_participants_are(world: World) -> None:
    """Ward B's class that a person of ward A attended: A's officers read it (A's person named, B's counted),
    but may not change it."""
    from nguon.training import services

    services.participant_add(session=world.session_b, person=world.people_a[2], result="enrolled")
    services.participant_add(session=world.session_b, person=world.people_b[0], result="enrolled")
    client = client_of(world.editor)
    assert world.session_b.name in client.get(reverse("training-list")).content.decode()
    html = client.get(reverse("training-session-detail", args=[world.session_b.pk])).content.decode()
    assert "Lê Văn Bình" in html and "Ngô Thị Bí" not in html and "1 người ngoài phạm vi" in html
    assert "Thêm học viên" not in html
    assert client.get(reverse("training-session-edit", args=[world.session_b.pk])).status_code == 404
    p = Participation.objects.get(session=world.session_b, person=world.people_a[2])
    assert client.get(reverse("training-participant-result", args=[p.pk])).status_code == 404
    assert client.get(reverse("training-course-detail", args=[world.course_b.pk])).status_code == 200
