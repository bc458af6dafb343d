"""Users with assignments, for tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from nguon.accounts.choices import Role
from nguon.accounts.models import Assignment


def make_user(
    username: str,
    *,
    area: Any = None,
    role: str = Role.VIEWER,
    kinds: Iterable[str] = (),
    analysis_area: Any = None,
    password: str = "x",
    **extra: Any,
) -> Any:
    """A user with one assignment (``area`` None and role administrator: the whole country)."""
    user = get_user_model().objects.create_user(username, password=password, **extra)
    if area is not None or role == Role.ADMINISTRATOR:
        Assignment.objects.create(
            user=user, area=area, role=role, organization_kinds=list(kinds), analysis_area=analysis_area
        )
    return user


def national_user(username: str = "canbo", **extra: Any) -> Any:
    """An administrator of the whole country (the scope does not get in the way of what a test checks)."""
    return make_user(username, role=Role.ADMINISTRATOR, **extra)
