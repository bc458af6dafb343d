"""Shared test fixtures: Vietnamese as the active language, a user to act as."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    with translation.override("vi"):
        yield


@pytest.fixture
def officer(db: None, django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("canbo", password="x")
