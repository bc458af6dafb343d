"""The rule-check page (Kiểm tra quy hoạch) and its API: findings grouped by rule, names only inside the
scope, the removal proposed (never applied) by an editor; outside the scope: 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.api.tests.conftest import bearer
from nguon.areas.tests.factories import AreaFactory
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import services
from nguon.pipeline.models import PoolEvent, RoundProposal
from nguon.pipeline.tests.factories import readiness
from nguon.pipeline.tests.test_checks import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

URL = reverse("pipeline-checks")


@pytest.fixture
def hidden_old(world):  # noqa: F811
    """An over-age man outside the district's scope, in the district's pool."""
    person = PersonFactory(
        full_name="Phạm Văn Già",
        sex="M",
        birth_date=dt.date(1961, 2, 1),
        dossier_organization=world["other"].dossier_organization,
    )
    services.entry_add(pool=world["pool"], person=person, date=dt.date(2026, 1, 10), readiness=readiness())
    return person


def _client(client, user):
    client.force_login(user)
    return client


def test_the_page_groups_the_findings_by_rule(client, world, hidden_old):  # noqa: F811
    editor = make_user("quan-editor", area=world["district"], role=Role.EDITOR)
    response = _client(client, editor).get(URL, {"area": "00901", "at": "01/03/2026"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Kiểm tra quy hoạch" in text
    assert 'data-rule="over-age"' in text and 'data-rule="per-post"' in text
    assert "Quá tuổi quy hoạch" in text and "Trần Văn Nam" in text
    assert "Phạm Văn Già" not in text and "Lê Văn Khác" not in text  # outside the scope: counted
    assert "1 người ngoài phạm vi công tác của bạn" in text
    assert "Đề xuất đưa ra khỏi quy hoạch" in text


def test_the_area_defaults_to_the_users_own(client, world):  # noqa: F811
    editor = make_user("quan-editor", area=world["district"], role=Role.EDITOR)
    response = _client(client, editor).get(URL, {"at": "01/03/2026"})
    assert response.status_code == 200 and "Trần Văn Nam" in response.content.decode()


def test_a_viewer_sees_the_findings_without_the_button(client, world):  # noqa: F811
    viewer = make_user("quan-viewer", area=world["district"], role=Role.VIEWER)
    text = _client(client, viewer).get(URL, {"area": "00901", "at": "01/03/2026"}).content.decode()
    assert "Trần Văn Nam" in text and "Đề xuất đưa ra khỏi quy hoạch" not in text


def test_the_button_proposes_the_removal_in_the_draft_review(client, world):  # noqa: F811
    editor = make_user("quan-editor", area=world["district"], role=Role.EDITOR)
    c = _client(client, editor)
    c.get(URL, {"area": "00901", "at": "01/03/2026"})  # the shell's date, kept in the session
    entry = world["pool"].entries.get(person=world["old"])
    events = PoolEvent.objects.count()
    response = c.post(reverse("pipeline-check-propose", args=[entry.pk]), {"area": "00901"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?area=00901"
    proposal = RoundProposal.objects.get()
    assert (proposal.person, proposal.action, proposal.removal_reason) == (world["old"], "remove", "over_age")
    assert proposal.round.status == "draft" and proposal.round.year == 2026
    assert PoolEvent.objects.count() == events  # nothing removed
    text = c.get(URL, {"area": "00901"}).content.decode()
    assert "Đã đề xuất đưa ra khỏi quy hoạch" in text
    again = c.post(reverse("pipeline-check-propose", args=[entry.pk]), {"area": "00901"}, follow=True)
    assert "đã được đề xuất" in again.content.decode() and RoundProposal.objects.count() == 1


def test_outside_the_scope_is_404_and_nothing_changes(client, world):  # noqa: F811
    stranger = make_user("xa-la", area=AreaFactory(code="00888"), role=Role.EDITOR)
    c = _client(client, stranger)
    assert c.get(URL, {"area": "00901", "at": "01/03/2026"}).status_code == 404
    entry = world["pool"].entries.get(person=world["old"])
    assert c.post(reverse("pipeline-check-propose", args=[entry.pk])).status_code == 404
    assert not RoundProposal.objects.exists()


def test_an_unknown_area_is_said_in_vietnamese(client, officer):
    text = _client(client, officer).get(URL, {"area": "77777"}).content.decode()
    assert "Không có đơn vị hành chính nào mang mã" in text


def test_api_same_findings_names_only_inside_the_scope(world, hidden_old):  # noqa: F811
    editor = make_user("quan-editor", area=world["district"], role=Role.EDITOR)
    api = bearer(editor)
    response = api.get("/api/pipeline/checks/", {"area": "00901", "at": "2026-03-01"})
    assert response.status_code == 200
    data = response.json()
    assert (
        data["area_code"] == "00901" and data["at"] == "2026-03-01" and data["count"] == len(data["findings"])
    )
    over_age = [f for f in data["findings"] if f["code"] == "over-age"]
    assert [(f["person"], f["proposal"], f["hidden"]) for f in over_age] == [
        ("Trần Văn Nam", "remove", 0),
        (None, "remove", 1),
    ]
    assert "Phạm Văn Già" not in response.content.decode()


def test_api_refusals(world):  # noqa: F811
    stranger = bearer(make_user("xa-la", area=AreaFactory(code="00888"), role=Role.EDITOR))
    assert stranger.get("/api/pipeline/checks/", {"area": "00901", "at": "2026-03-01"}).status_code == 404
    officer_api = bearer(make_user("quoc-gia", role=Role.ADMINISTRATOR))
    bad = officer_api.get("/api/pipeline/checks/", {"area": "77777", "at": "2026-03-01"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "area"
