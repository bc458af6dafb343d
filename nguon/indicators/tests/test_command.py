import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from nguon.areas.services import area_create

pytestmark = pytest.mark.django_db


def test_command_speaks_vietnamese(capsys):
    """The command's messages and headers come through gettext, in Vietnamese."""
    area_create(code="01", name="Thành phố Thử", level="province")
    with pytest.raises(CommandError, match="không phải ngày hợp lệ"):
        call_command("indicators", "--area", "01", "--as-of", "hôm qua")
    with pytest.raises(CommandError, match=r"Không có chỉ số: x-y\. Có: "):
        call_command("indicators", "--area", "01", "--as-of", "2020-09-25", "--indicator", "x-y")
    with pytest.raises(CommandError, match="cần --out"):
        call_command("indicators", "--area", "01", "--as-of", "2020-09-25", "--format", "xlsx")
    call_command("indicators", "--area", "01", "--as-of", "25/09/2020", "--indicator", "key-posts-women")
    out = capsys.readouterr().out
    assert "Địa bàn" in out and "Còn thiếu" in out and "Thành phố Thử" in out
    call_command(
        "indicators", "--area", "01", "--as-of", dt.date(2020, 9, 25).isoformat(), "--indicator",
        "key-posts-women", "--series", "2019:2020",
    )  # fmt: skip
    assert "Gãy chuỗi" in capsys.readouterr().out
