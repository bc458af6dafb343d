"""The support permission is given only by a manager who holds it herself over that area."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from nguon.accounts import services as accounts
from nguon.accounts.models import Assignment
from nguon.accounts.scope import scope_of
from nguon.accounts.selectors import assignment_summary, managed_user_ids
from nguon.accounts.tests.factories import make_user

from .world import World, build_world, supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def test_manager_without_permission_cannot_grant_it(world: World) -> None:
    manager = make_user("quanly", area=world.district, role="manager")
    target = make_user("moi", area=world.ward_a, role="viewer")
    with pytest.raises(PermissionDenied):
        accounts.assignment_create(
            user=target, area=world.ward_a, role="editor", support_cases=True, acting_user=manager
        )
    with pytest.raises(PermissionDenied):
        accounts.assignment_update(
            assignment=Assignment.objects.get(user=target), data={"support_cases": True}, acting_user=manager
        )
    with pytest.raises(PermissionDenied):
        accounts.user_create(
            username="moi2", full_name="Người Mới", area=world.ward_a, support_cases=True, acting_user=manager
        )
    assert not Assignment.objects.filter(support_cases=True).exclude(user=world.carer).exists()
    # without the flag she gives the assignment as before
    accounts.assignment_create(user=target, area=world.ward_a, role="editor", acting_user=manager)
    # and she does not manage a user who reads support cases (a password reset would open them)
    assert world.carer.pk not in managed_user_ids(scope_of(manager))
    # the form refuses it, with a message
    client = Client()
    client.force_login(manager)
    response = client.post(
        reverse("user-add"),
        {
            "username": "moi3",
            "full_name": "Người Ba",
            "area": world.ward_a.pk,
            "role": "viewer",
            "support_cases": "on",
        },
    )
    assert (
        response.status_code in (403, 404) and not Assignment.objects.filter(user__username="moi3").exists()
    )


def test_manager_with_permission_grants_it_inside_her_area(world: World) -> None:
    manager = supporter("quanly", area=world.district, role="manager")
    target = make_user("moi", area=world.ward_a, role="viewer")
    assignment = accounts.assignment_create(
        user=target, area=world.ward_a, role="editor", support_cases=True, acting_user=manager
    )
    assert "hỗ trợ" in assignment_summary(assignment).lower() or "support" in assignment_summary(assignment)
    assert world.carer.pk in managed_user_ids(scope_of(manager))
    # a manager holding it on ward A only cannot give it on ward B
    ward_manager = supporter("quanlyA", area=world.ward_a, role="manager")
    with pytest.raises(PermissionDenied):
        accounts.assignment_create(
            user=target, area=world.ward_b, role="editor", support_cases=True, acting_user=ward_manager
        )
