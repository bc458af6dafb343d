"""``nguon report``: one report to a file (Word, PDF, annex), issued, a batch into a ZIP or a folder; the
errors in Vietnamese. The builder and renderers are the tests' fakes."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from nguon.reports.models import IssuedReport
from nguon.reports.renderers import pdf

from . import fakes
from .fakes import fake_reports  # noqa: F401
from .world import report_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_reports")]


def _run(*args, **opts):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("vi"):
        call_command("report", *args, stdout=out, stderr=err, **opts)
    return out.getvalue(), err.getvalue()


def test_one_report_with_pdf_and_annex(tmp_path):
    rw = report_world()
    target = tmp_path / "bc.docx"
    out, _ = _run(
        "representation", "--area", rw.world.district.code, "--from", "01/01/2015", "--to", "25/09/2020",
        "--out", str(target), "--pdf", "--xlsx",
    )  # fmt: skip
    assert target.read_bytes().startswith(b"DOCX|")
    assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF-")
    assert json.loads((tmp_path / "bc.xlsx").read_bytes())["names"]  # the command line names everyone
    assert str(target) in out


def test_without_soffice_the_docx_is_still_written(tmp_path, monkeypatch):
    rw = report_world()
    monkeypatch.setattr(pdf, "docx_to_pdf", fakes.no_pdf)
    target = tmp_path / "bc.docx"
    _, err = _run(
        "representation",
        "--area",
        rw.world.district.code,
        "--to",
        "2020-09-25",
        "--out",
        str(target),
        "--pdf",
    )
    assert target.exists() and not (tmp_path / "bc.pdf").exists()
    assert "LibreOffice" in err


def test_issue_needs_a_user_and_keeps_the_report(tmp_path):
    rw = report_world()
    args = [
        "representation",
        "--area",
        rw.world.district.code,
        "--to",
        "25/09/2020",
        "--out",
        str(tmp_path / "a.docx"),
    ]
    with pytest.raises(CommandError, match="--user"):
        _run(*args, "--issue")
    _run(*args, "--issue", "--user", rw.district_editor.username, "--number", "12-BC/HPN")
    issued = IssuedReport.objects.get()
    assert issued.number == "12-BC/HPN" and issued.issued_by == rw.district_editor
    assert (tmp_path / "a.docx").read_bytes() == issued.docx.open("rb").read()


def test_errors_in_vietnamese():
    rw = report_world()
    with pytest.raises(CommandError, match="77777"):
        _run("representation", "--area", "77777", "--to", "25/09/2020")
    with pytest.raises(CommandError, match="--programme"):
        _run("programme-review", "--area", rw.world.district.code, "--to", "25/09/2020")
    with pytest.raises(CommandError, match="annual-activity"):
        _run("tong-ket", "--area", rw.world.district.code)


def test_batch_into_a_zip_and_a_folder(tmp_path):
    rw = report_world()
    out, _ = _run(
        "representation",
        "--area",
        rw.world.district.code,
        "--to",
        "25/09/2020",
        "--batch",
        "--out",
        str(tmp_path / "all.zip"),
    )
    with zipfile.ZipFile(tmp_path / "all.zip") as z:
        assert len(z.namelist()) == 2
    _run(
        "representation",
        "--area",
        rw.world.district.code,
        "--to",
        "25/09/2020",
        "--batch",
        "--out",
        str(tmp_path / "dir"),
    )
    assert len(list((tmp_path / "dir").glob("*.docx"))) == 2
    assert "2" in out
    with pytest.raises(CommandError, match="--jobs: cần ít nhất 1 tiến trình"):
        _run(
            "representation",
            "--area",
            rw.world.district.code,
            "--batch",
            "--jobs",
            "0",
            "--out",
            str(tmp_path / "x"),
        )
    assert not (tmp_path / "x").exists()


def test_batch_of_every_commune(tmp_path):
    report_world()
    _out, _ = _run(
        "representation", "--area", "all", "--to", "25/09/2020", "--batch", "--out", str(tmp_path / "vn.zip")
    )
    with zipfile.ZipFile(tmp_path / "vn.zip") as z:
        assert len(z.namelist()) == 2  # the two wards of the small world
    with pytest.raises(CommandError, match="--batch"):
        _run("representation", "--area", "all", "--to", "25/09/2020")
