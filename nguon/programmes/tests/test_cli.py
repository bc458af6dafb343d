"""``nguon programme progress``: table and JSON, Vietnamese errors."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from nguon.programmes.tests.test_progress import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("programme", *args, stdout=out)
    return out.getvalue()


def test_table_and_json(world: Any) -> None:  # noqa: F811
    pk = str(world.programme.pk)
    data = json.loads(_run("progress", "--programme", pk, "--at", "31/12/2021", "--format", "json"))
    assert data["years"] == [2020, 2021] and data["at"] == "2021-12-31"
    text = _run("progress", "--programme", pk, "--at", "31/12/2021")
    assert "Trồng 100 cây" in text and "Ngô Thị Bí" not in text


def test_errors(world: Any) -> None:  # noqa: F811
    with pytest.raises(CommandError):
        _run("progress", "--programme", "999999")
    with pytest.raises(CommandError):
        _run("progress", "--programme", str(world.programme.pk), "--at", "32/13/2020")
