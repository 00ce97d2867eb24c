"""Debian's Chromium driven by Playwright against a real server (uvicorn, SQLite).

Skipped when ``/usr/bin/chromium`` (``apt-get install chromium``) or the ``playwright``
package is missing, unless ``PANELIST_REQUIRE_BROWSER=1``, which makes that a failure.
Screenshots of the key pages are written to ``artifacts/``; the browser may reach only the
test server: any other request is refused and recorded, and a test fails if one was made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.server.conftest import LiveServer, settings_for

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_ENV = "PANELIST_REQUIRE_BROWSER"
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: How long an action or an expectation waits for the page.
EXPECT_MS = 20_000


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """The browser, launched once per module. Playwright's sync API runs an event loop in
    this thread while it is open, so it is closed before other modules' tests run."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    # Waits, not deadlines: a page's answer may come late on a loaded CI machine (a "Saved"
    # after an autosave, a "copied" after the clipboard), so expectations wait as long as
    # actions do (20 s, below) before a test fails.
    expect.set_options(timeout=EXPECT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, data_home: Path) -> Iterator[LiveServer]:
    """A server on SQLite for the browser tests (rubric engine, generous limits)."""
    database = tmp_path_factory.mktemp("browser") / "panelist.db"
    settings = settings_for(f"sqlite:///{database}", candidate_per_minute=10_000)
    live = LiveServer(settings).start()
    yield live
    live.stop()


class Pages:
    """Opens browser contexts that may reach only the test server, and saves screenshots."""

    def __init__(self, browser: Any, server: LiveServer) -> None:
        self.browser = browser
        self.server = server
        self.refused: list[str] = []
        self.errors: list[str] = []
        self._contexts: list[Any] = []

    def new_page(self, **options: Any) -> Any:
        context = self.browser.new_context(base_url=self.server.url, **options)
        host = urlparse(self.server.url).netloc

        def only_local(route: Any) -> None:
            url = route.request.url
            if urlparse(url).netloc == host or url.startswith("data:"):
                route.continue_()
            else:
                self.refused.append(url)
                route.abort()

        context.route("**/*", only_local)
        context.set_default_timeout(EXPECT_MS)
        self._contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def pages(chromium: Any, site: LiveServer) -> Iterator[Pages]:
    """Browser pages for one test; fails it if a page tried to reach another host or one of
    its scripts failed."""
    made = Pages(chromium, site)
    yield made
    made.close()
    assert made.refused == [], f"pages tried to load from outside: {made.refused}"
    assert made.errors == [], f"script errors: {made.errors}"


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save ``artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.wait_for_load_state("load")
    page.screenshot(path=str(path), full_page=full_page)
    return path
