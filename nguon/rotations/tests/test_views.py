import datetime as dt
import re

import pytest
from django.urls import reverse

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.organizations.models import Tenure
from nguon.rotations import services
from nguon.rotations.models import Move, MoveDecision

from .factories import hold, person, rotation_world

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def world():
    return rotation_world()


def test_record_add_and_apply_through_the_pages(client, world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    long_ago = hold(lan, a.deputy, D(2010, 10, 1), end=D(2015, 9, 30))
    editor = make_user("quan", area=world.district, role=Role.EDITOR)
    client.force_login(editor)
    assert client.get(reverse("move-list")).status_code == 200
    response = client.post(
        reverse("move-decision-add"),
        {"issuer": world.district_unit.org.pk, "kind": "rotation", "number": "7-QĐ/QU", "date": "01/03/2023"},
    )
    decision = MoveDecision.objects.get()
    assert response.status_code == 302 and response.url == reverse("move-decision-detail", args=[decision.pk])
    add = reverse("move-add", args=[decision.pk])
    found = client.get(add, {"q": "nguyen thi lan"})
    assert "Nguyễn Thị Lan" in found.content.decode()
    form = client.get(add, {"person": lan.pk})
    assert form.status_code == 200
    leave = re.search(r'<select name="from_tenure".*?</select>', form.content.decode(), re.S).group(0)
    assert f'value="{old.pk}"' in leave
    assert f'value="{long_ago.pk}"' not in leave  # over before the decision: not offered
    refused = client.post(
        add, {"person": lan.pk, "from_tenure": old.pk, "to_post": b.seat.pk, "start_date": "05/03/2023"}
    )
    assert refused.status_code == 200 and "is-invalid" in refused.content.decode()  # the term is missing
    response = client.post(
        add, {"person": lan.pk, "from_tenure": old.pk, "to_post": b.chair.pk, "start_date": "05/03/2023"}
    )
    assert response.status_code == 302 and Move.objects.count() == 1
    page = client.get(reverse("move-decision-detail", args=[decision.pk])).content.decode()
    assert "Nguyễn Thị Lan" in page and reverse("move-apply", args=[decision.pk]) in page
    apply = reverse("move-apply", args=[decision.pk])
    assert client.get(apply).status_code == 200
    assert client.post(apply, {}).status_code == 200  # not confirmed: nothing done
    assert MoveDecision.objects.get().applied_at is None
    assert client.post(apply, {"confirm": "on"}).status_code == 302
    assert MoveDecision.objects.get().applied_at is not None
    assert Tenure.objects.get(person=lan, post=b.chair).start_reason == "rotated"


def test_people_outside_the_scope_are_counted_not_named(client, world):
    a, b = world.wards
    lan, minh = person("Nguyễn Thị Lan"), person("Trần Văn Minh", "M")
    lan_t, minh_t = hold(lan, a.chair, D(2020, 10, 1)), hold(minh, b.chair, D(2020, 10, 1))
    decision = services.move_decision_create(
        issuer=world.district_unit.org, kind="transfer", number="8-QĐ/QU", date=D(2023, 3, 1)
    )
    services.move_add(
        decision=decision, person=lan, from_tenure=lan_t, to_post=a.deputy, start_date=D(2023, 3, 5)
    )
    services.move_add(
        decision=decision, person=minh, from_tenure=minh_t, to_post=b.deputy, start_date=D(2023, 3, 5)
    )
    viewer = make_user("mot", area=a.area, role=Role.VIEWER)
    client.force_login(viewer)
    page = client.get(reverse("move-decision-detail", args=[decision.pk])).content.decode()
    assert "Nguyễn Thị Lan" in page and "Trần Văn Minh" not in page and 'data-hidden="1"' in page
    assert reverse("move-apply", args=[decision.pk]) not in page
    assert client.get(reverse("move-apply", args=[decision.pk])).status_code == 403
    other = make_user("khac", area=world.wards[1].area, role=Role.VIEWER)
    other_decision = services.move_decision_create(
        issuer=b.org, kind="transfer", number="9-QĐ/ĐU", date=D(2023, 3, 1)
    )
    client.force_login(viewer)
    assert client.get(reverse("move-decision-detail", args=[other_decision.pk])).status_code == 404
    client.force_login(other)
    assert client.get(reverse("move-decision-detail", args=[other_decision.pk])).status_code == 200


def test_the_api(client, world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    client.force_login(make_user("quan", area=world.district, role=Role.EDITOR))
    created = client.post(
        "/api/rotations/decisions/",
        {"issuer": world.district_unit.org.pk, "kind": "rotation", "number": "7-QĐ/QU", "date": "2023-03-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = f"/api/rotations/decisions/{pk}/moves/"
    first = client.post(
        url,
        {"person": lan.pk, "from_tenure": old.pk, "to_post": b.deputy.pk, "start_date": "2023-03-05"},
        content_type="application/json",
    )
    assert first.status_code == 201, first.content
    refused = client.post(
        url,
        {"person": lan.pk, "from_move": first.json()["id"], "to_post": b.seat.pk, "start_date": "2023-03-20"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "to_term"
    second = client.post(
        url,
        {
            "person": lan.pk,
            "from_move": first.json()["id"],
            "to_post": b.seat.pk,
            "to_term": b.term.pk,
            "start_date": "2023-03-20",
        },
        content_type="application/json",
    )
    assert second.status_code == 201 and second.json()["number"] == 2
    applied = client.post(f"/api/rotations/decisions/{pk}/apply/")
    assert applied.status_code == 200, applied.content
    body = applied.json()
    assert body["applied_at"] and all(m["created_tenure_id"] for m in body["moves"])
    again = client.post(f"/api/rotations/decisions/{pk}/apply/")
    assert again.status_code == 422 and again.json()["detail"][0]["field"] == "decision"
    listed = client.get("/api/rotations/decisions/")
    assert listed.json()["count"] == 1
