"""``nguon pipeline check --area CODE --as-of DATE [--format table|json]``: every violation and gap, exit 0;
errors in Vietnamese ("Lỗi: …")."""

from __future__ import annotations

import json

import pytest

from nguon.__main__ import main
from nguon.pipeline.models import PoolEvent, ReviewRound, RoundProposal
from nguon.pipeline.tests.test_checks import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["pipeline", "check", *argv])
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def test_json_lists_every_finding_with_its_keys(world, capsys):  # noqa: F811
    before = (PoolEvent.objects.count(), ReviewRound.objects.count(), RoundProposal.objects.count())
    code, out, err = _run(capsys, "--area", "00901", "--as-of", "01/03/2026", "--format", "json")
    assert code == 0 and not err
    rows = json.loads(out)
    assert rows and all(
        set(r) == {"code", "document", "person", "post", "organization", "explanation", "proposal"}
        for r in rows
    )
    over_age = [r for r in rows if r["code"] == "over-age"]
    assert over_age == [
        {
            "code": "over-age",
            "document": "Quy định 377-QĐ/TW",
            "person": "Trần Văn Nam",
            "post": "Bí thư Quận ủy",
            "organization": "Đảng bộ quận Thử",
            "explanation": over_age[0]["explanation"],
            "proposal": "remove",
        }
    ]
    assert over_age[0]["explanation"].startswith("Ông Trần Văn Nam, sinh 01/1962, đã nghỉ hưu ngày")
    # the command line reads everything: the person of the other ward is named too (no over-age for him)
    assert (PoolEvent.objects.count(), ReviewRound.objects.count(), RoundProposal.objects.count()) == before


def test_table(world, capsys):  # noqa: F811
    code, out, _err = _run(capsys, "--area", "00901", "--as-of", "2026-03-01")
    assert code == 0
    assert "Kiểm tra quy hoạch" in out and "over-age" in out and "Trần Văn Nam" in out
    assert "vi phạm và thiếu sót" in out


def test_nothing_found_says_so(world, capsys):  # noqa: F811
    code, out, _err = _run(capsys, "--area", "00901", "--as-of", "01/01/2025")
    assert code == 0 and "Không có vi phạm" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--area", "77777", "--as-of", "01/03/2026"), "Lỗi: Không có đơn vị hành chính nào mang mã '77777'"),
        (("--area", "00901", "--as-of", "31/02/2026"), "Lỗi: '31/02/2026' không phải"),
    ],
)
def test_errors_in_vietnamese(world, capsys, argv, message):  # noqa: F811
    code, _out, err = _run(capsys, *argv)
    assert code == 1 and err.startswith(message), err
