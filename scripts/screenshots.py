"""Screenshots of the main page in English and Korean, for the README.

Starts `uvicorn app.main:app` on a free loopback port, opens the lecture's example in
headless Chromium (Debian's, through Playwright), takes a few gradient-descent steps so
that the loss history shows, and saves the page in both languages:

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Writes main-en.png and main-ko.png (the whole page) and main-top-en.png and
main-top-ko.png (the first screen, as a projector shows it).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GRADVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
DESCENT_STEPS = 6


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def settle(page: Page) -> None:
    """Wait until the charts and the derivation show the current inputs."""
    page.wait_for_selector("#charts[aria-busy=false]")
    page.wait_for_function(
        "() => document.body.dataset.derivationSeq === document.body.dataset.renderSeq"
    )
    # One more frame, so that the last drawing is on screen.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))")


def shoot(page: Page, lang: str, out: Path) -> list[Path]:
    page.click(f"button[data-lang={lang}]")
    settle(page)
    full, top = out / f"main-{lang}.png", out / f"main-top-{lang}.png"
    page.screenshot(path=full, full_page=True)
    page.screenshot(path=top)
    return [full, top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    process, url = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(base_url=url, viewport=VIEWPORT, device_scale_factor=1)
            page.goto("/?lang=en")
            settle(page)
            page.fill("#learning-rate", "1")
            for _ in range(DESCENT_STEPS):
                before = page.evaluate("() => Number(document.body.dataset.renderSeq)")
                page.click("#descent-step")
                page.wait_for_function(
                    "n => Number(document.body.dataset.renderSeq) > n", arg=before
                )
                settle(page)
            written = shoot(page, "en", args.out) + shoot(page, "ko", args.out)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
