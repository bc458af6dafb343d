"""The whole demo is built once for the tests of this folder (about a minute): `nguon demo --no-serve`, as a
user runs it, its output kept; the database is emptied again after the folder's last test."""

import io

import pytest
from django.core.management import call_command

from nguon.conftest import reseed


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("demo", no_serve=True, stdout=out)
        yield out.getvalue()
        call_command("flush", verbosity=0, interactive=False)
        reseed()  # the rows the migrations seed, for the tests that follow
