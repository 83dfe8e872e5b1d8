"""Waiting for the pages to draw: every page counts its completed renders in
`document.body.dataset.renderSeq`, so a test can wait for the render its action caused.

A render is complete when every chart in view is drawn: a chart out of view keeps the
figure asked of it (its element carries `data-pending`) and draws it when it scrolls
in, and the derivation panel asks for its MathML only in view. A test that reads such a
chart or the derivation scrolls it into view and waits for it (`scroll_into_view_and_wait`,
`scroll_to_derivation_and_wait`), or draws every chart at once (`draw_all`)."""

from __future__ import annotations

from typing import Any

RENDER_TIMEOUT_MS = 15_000


def rendered_seq(page: Any) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.renderSeq || 0)"))


def wait_rendered_after(page: Any, seq: int, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Wait until a render newer than `seq` has drawn every chart in view."""
    # Functions, not expression strings: a string would need eval, which the CSP forbids.
    page.wait_for_function(
        "seq => Number(document.body.dataset.renderSeq || 0) > seq", arg=seq, timeout=timeout_ms
    )


def wait_drawn(page: Any, selector: str, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Wait until the chart at `selector` shows the last figure asked of it."""
    page.wait_for_function(
        """selector => {
            const el = document.querySelector(selector);
            return el !== null && !("pending" in el.dataset);
        }""",
        arg=selector,
        timeout=timeout_ms,
    )


def scroll_into_view_and_wait(
    page: Any, selector: str, timeout_ms: float = RENDER_TIMEOUT_MS
) -> None:
    """Scroll the chart at `selector` into view and wait until it shows the last figure
    asked of it (one that waited out of view is drawn as it comes in)."""
    page.locator(selector).scroll_into_view_if_needed(timeout=timeout_ms)
    wait_drawn(page, selector, timeout_ms)


def scroll_to_derivation_and_wait(page: Any, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Scroll the derivation panel into view and wait until it shows the last render's
    derivation (asked for as the panel comes in)."""
    page.locator("#derivation-steps").scroll_into_view_if_needed(timeout=timeout_ms)
    page.wait_for_function(
        """() => Number(document.body.dataset.derivationSeq || 0)
            >= Number(document.body.dataset.renderSeq || 0)""",
        timeout=timeout_ms,
    )


def draw_all(page: Any) -> None:
    """Draw every chart still waiting out of view, and wait until they are drawn."""
    page.evaluate("() => window.gradviz.drawAll()")


def switch_language(page: Any, lang: str, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Press a language button and wait until the page is in that language (the page
    embeds only its own catalogue and fetches the other one on the switch)."""
    page.click(f"button[data-lang={lang}]")
    page.wait_for_function(
        "lang => document.documentElement.lang === lang", arg=lang, timeout=timeout_ms
    )
