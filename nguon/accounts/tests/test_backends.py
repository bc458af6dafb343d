"""The administrator role reaches every model of the Django admin; other roles reach none of it."""

from __future__ import annotations

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_by_role_opens_the_admins_models(client):
    """A staff user with the administrator role (not a superuser) lists and opens people in the admin."""
    user = make_user("quantri", role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/people/person/").status_code == 200


def test_a_staff_editor_does_not_reach_the_admin(client):
    """Staff status alone is not enough: an editor of a ward is sent away from the admin."""
    user = make_user("bientap", area=AreaFactory(), role=Role.EDITOR, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/people/person/").status_code in (302, 403)
