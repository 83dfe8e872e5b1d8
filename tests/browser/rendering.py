"""Waiting for the pages to draw, and reading what they drew: every page counts its completed
renders in `document.body.dataset.renderSeq`, so a test can wait for the render its action
caused; the sequence pages' (/rnn, /lstm) edits, charts and number format besides."""

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


def wait_settled_after(page: Any, seq: int) -> None:
    """Wait until a render newer than `seq` has drawn every chart and the status is clear."""
    wait_rendered_after(page, seq)
    page.wait_for_function(
        "() => document.getElementById('status').textContent === ''", timeout=RENDER_TIMEOUT_MS
    )


def open_page(page: Any, path: str = "/rnn") -> None:
    page.goto(path)
    wait_settled_after(page, 0)


def edit(page: Any, selector: str, value: str) -> None:
    before = rendered_seq(page)
    page.fill(selector, value)
    wait_settled_after(page, before)


def click(page: Any, selector: str) -> None:
    before = rendered_seq(page)
    page.click(selector)
    wait_settled_after(page, before)


def select(page: Any, selector: str, value: str) -> None:
    before = rendered_seq(page)
    page.select_option(selector, value)
    wait_settled_after(page, before)


def chart_traces(page: Any, name: str) -> list[dict[str, Any]]:
    """The traces Plotly holds for one chart (what is on screen)."""
    return page.evaluate(
        """name => document.getElementById(`chart-${name}`).data.map(trace => ({
            y: trace.y, z: trace.z, type: trace.type
        }))""",
        name,
    )


def fixed(value: float) -> str:
    """The sequence pages' 5-decimal form of a number (sequence/values.js `fixed`)."""
    if float(value).is_integer():
        text = str(int(value))
    elif 1e-4 <= abs(value) < 1e5:
        text = f"{value:.5f}"
    else:
        mantissa, exponent = f"{value:.3e}".split("e")
        text = f"{mantissa}e{int(exponent):+d}"
    return text.replace("-", "−", 1)


def vector_text(values: list[float]) -> str:
    return "(" + ", ".join(fixed(v) for v in values) + ")"
