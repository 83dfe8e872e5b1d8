"""Waiting for the pages to draw: every page counts its completed renders in
`document.body.dataset.renderSeq`, so a test can wait for the render its action caused."""

from __future__ import annotations

from typing import Any

RENDER_TIMEOUT_MS = 15_000


def rendered_seq(page: Any) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.renderSeq || 0)"))


def wait_rendered_after(page: Any, seq: int, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Wait until a render newer than `seq` has drawn every chart."""
    # Functions, not expression strings: a string would need eval, which the CSP forbids.
    page.wait_for_function(
        "seq => Number(document.body.dataset.renderSeq || 0) > seq", arg=seq, timeout=timeout_ms
    )


def switch_language(page: Any, lang: str, timeout_ms: float = RENDER_TIMEOUT_MS) -> None:
    """Press a language button and wait until the page is in that language (the page
    embeds only its own catalogue and fetches the other one on the switch)."""
    page.click(f"button[data-lang={lang}]")
    page.wait_for_function(
        "lang => document.documentElement.lang === lang", arg=lang, timeout=timeout_ms
    )
