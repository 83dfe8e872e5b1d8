"""Shared fixtures: a real server on a free loopback port, and headless Chromium.

The browser tests drive Debian's `chromium` through Playwright for Python (no browser
download). Without Chromium or Playwright they are skipped with the reason; under
CI=true they fail instead, so that a green CI run always includes them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bench.server import CHROMIUM, CHROMIUM_ARGS, serve
from scripts.build_assets import ensure_built

# Every page reads the built front end (app.assets): rebuild it first if static/ changed.
ensure_built()

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT_S = 30.0

# Records CSP violations in the page: a blocked script or style would otherwise only
# show as a missing feature.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _unavailable(reason: str) -> None:
    """Skip, or fail under CI=true, when the browser tests cannot run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """`uvicorn app.main:app` in a subprocess on a free port; yields its base URL."""
    with serve(timeout=SERVER_START_TIMEOUT_S) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: console errors, uncaught exceptions, every request it sent."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    # The JSON bodies the page POSTed to /api/v1/analyze, in order.
    analyze_bodies: list[Any] = field(default_factory=list)

    def record(self, request: Any) -> None:
        self.requests.append(request.url)
        if request.method == "POST" and request.url.endswith("/api/v1/analyze"):
            self.analyze_bodies.append(request.post_data_json)


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser: Any, live_server: str, page_log: PageLog) -> Iterator[Any]:
    """A fresh context (no stored language) and page, logging console errors and requests."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1440, "height": 900}, accept_downloads=True
    )
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            page_log.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    context.on("request", page_log.record)
    try:
        yield page
    finally:
        context.close()
