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


@pytest.fixture(autouse=True)
def _seeded_rows(request: pytest.FixtureRequest) -> None:
    """A flush (after a transactional test — browser flows, the live server — or the demo folder) empties
    the rows the migrations seed (``reseed``): a test that uses the database finds them written back first
    (one ``exists`` query when they are there)."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None and not names & {
        "db",
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
    }:
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        from nguon.programmes.models import ActivityType

        if not ActivityType.objects.exists():
            reseed()


#: the data migrations whose rows a flush removes (each has ``seed(apps, schema_editor)``, idempotent)
SEEDING_MIGRATIONS = (
    "nguon.pipeline.migrations.0002_readiness_levels",
    "nguon.programmes.migrations.0002_seed_taxonomy",
    "nguon.supervision.migrations.0002_defaults",
)


def reseed() -> None:
    """Write back the rows the migrations seed (readiness levels, activity types and output kinds, the
    supervision defaults), after a flush emptied them."""
    import importlib

    from django.apps import apps

    for name in SEEDING_MIGRATIONS:
        importlib.import_module(name).seed(apps, None)
