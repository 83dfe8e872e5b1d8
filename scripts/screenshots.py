"""Screenshots of the main page in English and Korean, for the README.

Starts `uvicorn app.main:app` on a free loopback port, opens the lecture's example in
headless Chromium (Debian's, through Playwright), takes a few gradient-descent steps so
that the loss history shows, and saves the page in both languages:

    .venv/bin/python -m scripts.screenshots [--out docs/screenshots]

Writes main-en.png and main-ko.png (the whole page) and main-top-en.png and
main-top-ko.png (the first screen, as a projector shows it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.server import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1440, "height": 900}
DESCENT_STEPS = 6


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
    # The other language's catalogue is fetched on the switch.
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)
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

    with serve() as server, sync_playwright() as playwright:
        url = server.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url, viewport=VIEWPORT, device_scale_factor=1)
        page.goto("/?lang=en")
        settle(page)
        page.fill("#learning-rate", "1")
        for _ in range(DESCENT_STEPS):
            before = page.evaluate("() => Number(document.body.dataset.renderSeq)")
            page.click("#descent-step")
            page.wait_for_function("n => Number(document.body.dataset.renderSeq) > n", arg=before)
            settle(page)
        written = shoot(page, "en", args.out) + shoot(page, "ko", args.out)
        browser.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
