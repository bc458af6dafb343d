"""Shared test fixtures: Vietnamese as the active language, a user to act as."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def officer(db, django_user_model):
    return django_user_model.objects.create_user("canbo", password="x")
