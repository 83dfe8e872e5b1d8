"""Accessibility checked by a tool: axe-core (through axe-playwright-python) on every
view, in both languages and both themes, finds no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest
from rendering import switch_language
from views import VIEWS, View, open_view

pytestmark = pytest.mark.browser

axe_playwright = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="pip install axe-playwright-python"
)

BLOCKING = {"serious", "critical"}


def violations(page: Any) -> list[str]:
    """axe's serious and critical violations on the page, as "rule (impact): targets"."""
    results = axe_playwright.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_axe_finds_no_serious_violation_in_either_language_or_theme(page: Any, view: View) -> None:
    # Opened once (the large view takes seconds to draw), then switched in place.
    open_view(page, view, "lang=en&theme=light")
    found = {}
    for lang in ("en", "ko"):
        if page.evaluate("document.documentElement.lang") != lang:
            switch_language(page, lang)
        for theme in ("light", "dark"):
            if page.evaluate("document.documentElement.dataset.theme") != theme:
                page.click("#theme-toggle")
                page.wait_for_function(
                    "theme => document.documentElement.dataset.theme === theme", arg=theme
                )
            page.wait_for_selector("#charts[aria-busy=false]")
            found[f"{lang}/{theme}"] = violations(page)
    assert found == {key: [] for key in found}
