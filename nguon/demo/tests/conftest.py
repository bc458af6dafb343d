"""The whole demo is built once for the tests of this folder (about a minute): `nguon demo --no-serve`, as a
user runs it, its output kept; the database is emptied again after the folder's last test."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from nguon.conftest import reseed


def pytest_collection_modifyitems(items):
    """Every test of this folder that reads the demo uses the test database: without the mark, a file run on
    its own would build (and flush at the end) the database of the settings, var/nguon.sqlite3."""
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        if "demo" in getattr(item, "fixturenames", ()) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("demo", no_serve=True, stdout=out)
        yield out.getvalue()
        call_command("flush", verbosity=0, interactive=False)
        reseed()  # the rows the migrations seed, for the tests that follow
