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
def officer(db: None) -> Any:
    """A user acting for the whole country (an administrator's assignment): tests of the registry's rules
    are not about the access scope, which has its own tests (nguon/accounts/tests)."""
    from nguon.accounts.tests.factories import national_user

    return national_user("canbo")
