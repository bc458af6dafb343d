"""The browser flow of the reports (issue 12 §7): a ward officer opens Báo cáo from the menu, previews the
representation report of her ward at desktop width and on a phone (the sheet fills the phone's width, nothing
scrolls sideways), downloads the Word file (a real .docx), issues the report and finds it in the issued list.
The real builders and renderers. No console error, no CSP violation. Screenshots go to /tmp/shots/
(NGUON_SHOTS)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from nguon.indicators.services import catalogue_sync
from nguon.reports.models import IssuedReport
from nguon.web.tests.browser_world import CHROMIUM
from nguon.web.tests.conftest import (  # noqa: F401 (fixtures)
    browser,
    browser_context_args,
    browser_type,
    browser_type_launch_args,
    launch_browser,
    playwright,
)

from .world import report_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason=f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium",
    ),
]
PASSWORD = "Mat-khau-thu-9"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
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
        page.on("console", lambda m: self._add(m.type == "error", f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self._add(True, f"{page.url}: uncaught {e}"))
        page.on("response", lambda r: self._add(r.status >= 400, f"{page.url}: {r.status} from {r.url}"))

    def _add(self, when: bool, text: str) -> None:
        if when:
            self.errors.append(text)

    def check(self, where: str) -> None:
        found, self.errors[:] = list(self.errors), []
        assert not found, f"browser console errors on {where}:\n  " + "\n  ".join(found)


def no_sideways_scroll(page: Any, where: str, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{where} scrolls sideways ({scroll} px wide for {width})"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label(_("User name")).fill(username)
    page.get_by_label(_("Password")).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=_("Log in")).click()


def _fill(page: Any, area_pk: int) -> None:
    page.locator("#id_kind").select_option(value="representation")
    page.locator("#id_area").select_option(value=str(area_pk))
    page.locator("#id_end").fill("25/09/2020")


def test_preview_download_and_issue_a_report(
    browser: Any,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    catalogue_sync()
    rw = report_world()
    officer = rw.world.a.editor
    officer.first_name, officer.last_name = "Yến", "Nguyễn Thị Hoàng"
    officer.set_password(PASSWORD)
    officer.save()
    area = rw.world.a.area
    base = live_server.url

    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        console = Console(page)
        _log_in(page, base, officer.username)
        page.locator("#menu").get_by_role("button", name=_("Reports"), exact=True).click()
        with page.expect_navigation():
            page.get_by_role("link", name=_("Write a report")).click()
        assert page.url.endswith(reverse("report-list"))
        console.check("the report form")

        page.set_viewport_size(PHONE)
        no_sideways_scroll(page, "the report form on a phone", PHONE["width"])
        shot(page, "report-form-phone")
        page.set_viewport_size(DESKTOP)
        _fill(page, area.pk)
        with page.expect_navigation():
            page.get_by_role("button", name=_("Preview"), exact=True).click()
        assert reverse("report-preview") in page.url
        paper = page.locator("article.report-paper")
        expect(paper).to_have_count(1)
        expect(paper.locator(".report-title")).to_have_text("BÁO CÁO")
        expect(paper).to_contain_text("ngày 25 tháng 9 năm 2020")
        assert paper.locator("h3.report-h1").count() >= 1
        box = paper.bounding_box()
        assert box is not None and 700 <= box["width"] <= 800, box  # an A4-wide sheet (21 cm ≈ 794 px)
        assert "Times New Roman" in page.evaluate(
            "(e) => getComputedStyle(e).fontFamily", paper.element_handle()
        )
        shot(page, "report-preview-desktop")
        # the page's content (the navbar's width is the site's: at 1280 px with a long user name it is full)
        main = page.evaluate("document.getElementById('main').scrollWidth")
        assert main <= DESKTOP["width"], f"the preview's content is {main} px wide"
        shot(page, "report-preview-desktop")
        console.check("the preview")

        with page.expect_download() as info:
            page.get_by_role("link", name=_("Download Word")).click()
        download = info.value
        assert download.suggested_filename.endswith(".docx")
        data = Path(download.path()).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert "word/document.xml" in z.namelist()
            assert "BÁO CÁO" in z.read("word/document.xml").decode()

        page.set_viewport_size(PHONE)
        page.reload()
        box = paper.bounding_box()
        assert box is not None and box["width"] >= PHONE["width"] - 40, box  # the sheet fills the phone
        no_sideways_scroll(page, "the preview on a phone", PHONE["width"])
        shot(page, "report-preview-phone")
        console.check("the preview on a phone")

        page.set_viewport_size(DESKTOP)
        with page.expect_navigation():
            page.get_by_role("button", name=_("Issue"), exact=True).click()
        issued = IssuedReport.objects.get()
        assert page.url.endswith(reverse("report-issued-detail", args=[issued.pk]))
        expect(page.get_by_text(issued.context_sha256)).to_have_count(1)
        expect(page.locator("article.report-paper")).to_have_count(1)
        console.check("the issued report")

        page.goto(f"{base}{reverse('report-issued-list')}")
        row = page.locator("tbody tr").filter(has_text=issued.title)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(area.name)
        expect(row).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))
        page.set_viewport_size(PHONE)
        no_sideways_scroll(page, "the issued list on a phone", PHONE["width"])
        shot(page, "report-issued-list-phone")
        console.check("the issued list")
    finally:
        context.close()
