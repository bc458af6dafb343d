"""Supervision pages: render, scope (ward A cannot see B's missions or names), forms, the export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from nguon.supervision.models import FollowUp, Mission

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def client_of(user):
    c = Client()
    c.force_login(user)
    return c


def test_list_and_detail_scoped(w):
    c = client_of(w.viewer)
    html = c.get(reverse("supervision-list")).content.decode()
    assert w.mission.subject in html and "Bí Mật" not in html
    html = c.get(reverse("supervision-mission-detail", args=[w.mission.pk])).content.decode()
    assert "Hoàng Thị Lan" in html and "Bố trí cán bộ nữ" in html
    assert c.get(reverse("supervision-mission-detail", args=[w.mission_b.pk])).status_code == 404
    assert c.get(reverse("supervision-list") + "?year=abc&kind=zz").status_code == 200


def test_participant_sees_mission_but_not_names(w):
    w.mission_b.participants.set([w.org_a])
    html = (
        client_of(w.viewer).get(reverse("supervision-mission-detail", args=[w.mission_b.pk])).content.decode()
    )
    assert "Góp ý xây dựng Đảng" in html and "Ngô Thị Bí" not in html


def test_add_mission_and_event(w):
    c = client_of(w.editor)
    assert c.get(reverse("supervision-mission-add")).status_code == 200
    r = c.post(
        reverse("supervision-mission-add"),
        {"kind": "criticism", "subject": "Phản biện dự thảo", "lead": w.org_a.pk, "supervised_text": "UBND",
         "notice_sent_on": "25/04/2020", "start_date": "01/05/2020", "status": "planned"},
    )  # fmt: skip
    assert r.status_code == 302
    m = Mission.objects.get(subject="Phản biện dự thảo")
    assert m.notice_warning
    url = reverse("supervision-mission-detail", args=[w.mission.pk])
    r = c.post(url, {"action": "event", "recommendation": w.rec.pk, "kind": "answered", "date": "01/03/2020"})
    assert r.status_code == 200 and not FollowUp.objects.filter(kind="answered").exists()
    r = c.post(url, {"action": "event", "recommendation": w.rec.pk, "kind": "answered", "date": "01/04/2020"})
    assert r.status_code == 302 and FollowUp.objects.filter(kind="answered").count() == 1
    r = c.post(
        url, {"action": "event", "recommendation": w.rec_b.pk, "kind": "answered", "date": "01/04/2020"}
    )
    assert r.status_code == 404


def test_overdue_page_and_export(w):
    c = client_of(w.viewer)
    html = c.get(reverse("supervision-overdue") + "?at=25/09/2020").content.decode()
    assert "Bố trí cán bộ nữ" in html and "bí mật B" not in html
    assert c.get(reverse("supervision-overdue") + "?at=99/99/9999").status_code == 200
    r = c.get(reverse("supervision-overdue-export") + "?at=25/09/2020")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Bố trí cán bộ nữ" in text and "bí mật B" not in text
