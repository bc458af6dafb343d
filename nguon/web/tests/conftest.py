"""Fixtures of the web tests. The browser flows drive Debian's chromium through Playwright (pytest-playwright's
fixtures; docs/development.md, "Browser tests")."""

from __future__ import annotations

import os
from typing import Any

import pytest

from .browser_world import CHROMIUM, CHROMIUM_FLAGS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Playwright's sync API keeps an asyncio loop running in the main thread from the first browser test to
    the end of the session; Django would then refuse every ORM call of that thread (the tests' own set-up and
    all later tests) as made "from an async context". Nothing here is async, so, when browser tests are
    collected, say it is safe (pytest-django's live server runs in its own thread either way)."""
    if any(item.get_closest_marker("browser") for item in items):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Vietnamese first, as an officer's browser would be; downloads accepted."""
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "accept_downloads": True,
        "viewport": {"width": 1366, "height": 900},
    }
