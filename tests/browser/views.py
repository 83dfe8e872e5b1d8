"""The views every page-wide browser test visits (accessibility, phones, themes).

A new page or view is one more line in VIEWS: its path, and whether it draws the
derivation panel's MathML (the large-C view writes a summary instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rendering import draw_all, scroll_to_derivation_and_wait, wait_rendered_after

from app.presets.large import GPT2_PRESET_ID

# The large-C view draws 50,257 classes: it takes longer than the others on two cores.
VIEW_TIMEOUT_MS = 45_000


@dataclass(frozen=True)
class View:
    name: str
    path: str
    mathml: bool = True


VIEWS = [
    View("main", "/"),
    View("rnn", "/rnn"),
    View("lstm", "/lstm"),
    View("compare", "/?p=compare-confident-wrong&cmp=1"),
    View("large", f"/?from={GPT2_PRESET_ID}", mathml=False),
]


def open_view(page: Any, view: View, query: str = "") -> None:
    """Open `view` (with `query` appended, "&lang=ko") and wait until every chart is drawn
    (those out of view too: they are drawn as they scroll in) and the derivation panel is
    filled in (it is asked for as it comes into view); then back to the top."""
    separator = "&" if "?" in view.path else "?"
    page.goto(view.path + (separator + query if query else ""))
    wait_rendered_after(page, 0, VIEW_TIMEOUT_MS)
    page.wait_for_selector("#charts[aria-busy=false]", timeout=VIEW_TIMEOUT_MS)
    draw_all(page)
    if view.mathml:
        scroll_to_derivation_and_wait(page, VIEW_TIMEOUT_MS)
    shown = "#derivation-steps math" if view.mathml else "#derivation-steps li:not(.placeholder)"
    page.wait_for_selector(shown, state="attached", timeout=VIEW_TIMEOUT_MS)
    page.evaluate("() => window.scrollTo(0, 0)")
