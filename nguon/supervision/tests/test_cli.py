"""``nguon supervision overdue``: the table and the JSON at a fixed date, every mission (unrestricted), and
the Vietnamese refusals of a bad date or area."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return build_world()


def _run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("vi"):
        call_command("supervision", "overdue", *args, stdout=out)
    return out.getvalue()


def test_overdue_table_and_json(w: Any) -> None:
    table = _run("--at", "25/09/2020")
    assert "Bố trí cán bộ nữ" in table and "Kiến nghị bí mật B" in table
    assert "199" in table and "25/09/2020" in table
    rows = json.loads(_run("--at", "25/09/2020", "--format", "json"))
    assert {r["recommendation_id"] for r in rows} == {w.rec.pk, w.rec_b.pk}
    assert all(r["days_open"] == 199 and r["bucket"] == "more" and r["escalate"] for r in rows)
    only_a = json.loads(_run("--at", "2020-09-25", "--area", w.ward_a.code, "--format", "json"))
    assert [r["recommendation_id"] for r in only_a] == [w.rec.pk]
    assert json.loads(_run("--at", "30/03/2020", "--format", "json")) == []
    assert "Bố trí" not in _run("--at", "30/03/2020")


@pytest.mark.parametrize("args", [("--at", "31/02/2020"), ("--at", "hôm qua"), ("--area", "ZZZ")])
def test_refusals_in_vietnamese(w: Any, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as error, translation.override("vi"):
        _run(*args)
    message = str(error.value)
    assert message and "ZZZ" in message if "ZZZ" in args else message
    assert any(ch in message for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý")
