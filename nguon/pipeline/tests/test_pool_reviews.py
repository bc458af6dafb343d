"""The review pages (issue 10 §1): the annual review of an organization's planning proposes additions,
removals and moves, approved together as one decision (all or nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from nguon.pipeline.models import PoolEntry, PoolEvent, ReviewRound, RoundProposal

from .board_world import BoardWorld, build_board_world, ready

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> BoardWorld:
    return build_board_world()


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_review(world: BoardWorld) -> ReviewRound:
    response = client_of(world.editor).post(
        reverse("review-list", args=[world.org.pk]), {"year": "2026", "target_term": "2030–2035"}
    )
    assert response.status_code == 302
    return ReviewRound.objects.get(organization=world.org, year=2026)


def test_open_propose_approve(world: BoardWorld) -> None:
    client = client_of(world.editor)
    review = open_review(world)
    # the same year twice: refused on the field
    html = client.post(
        reverse("review-list", args=[world.org.pk]), {"year": "2026", "target_term": "2030–2035"}
    ).content.decode()
    assert "is-invalid" in html and ReviewRound.objects.count() == 1
    propose = reverse("review-propose", args=[review.pk])
    add = {
        "pool": world.deputy_pool.pk,
        "action": "add",
        "person": world.candidate.pk,
        "readiness": ready("ngay").pk,
    }
    assert client.post(propose, add).status_code == 302
    remove = {"pool": world.pool.pk, "action": "remove", "person": world.man.pk, "reason": ""}
    html = client.post(propose, remove).content.decode()
    assert _("Say why the person leaves the planning.") in html and "is-invalid" in html
    assert client.post(propose, {**remove, "removal_reason": "review"}).status_code == 302
    html = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert "Trịnh Thị Thu" in html and "Lê Văn Bình" in html
    assert RoundProposal.objects.filter(round=review).count() == 2
    # approve with a new decision
    html = client.post(reverse("review-approve", args=[review.pk]), {}).content.decode()
    assert _("Choose the decision that approves the review, or type a new one.") in html
    response = client.post(
        reverse("review-approve", args=[review.pk]),
        {"new_number": "30-QĐ/QU", "new_date": "10/03/2026", "new_body": "Ban Thường vụ Quận ủy"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "approved" and review.decision.number == "30-QĐ/QU"
    events = PoolEvent.objects.filter(round=review)
    assert {(e.entry.person_id, e.action, e.date) for e in events} == {
        (world.candidate.pk, "approve", D(2026, 3, 10)),
        (world.man.pk, "remove", D(2026, 3, 10)),
    }
    html = client.get(reverse("review-detail", args=[review.pk])).content.decode()
    assert _("Add a proposal") not in html and "30-QĐ/QU" in html


def test_approval_is_all_or_nothing(world: BoardWorld) -> None:
    """A proposal that no longer follows (the man was removed meanwhile) refuses the whole review, named."""
    from nguon.pipeline import services

    client = client_of(world.editor)
    review = open_review(world)
    propose = reverse("review-propose", args=[review.pk])
    client.post(propose, {"pool": world.deputy_pool.pk, "action": "add", "person": world.candidate.pk})
    client.post(
        propose,
        {"pool": world.pool.pk, "action": "remove", "person": world.man.pk, "removal_reason": "review"},
    )
    services.entry_remove(pool=world.pool, person=world.man, date=D(2026, 1, 5), removal_reason="moved")
    html = client.post(
        reverse("review-approve", args=[review.pk]),
        {"new_number": "31-QĐ/QU", "new_date": "10/03/2026", "new_body": "Ban Thường vụ Quận ủy"},
    ).content.decode()
    assert "Lê Văn Bình" in html and "alert-danger" in html
    review.refresh_from_db()
    assert review.status == "draft"
    assert not PoolEvent.objects.filter(round=review).exists()
    assert not PoolEntry.objects.filter(pool=world.deputy_pool, person=world.candidate).exists()
    assert "31-QĐ/QU" in html  # what was typed is kept


def test_reviews_scope(world: BoardWorld) -> None:
    review = open_review(world)
    other = client_of(world.editor_b)
    for name in ("review-detail", "review-propose", "review-approve", "review-person-search"):
        assert other.get(reverse(name, args=[review.pk])).status_code == 404
    assert other.get(reverse("review-list", args=[world.org.pk])).status_code == 404
    viewer = client_of(world.viewer)
    assert viewer.get(reverse("review-detail", args=[review.pk])).status_code == 200
    assert viewer.post(reverse("review-approve", args=[review.pk]), {}).status_code == 403
    assert _("Open a review") not in viewer.get(reverse("review-list", args=[world.org.pk])).content.decode()
