"""The browser flow of the succession board (issue 10, acceptance): an officer logs in, opens the succession
board, sees the posts with no candidate and no woman first, opens a planning, finds a person by typing her
name without diacritics (htmx suggestions), adds her, and sees her verdict on the page. No console error, no
CSP violation; at phone width nothing scrolls sideways. Screenshots at 1280 and 390 px go to /tmp/shots/
(the browser fixtures are the web tests', nguon/web/tests/conftest.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from nguon.pipeline import services
from nguon.web.tests.browser_world import CHROMIUM
from nguon.web.tests.conftest import (  # noqa: F401 (fixtures)
    browser,
    browser_context_args,
    browser_type,
    browser_type_launch_args,
    launch_browser,
    playwright,
)

from .board_world import PASSWORD, BoardWorld, build_board_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason=f"Debian's chromium is not installed ({CHROMIUM}): apt-get install chromium",
    ),
]
PHONE = {"width": 390, "height": 844}
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


class Console:
    """Errors the browser reports (console errors, CSP violations, uncaught exceptions, failed loads), as in
    nguon/web/tests/test_browser.py (not imported: that module's marks need the web tests' conftest)."""

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


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label(_("User name")).fill(username)
    page.get_by_label(_("Password")).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=_("Log in")).click()


SHOTS = Path(os.environ.get("NGUON_SHOTS", "/tmp/shots"))
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def world(transactional_db: None) -> BoardWorld:
    return build_board_world()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_board_add_a_person_see_the_verdict(browser: Any, live_server: Any, world: BoardWorld) -> None:  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        console = Console(page)
        base = live_server.url
        log_in(page, base, world.editor.username, PASSWORD)
        page.goto(f"{base}{reverse('succession-index')}?at=15/01/2026")
        console.check("the index of succession boards")
        page.get_by_role("link", name=re.compile(world.org.name)).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(_("Succession board"))
        cards = page.locator("section.board-post")
        expect(cards).to_have_count(3)
        expect(cards.nth(0)).to_contain_text(world.chair.name)
        expect(cards.nth(0)).to_contain_text(_("No candidate"))
        expect(cards.nth(1)).to_contain_text(world.deputy.name)
        expect(cards.nth(1)).to_contain_text(_("No woman in the pool"))
        expect(cards.nth(2)).to_contain_text("Vũ Thị Mới")  # the incumbent on 15/01/2026
        shot(page, "board-desktop")
        console.check("the succession board")

        cards.nth(2).get_by_role("link", name=re.compile(r"^3 ")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(world.secretary.name)
        console.check("the pool page")
        page.get_by_label(_("Name (with or without accents)")).fill("trinh thi")
        choice = page.get_by_role("radio", name=re.compile("Trịnh Thị Thu"))
        expect(choice).to_be_visible()  # the htmx suggestions, limited to the scope
        expect(page.get_by_role("radio", name=re.compile("Ngô Thị Bí"))).to_have_count(0)
        choice.check()
        page.get_by_label(capfirst(_("readiness"))).select_option(label="Sẵn sàng ngay")
        with page.expect_navigation():
            page.get_by_role("button", name=_("Add to the planning")).click()
        expect(page.get_by_role("status").first).to_contain_text("Trịnh Thị Thu")
        entry = page.locator(f"#entry-person-{world.candidate.pk}")
        expect(entry).to_contain_text("Trịnh Thị Thu")
        verdict = entry.locator("[data-verdict='working-time']")
        expect(verdict).to_have_count(1)
        expect(verdict).to_contain_text(_("meets"))
        expect(verdict).to_contain_text("2030–2035")
        shot(page, "pool-desktop")
        console.check("the pool page after adding her")
    finally:
        context.close()


def test_board_and_pool_on_a_phone(browser: Any, live_server: Any, world: BoardWorld) -> None:  # noqa: F811
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        console = Console(page)
        base = live_server.url
        log_in(page, base, world.editor.username, PASSWORD)
        review = services.round_create(organization=world.org, year=2026, target_term="2030–2035")
        services.round_propose(
            round=review,
            pool=world.deputy_pool,
            person=world.candidate,
            action="add",
            reason="Trẻ, có năng lực",
        )
        for name, url in (
            ("board-phone", reverse("succession-board", args=[world.org.pk])),
            ("pool-phone", reverse("pool-detail", args=[world.pool.pk])),
            ("index-phone", reverse("succession-index")),
            ("review-phone", reverse("review-detail", args=[review.pk])),
            ("profile-phone", reverse("person-detail", args=[world.man.pk])),
        ):
            page.goto(f"{base}{url}?at=15/01/2026")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width} px wide)"
            shot(page, name)
            console.check(name)
    finally:
        context.close()
