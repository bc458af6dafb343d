"""Fixtures of the web tests. The browser flows drive Debian's chromium through Playwright (pytest-playwright's
fixtures; docs/development.md, "Browser tests")."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserType, Playwright, sync_playwright

from .browser_world import CHROMIUM, CHROMIUM_FLAGS


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: a flow driven in chromium through Playwright")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium (``playwright install`` cannot download browsers here) with the flags above."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


@pytest.fixture(scope="module")
def browser_context_args(
    pytestconfig: pytest.Config, playwright: Playwright, device: str | None, _pw_artifacts_folder: Any
) -> dict[str, Any]:
    """pytest-playwright's (``--device``, ``--video``), for the module like ``playwright`` below; then
    Vietnamese first, as an officer's browser would be, a laptop's width, downloads accepted."""
    args: dict[str, Any] = {
        "locale": "vi-VN",
        "accept_downloads": True,
        "viewport": {"width": 1366, "height": 900},
    }
    if device:
        args.update(playwright.devices[device])
    if pytestconfig.getoption("--video") in ["on", "retain-on-failure"]:
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


# pytest-playwright's playwright/browser fixtures, for one module instead of the session. Playwright's sync API
# runs an asyncio loop in the main thread while it lives, and Django then refuses the tests' ORM calls as made
# "from an async context" unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Nothing here is async, so the variable is
# set, but only while the browser module runs: for the rest of the session the loop is stopped and the
# variable gone (a later `nguon check --deploy` in a subprocess would refuse it: async.E001).
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="module")
def playwright(_pw_api_request_contexts: Any) -> Iterator[Playwright]:
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    pw = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    try:
        yield pw
    finally:
        pw.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="module")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name or "chromium")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="module")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    """One chromium for the browser module (the flows open their own contexts in it)."""
    browser = launch_browser()
    yield browser
    browser.close()
