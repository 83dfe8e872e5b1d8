"""Screenshots of the main page in English and Korean, light and dark, and on a phone.

Starts `uvicorn app.main:app` on a free loopback port, opens the lecture's example in
headless Chromium (Debian's, through Playwright), takes a few gradient-descent steps so
that the loss history shows, and saves the page in both languages and both themes:

    .venv/bin/python -m scripts.screenshots [--out docs/screenshots]

Writes main-en.png and main-ko.png (the whole page, light), main-top-en.png,
main-top-ko.png, main-top-en-dark.png and main-top-ko-dark.png (the first screen, as a
projector shows it), and phone-en.png and phone-ko-dark.png (a 390 × 844 phone).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from bench.server import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
DESCENT_STEPS = 6


def settle(page: Page) -> None:
    """Wait until the charts and the derivation show the current inputs: the charts out of
    view drawn too, and the derivation (asked for in view) scrolled to, then the top again."""
    page.wait_for_selector("#charts[aria-busy=false]")
    page.evaluate("() => window.gradviz.drawAll()")
    page.locator("#derivation-steps").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.body.dataset.derivationSeq === document.body.dataset.renderSeq"
    )
    page.evaluate("() => window.scrollTo(0, 0)")
    # One more frame, so that the last drawing is on screen.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))")


def show(page: Page, lang: str, theme: str) -> None:
    """Switch the page to `lang` and `theme` in place, as a visitor would, and wait for it."""
    if page.evaluate("() => document.documentElement.lang") != lang:
        page.click(f"button[data-lang={lang}]")
        # The other language's catalogue is fetched on the switch.
        page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)
    if page.evaluate("() => document.documentElement.dataset.theme") != theme:
        page.click("#theme-toggle")
        page.wait_for_function(
            "theme => document.documentElement.dataset.theme === theme", arg=theme
        )
    settle(page)


def shoot(page: Page, lang: str, theme: str, out: Path, full: bool) -> list[Path]:
    show(page, lang, theme)
    suffix = "" if theme == "light" else "-dark"
    top = out / f"main-top-{lang}{suffix}.png"
    page.screenshot(path=top)
    if not full:
        return [top]
    whole = out / f"main-{lang}{suffix}.png"
    page.screenshot(path=whole, full_page=True)
    return [whole, top]


def shoot_phone(browser: Browser, url: str, lang: str, theme: str, out: Path) -> Path:
    """The first screen of the lecture's example on a phone."""
    context = browser.new_context(
        base_url=url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"/?lang={lang}&theme={theme}")
    settle(page)
    path = out / f"phone-{lang}{'' if theme == 'light' else '-dark'}.png"
    page.screenshot(path=path)
    context.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with serve() as server, sync_playwright() as playwright:
        url = server.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url, viewport=VIEWPORT, device_scale_factor=1)
        page.goto("/?lang=en&theme=light")
        settle(page)
        page.fill("#learning-rate", "1")
        for _ in range(DESCENT_STEPS):
            before = page.evaluate("() => Number(document.body.dataset.renderSeq)")
            page.click("#descent-step")
            page.wait_for_function("n => Number(document.body.dataset.renderSeq) > n", arg=before)
            settle(page)
        written = [
            *shoot(page, "en", "light", args.out, full=True),
            *shoot(page, "ko", "light", args.out, full=True),
            *shoot(page, "ko", "dark", args.out, full=False),
            *shoot(page, "en", "dark", args.out, full=False),
            shoot_phone(browser, url, "en", "light", args.out),
            shoot_phone(browser, url, "ko", "dark", args.out),
        ]
        browser.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
