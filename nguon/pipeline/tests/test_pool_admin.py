"""The pipeline's admin: pools saved through the services (the pool rule in the form, one audit record), the
log read only (no add, change or delete of a line)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from nguon.core.models import AuditRecord
from nguon.pipeline.models import Pool, PoolEvent
from nguon.pipeline.tests.factories import PoolFactory, pool_with_people, post_of

pytestmark = pytest.mark.django_db
D = dt.date


def test_pool_added_through_the_service(admin_client: Any) -> None:
    post = post_of()
    data = {
        "post": post.pk,
        "target_term": "2025–2030",
        "target_start": "01/10/2025",
        "target_end": "30/09/2030",
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/pipeline/pool/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pool = Pool.objects.get()
    assert AuditRecord.objects.filter(object_id=str(pool.pk), source="admin").count() == 1
    again = admin_client.post("/admin/pipeline/pool/add/", {**data, "target_end": "01/01/2025"})
    errors = again.context["adminform"].form.errors
    assert set(errors) == {"target_term", "target_end"}
    assert Pool.objects.count() == 1


def test_the_log_is_read_only(admin_client: Any) -> None:
    pool, _people = pool_with_people(1)
    event = PoolEvent.objects.get()
    assert admin_client.get("/admin/pipeline/poolevent/").status_code == 200
    assert admin_client.get(f"/admin/pipeline/poolevent/{event.pk}/change/").status_code == 200  # view only
    assert admin_client.get("/admin/pipeline/poolevent/add/").status_code == 403
    before = list(PoolEvent.objects.values())
    admin_client.post(
        f"/admin/pipeline/poolevent/{event.pk}/change/", {"date": "01/01/2020", "action": "remove"}
    )
    admin_client.post(f"/admin/pipeline/poolevent/{event.pk}/delete/", {"post": "yes"})
    assert list(PoolEvent.objects.values()) == before
    assert admin_client.get(f"/admin/pipeline/poolentry/{event.entry_id}/change/").status_code == 200
    assert admin_client.get(f"/admin/pipeline/pool/{pool.pk}/change/").status_code == 200
    admin_client.post(f"/admin/pipeline/pool/{pool.pk}/delete/", {"post": "yes"})
    assert Pool.objects.filter(pk=pool.pk).exists()


def test_changelists_open(admin_client: Any) -> None:
    PoolFactory()
    for model in (
        "readinesslevel",
        "planningdecision",
        "pool",
        "poolentry",
        "poolevent",
        "reviewround",
        "disciplinerecord",
        "appointmentproposal",
        "postrequirement",
    ):
        assert admin_client.get(f"/admin/pipeline/{model}/").status_code == 200, model
