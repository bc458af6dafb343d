"""The browser flow of activities (issue 11, acceptance): on a phone-sized window an officer opens the quick add,
records a tree planting with its participants, the trees and a photo, lands on the activity with its photo
shown, then sees it counted in the programme's progress (actual 1 of a yearly target of 2: not met). No
console error, no CSP violation, nothing scrolls sideways. Screenshots go to /tmp/shots/ (NGUON_SHOTS)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from nguon.programmes import services
from nguon.programmes.models import Activity, ActivityFile
from nguon.web.tests.browser_world import CHROMIUM
from nguon.web.tests.conftest import (  # noqa: F401 (fixtures)
    browser,
    browser_context_args,
    browser_type,
    browser_type_launch_args,
    launch_browser,
    playwright,
)

from .factories import png_bytes, small_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason=f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium",
    ),
]
PASSWORD = "Mat-khau-thu-9"
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("NGUON_SHOTS", "/tmp/shots"))
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


class Console:
    """Errors the browser reports (console errors, CSP violations, uncaught exceptions, failed loads)."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.add_init_script(CSP_REPORTER)
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: uncaught {e}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"{page.url}: {r.status} from {r.url}"),
        )

    def check(self, where: str) -> None:
        found, self.errors[:] = list(self.errors), []
        assert not found, f"browser console errors on {where}:\n  " + "\n  ".join(found)


def no_sideways_scroll(page: Any, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where} scrolls sideways on a phone ({width} px wide)"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_quick_add_on_a_phone_is_counted_in_progress(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
    tmp_path: Path,
) -> None:
    world = small_world()
    officer = world.a.editor
    officer.set_password(PASSWORD)
    officer.save()
    today = timezone.localdate()
    programme = services.programme_create(
        title="Chương trình phối hợp phường An Thử",
        start_date=dt.date(today.year, 1, 1),
        end_date=dt.date(today.year, 12, 31),
        area=world.a.area,
        parties=[(world.a.women, "lead"), (world.a.youth, "partner")],
    )
    services.goal_create(
        programme=programme,
        text="Tổ chức ít nhất 2 hoạt động phối hợp mỗi năm",
        measure="activities",
        period="year",
        target=2,
        unit="hoạt động",
    )
    photo = tmp_path / "trong-cay.png"
    photo.write_bytes(png_bytes((64, 48)))

    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        console = Console(page)
        base = live_server.url
        page.goto(f"{base}/login/")
        page.get_by_label(_("User name")).fill(officer.username)
        page.get_by_label(_("Password")).fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name=_("Log in")).click()

        page.goto(f"{base}{reverse('activity-quick-add')}")
        no_sideways_scroll(page, "the quick add")
        console.check("the quick add")
        page.get_by_label(capfirst(_("type"))).select_option(label="Trồng cây xanh")
        page.get_by_label(capfirst(_("place (area)"))).select_option(value=str(world.a.area.pk))
        page.get_by_label(capfirst(_("organized by"))).select_option(value=str(world.a.women.pk))
        page.get_by_label(capfirst(_("number of participants"))).fill("25")
        page.get_by_label(capfirst(_("of whom women"))).fill("18")
        page.get_by_label(capfirst(_("result"))).select_option(label="Cây xanh trồng mới (cây)")
        page.get_by_label(capfirst(_("quantity"))).fill("40")
        page.get_by_label(capfirst(_("programme"))).select_option(value=str(programme.pk))
        page.get_by_label(_("Photo")).set_input_files(str(photo))
        shot(page, "activity-quick-phone")
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(_("Save"))).click()

        shot(page, "activity-quick-after-phone")
        activity = Activity.objects.get()
        assert page.url.endswith(reverse("activity-detail", args=[activity.pk]))
        assert activity.participants == 25 and activity.programme_id == programme.pk
        stored = ActivityFile.objects.get(activity=activity)
        assert stored.content_type == "image/png" and stored.size == photo.stat().st_size
        expect(page.get_by_role("heading", level=1)).to_contain_text("Trồng cây xanh")
        image = page.locator(f"img[src='{reverse('activity-file', args=[stored.pk])}']")
        expect(image).to_have_count(1)
        assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 64  # served and decoded
        no_sideways_scroll(page, "the activity")
        shot(page, "activity-detail-phone")
        console.check("the activity")

        page.goto(f"{base}{reverse('programme-progress', args=[programme.pk])}")
        row = page.locator("tbody tr").filter(has_text=str(today.year))
        expect(row).to_have_count(1)
        cells = row.locator("td")
        expect(cells.nth(3)).to_have_text("2")  # target
        expect(cells.nth(4)).to_have_text("1")  # actual: the activity just added
        expect(row).to_contain_text(_("not met"))
        expect(row.get_by_role("link", name=f"#{activity.pk}")).to_have_count(1)
        shot(page, "programme-progress-phone")
        console.check("the progress")
    finally:
        context.close()
