"""Phones in headless Chromium: nothing wider than the screen, the header fits, and wide
screens keep the sticky inputs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from rendering import draw_all, scroll_into_view_and_wait, wait_rendered_after
from views import VIEWS, View, open_view

pytestmark = pytest.mark.browser

PHONES = [{"width": 390, "height": 844}, {"width": 360, "height": 640}]

# Every element whose box runs past the right edge of the viewport, unless a box that
# fits clips it (a wide table scrolling inside its card); elements parked off-screen to
# the left on purpose (the skip link until focused) end left of 0 and are not counted.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const clippedByFittingBox = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") {
        return box.getBoundingClientRect().right <= width + 0.5;
      }
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 0.5 && !clippedByFittingBox(el);
    })
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${[...el.classList].join(".")}`);
}"""


def phone(browser: Any, live_server: str, viewport: dict[str, int]) -> Any:
    return browser.new_context(base_url=live_server, viewport=viewport, is_mobile=True)


@contextmanager
def view_at_width(browser: Any, live_server: str, path: str, width: int) -> Iterator[Any]:
    """A page `width` px wide (a phone below 800 px) with the view at `path` opened and
    every chart drawn; its context is closed afterwards."""
    context = browser.new_context(
        base_url=live_server, viewport={"width": width, "height": 900}, is_mobile=width < 800
    )
    try:
        page = context.new_page()
        open_view(page, View(path, path), "lang=en")
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("viewport", PHONES, ids=lambda v: f"{v['width']}x{v['height']}")
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_no_element_is_wider_than_a_phone(
    browser: Any, live_server: str, view: View, lang: str, viewport: dict[str, int]
) -> None:
    context = phone(browser, live_server, viewport)
    try:
        page = context.new_page()
        open_view(page, view, f"lang={lang}")
        assert page.evaluate(TOO_WIDE) == []
        # The page itself never scrolls sideways.
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        # The header: both languages' buttons and the theme switch on screen, the
        # navigation on at most two lines.
        for selector in ("button[data-lang=en]", "button[data-lang=ko]", "#theme-toggle"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] >= 0, selector
            assert box["x"] + box["width"] <= viewport["width"], selector
        lines = page.evaluate(
            """() => new Set([...document.querySelectorAll(".site-nav a")]
                .map((a) => Math.round(a.getBoundingClientRect().top))).size"""
        )
        assert lines <= 2
    finally:
        context.close()


def test_wide_screens_keep_the_inputs_in_view_while_the_charts_scroll(page: Any) -> None:
    open_view(page, VIEWS[0])
    assert page.evaluate("getComputedStyle(document.querySelector('.inputs')).position") == "sticky"
    page.mouse.wheel(0, 1500)
    page.wait_for_function("() => window.scrollY > 1000")
    top = page.evaluate("document.querySelector('.inputs').getBoundingClientRect().top")
    assert 0 <= top < 40


@pytest.mark.parametrize("path", ["/", "/rnn", "/lstm"])
def test_a_phone_fetches_plotly_only_when_a_chart_comes_near(
    browser: Any, live_server: str, path: str
) -> None:
    """Opened on a phone, where the inputs fill the screen, a page answers and shows its
    numbers without Plotly; scrolling towards the charts fetches it (once) and draws them."""
    context = phone(browser, live_server, PHONES[0])
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if "/vendor/plotly." in r.url else None)
        page.goto(f"{path}?lang=en")
        wait_rendered_after(page, 0)
        assert page.text_content("#loss-value") not in ("", "…")
        page.wait_for_timeout(300)
        assert fetched == []
        assert page.evaluate("() => typeof Plotly") == "undefined"
        first_chart = page.locator(".chart").first.get_attribute("id")
        scroll_into_view_and_wait(page, f"#{first_chart}")
        assert page.evaluate("() => typeof Plotly.react") == "function"
        assert page.locator(f"#{first_chart} .main-svg").count() > 0
        assert len(fetched) == 1
    finally:
        context.close()


# The numbers written in heatmap cells, as boxes per row of cells: [[left, right], …].
CELL_NUMBER_ROWS = """() => {
  const rows = new Map();
  for (const text of document.querySelectorAll(".chart g.heatmap-label text")) {
    const box = text.getBoundingClientRect();
    if (box.width === 0) continue;
    const key = `${text.closest(".chart").id} ${Math.round(box.top)}`;
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key).push([box.left, box.right]);
  }
  return Object.fromEntries(rows);
}"""


@pytest.mark.parametrize("width", [1440, 390, 360])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?o=0.5,-1,2,0.3,1.1,-0.7,0.9,-2.2",  # 8 classes: the most that get numbers
        "/rnn",
        "/lstm",
        "/lstm?p=long-memory-lstm",
    ],
)
def test_numbers_in_heatmap_cells_never_overlap(
    browser: Any, live_server: str, path: str, width: int
) -> None:
    """A cell gets its number where the number fits at the chart's width: a phone shows
    the colours alone where a wide screen writes the numbers too."""
    with view_at_width(browser, live_server, path, width) as page:
        rows = page.evaluate(CELL_NUMBER_ROWS)
        for row, boxes in rows.items():
            boxes.sort()
            for (_, right), (left, _) in zip(boxes, boxes[1:], strict=False):
                assert right <= left + 0.5, f"{path} at {width} px: numbers overlap in {row}"
        if width == 1440 and "?" not in path:
            # The lecture's sizes have room for every number on a wide screen.
            charts = {row.split()[0] for row in rows}
            assert len(charts) >= 2, charts


# Per tiled heatmap chart (sequence/charts.js): the boxes of the texts written over its
# panels (titles, "+", "="), and how many column labels its x axis has against how many
# cells the bottom row of panels spans (trace.meta.panels).
PANEL_TEXTS = """() => [...document.querySelectorAll(".chart")]
  .filter((el) => el.data?.some((trace) => trace.type === "heatmap" && trace.meta?.panels))
  .map((el) => {
    const { panels } = el.data.find((trace) => trace.type === "heatmap").meta;
    const bottom = Math.max(...panels.map((p) => p.row0));
    return {
      chart: el.id,
      texts: [...el.querySelectorAll("g.textpoint text")].map((text) => {
        const box = text.getBoundingClientRect();
        return [text.textContent, box.left, box.right, box.top, box.bottom];
      }),
      columnLabels: el.querySelectorAll(".xtick text").length,
      bottomCells: panels.filter((p) => p.row0 === bottom).reduce((n, p) => n + p.cols, 0),
    };
  })"""


@pytest.mark.parametrize("width", [1440, 390, 360])
@pytest.mark.parametrize("path", ["/rnn", "/lstm", "/lstm?p=long-memory-lstm"])
def test_panels_keep_their_titles_apart_and_label_only_their_columns(
    browser: Any, live_server: str, path: str, width: int
) -> None:
    """On a narrow screen a chart puts fewer panels to a row, so that no two titles (or
    signs) run into each other; column labels sit under panels, not under the empty
    places a short bottom row leaves."""
    with view_at_width(browser, live_server, path, width) as page:
        charts = page.evaluate(PANEL_TEXTS)
        assert len(charts) >= 3
        for chart in charts:
            texts = chart["texts"]
            for k, (a, a_left, a_right, a_top, a_bottom) in enumerate(texts):
                for b, b_left, b_right, b_top, b_bottom in texts[k + 1 :]:
                    apart = (
                        a_right <= b_left + 0.5
                        or b_right <= a_left + 0.5
                        or a_bottom <= b_top + 0.5
                        or b_bottom <= a_top + 0.5
                    )
                    assert apart, f"{path} at {width} px, {chart['chart']}: {a!r} over {b!r}"
            assert chart["columnLabels"] == chart["bottomCells"], chart["chart"]


PANEL_ROWS = """(name) => {
  const trace = document.getElementById(`chart-${name}`).data.find((t) => t.type === "heatmap");
  return new Set(trace.meta.panels.map((p) => p.row0)).size;
}"""


def test_charts_are_laid_out_again_when_the_width_changes(page: Any) -> None:
    open_view(page, View("lstm", "/lstm"), "lang=en")
    assert page.evaluate(PANEL_ROWS, "lstm_backward") == 1
    asked = int(page.get_attribute("#chart-lstm_backward", "data-plot-seq") or 0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(
        "n => Number(document.getElementById('chart-lstm_backward').dataset.plotSeq) > n",
        arg=asked,
    )
    draw_all(page)
    # Its three panels' titles no longer fit side by side: one panel to a row.
    assert page.evaluate(PANEL_ROWS, "lstm_backward") == 3
    assert page.evaluate(TOO_WIDE) == []
