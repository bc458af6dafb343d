"""Browser flows (issue 9 §7), in Debian's chromium through Playwright, against pytest-django's live server.

Pages are found as an officer finds them: by their Vietnamese roles, labels and texts (the msgids translated
here with the same catalogues), never by CSS ids. Every page visited is checked for errors in the browser's
console, Content-Security-Policy violations included (an init script reports each ``securitypolicyviolation``
event there too).

Skipped only when /usr/bin/chromium is absent, and never under CI (which installs it)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from nguon.accounts.lockout import lockout_message

from .browser_world import CHROMIUM, PASSWORD, BrowserWorld, build_browser_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason=f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium",
    ),
]

CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + (e.sourceFile || document.location.href) + ":" + e.lineNumber);
});
"""
PHONE = {"width": 390, "height": 844}


class Console:
    """Errors the browser reports while the flow runs (console errors, CSP violations, uncaught exceptions)."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.add_init_script(CSP_REPORTER)
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: uncaught {e}"))
        # say which address failed (the console's "Failed to load resource" does not)
        page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"{page.url}: {r.status} from {r.url}"),
        )

    def check(self, where: str, allow: tuple[str, ...] = ()) -> None:
        found = [e for e in self.errors if not any(a in e for a in allow)]
        self.errors.clear()
        assert not found, f"browser console errors on {where}:\n  " + "\n  ".join(found)


@pytest.fixture
def world(transactional_db: None) -> BrowserWorld:
    return build_browser_world()


@pytest.fixture
def console(page: Any) -> Console:
    page.set_default_timeout(15_000)
    return Console(page)


def log_in(page: Any, base: str, username: str, password: str) -> Any:
    page.goto(f"{base}/login/")
    page.get_by_label(_("User name")).fill(username)
    page.get_by_label(_("Password")).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=_("Log in")).click()
    return page


def menu_link(page: Any, name: str) -> Any:
    return page.get_by_role("navigation", name=_("Main menu")).get_by_role("link", name=name, exact=True)


def headline_cards(page: Any) -> list[str]:
    """The dashboard's figures: the text of each card of its sections, in order."""
    cards = page.locator("main section .card")
    return [re.sub(r"\s+", " ", t).strip() for t in cards.all_inner_texts()]


def test_vietnamese_catalogue_is_used() -> None:
    """The labels the flows look for are Vietnamese (a missing translation would make them English)."""
    for msgid in ("Log in", "User name", "Password", "People", "Overview", "Start a tenure", "Excel exports"):
        assert _(msgid) != msgid, msgid


def test_console_check_sees_csp_violations(page: Any, console: Console, live_server: Any) -> None:
    """The console check fails on a page that runs an inline script, which the CSP forbids: a page with
    one would fail the flows."""
    page.goto(f"{live_server.url}/login/")
    console.check("the login page")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    with pytest.raises(AssertionError, match="CSP violation: script-src"):
        console.check("the login page with an inline script")
    assert page.evaluate("() => window.x") is None  # and the script did not run


def test_officer_flow(
    page: Any, console: Console, live_server: Any, world: BrowserWorld, tmp_path: Path
) -> None:
    """A ward officer logs in, lands on the overview, finds "Hoàng" by typing "hoang", opens her profile,
    starts her tenure on the party committee, sees the overview's share of women change (0 of 1 to 1 of 2:
    50,0%), and downloads the people-and-tenures export: a real xlsx holding the new tenure. No page reports
    a console error or a CSP violation."""
    base = live_server.url
    log_in(page, base, world.officer.username, PASSWORD)
    expect(page.get_by_role("heading", level=1, name=_("Overview"))).to_be_visible()
    before = headline_cards(page)
    assert before, "the overview shows no figure"
    console.check("the overview")

    menu_link(page, _("People")).click()
    page.get_by_label(_("Name (with or without accents)")).fill("hoang")
    page.get_by_role("button", name=_("Search"), exact=True).click()
    found = page.get_by_role("link", name="Hoàng Thị Lan")
    expect(found).to_be_visible()
    expect(page.get_by_role("link", name="Trần Văn Nam")).to_have_count(0)
    console.check("the people search")

    found.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoàng Thị Lan")
    console.check("the profile")

    page.get_by_role("link", name=_("Start a tenure")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(_("Start a tenure"))
    page.get_by_label(capfirst(_("post"))).select_option(str(world.post.pk))
    page.get_by_label(capfirst(_("term"))).select_option(str(world.term.pk))
    page.get_by_label(capfirst(_("from")), exact=False).first.fill("01/11/2025")
    page.get_by_label(capfirst(_("how it began"))).select_option("elected")
    page.get_by_label(capfirst(_("decision number")), exact=False).first.fill("15-QĐ/ĐU")
    console.check("the tenure form")
    with page.expect_navigation():
        page.get_by_role("button", name=_("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoàng Thị Lan")
    expect(page.get_by_text("Ủy viên Ban Chấp hành").first).to_be_visible()
    expect(page.get_by_text("01/11/2025").first).to_be_visible()
    console.check("the profile after the new tenure")

    menu_link(page, _("Overview")).click()
    after = headline_cards(page)
    changed = [(b, a) for b, a in zip(before, after, strict=False) if a != b]
    assert changed, f"no figure of the overview changed: {after}"
    assert any("50,0%" in a for _b, a in changed), f"the share of women is not 50,0%: {changed}"
    console.check("the overview after the new tenure")

    # the Excel menu (import and exports) opens from a toggle, a button to assistive technology
    page.get_by_role("navigation", name=_("Main menu")).get_by_role(
        "button", name="Excel", exact=True
    ).click()
    menu_link(page, _("Excel exports")).click()
    section = page.get_by_role("region", name=_("People and tenures"))
    with page.expect_download() as info:
        section.get_by_role("button", name=_("Download (.xlsx)")).click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    rows = [
        [str(c) for c in row if c is not None]
        for sheet in openpyxl.load_workbook(saved, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    held = [r for r in rows if "Hoàng Thị Lan" in r and any("Ủy viên Ban Chấp hành" in c for c in r)]
    assert held, "the export has no row of Hoàng Thị Lan's new tenure"
    assert any("01/11/2025" in c or "2025-11-01" in c for c in held[0]), held[0]
    console.check("the exports page")


def test_lockout_after_wrong_passwords(
    page: Any, console: Console, live_server: Any, world: BrowserWorld, settings: Any
) -> None:
    """After AXES_FAILURE_LIMIT wrong passwords the login page says, in Vietnamese, that the account is
    locked, and the right password no longer opens it."""
    settings.AXES_ENABLED = True  # off in the test settings (the test client's logins have no request)
    base = live_server.url
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit):
        log_in(page, base, world.officer.username, f"sai-{attempt}")
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.get_by_text(lockout_message())).to_have_count(0)
    console.check("the login page after wrong passwords")
    log_in(page, base, world.officer.username, f"sai-{limit}")
    expect(page.get_by_role("alert")).to_have_text(lockout_message())
    log_in(page, base, world.officer.username, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(lockout_message())
    expect(page.get_by_role("heading", level=1, name=_("Overview"))).to_have_count(0)
    # The lockout page answers 429 (Too Many Requests), which the browser logs as a failed load.
    console.check("the lockout page", allow=("status of 429", "429 from"))


def test_phone_menu_and_people_list(browser: Any, live_server: Any, world: BrowserWorld) -> None:
    """At phone width (390 px) the menu collapses behind its button, opens on a tap, and the people list
    is usable: the search finds "Hoàng" without a horizontal scroll, and her profile opens."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        console = Console(page)
        log_in(page, live_server.url, world.officer.username, PASSWORD)
        toggler = page.get_by_role("button", name=_("Menu"))
        expect(toggler).to_be_visible()
        people = menu_link(page, _("People"))
        expect(people).to_be_hidden()
        toggler.tap()
        expect(people).to_be_visible()
        people.tap()
        page.get_by_label(_("Name (with or without accents)")).fill("hoang")
        page.get_by_role("button", name=_("Search"), exact=True).tap()
        found = page.get_by_role("link", name="Hoàng Thị Lan")
        expect(found).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the people list scrolls sideways on a phone ({width} px wide)"
        box = found.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        console.check("the people list on a phone")
        found.tap()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hoàng Thị Lan")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the profile scrolls sideways on a phone ({width} px wide)"
        console.check("the profile on a phone")
    finally:
        context.close()
