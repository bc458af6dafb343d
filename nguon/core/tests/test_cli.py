"""The command line speaks Vietnamese (issue 9): ``nguon --help``, every command's ``--help`` (argparse's
words and Django's standard options too), argparse's errors, and a CommandError as "Lỗi: …" alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nguon.__main__ import main

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = ["areas", "demo", "export", "import", "indicators", "template"]
# English that argparse and Django's BaseCommand print unless translated.
ENGLISH = [
    "usage:",
    "options:",
    "positional arguments",
    "show this help message and exit",
    "Show program's version number",
    "Verbosity level",
    "The Python path to a settings module",
    "Display a full stack trace",
    "colorize",
    "Skip system checks",
    "CommandError",
    "Type '",
    "Available subcommands",
]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def test_main_help_lists_the_commands_in_vietnamese(capsys):
    """``nguon --help`` lists the project's commands with their Vietnamese help, then Django's."""
    for argv in (["--help"], ["help"], []):
        code, out, _err = _run(capsys, *argv)
        assert code == 0
        assert "Cách dùng: nguon <lệnh>" in out and "Các lệnh của Nguồn:" in out
        assert re.search(r"^  import +Nhập một tệp bảng tính", out, re.M)  # padded to the longest name
        assert "migrate" in out
        assert not [word for word in ENGLISH if word in out]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_no_english_argparse_words(capsys, command):
    """``nguon <command> --help``: "cách dùng:", "tùy chọn:", the options' help in Vietnamese."""
    code, out, _err = _run(capsys, command, "--help")
    assert code == 0
    assert out.startswith(f"cách dùng: nguon {command}")
    assert "\ntùy chọn:\n" in out and "In hướng dẫn này rồi thoát." in out
    assert "Mức chi tiết khi in" in out
    assert not [word for word in ENGLISH if word in out]


def test_command_help_texts_are_translated(capsys):
    """The commands' own options are described in Vietnamese."""
    _code, out, _err = _run(capsys, "indicators", "--help")
    assert "Mã địa bàn, ví dụ 002 (Hoàn Kiếm) hoặc 00070." in out
    assert "Area code" not in out
    _code, out, _err = _run(capsys, "help", "export")
    assert "Tệp .xlsx sẽ ghi." in out and "Export people" not in out


def test_argparse_errors_are_in_vietnamese(capsys):
    """A missing required option is said in Vietnamese, exit code 2 as argparse's."""
    code, _out, err = _run(capsys, "export")
    assert code == 2
    assert "nguon export: lỗi: thiếu các đối số bắt buộc: --out" in err
    assert "error:" not in err and "usage:" not in err
    code, _out, err = _run(capsys, "indicators", "--area", "002", "--as-of", "2020-01-01", "--format", "pdf")
    assert code == 2 and "lựa chọn không hợp lệ: 'pdf'" in err


def test_command_error_prints_the_message_alone(capsys, tmp_path):
    """A CommandError prints "Lỗi: <Vietnamese message>", not "CommandError: …", exit code 1 as before."""
    missing = tmp_path / "khong-co.xlsx"
    code, out, err = _run(capsys, "import", str(missing))
    assert code == 1
    assert err.strip() == f"Lỗi: Không tìm thấy tệp: {missing}"
    assert "CommandError" not in out + err


def test_unknown_command_is_said_in_vietnamese(capsys):
    """A mistyped command gets a Vietnamese message and a suggestion, exit code 1."""
    code, _out, err = _run(capsys, "improt")
    assert code == 1
    assert "Lỗi: không có lệnh 'improt'. Có phải ý bạn là 'import'?" in err
    assert "Gõ 'nguon help' để xem danh sách lệnh." in err
    assert "Unknown command" not in err


def test_the_installed_entry_point_speaks_vietnamese(tmp_path):
    """The real ``python -m nguon`` process: Vietnamese help, and an error without "CommandError:"."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "NGUON_VAR_DIR": str(tmp_path),
    }
    help_ = subprocess.run(
        [sys.executable, "-m", "nguon", "template", "--help"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert help_.returncode == 0 and help_.stdout.startswith("cách dùng: nguon template")
    error = subprocess.run(
        [sys.executable, "-m", "nguon", "import", str(tmp_path / "khong-co.xlsx")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert error.returncode == 1
    assert error.stderr.startswith("Lỗi: ") and "CommandError" not in error.stderr
