"""Waiting for the pages to draw, and reading what they drew: every page counts its completed
renders in `document.body.dataset.renderSeq`, so a test can wait for the render its action
caused; the sequence pages' (/rnn, /lstm) edits, charts and number format besides.

A render is complete when every chart in view is drawn: a chart out of view keeps the
figure asked of it (its element carries `data-pending`) and draws it when it scrolls
in, and the derivation panel asks for its MathML only in view. A test that reads such a
chart or the derivation scrolls it into view and waits for it (`scroll_into_view_and_wait`,
`scroll_to_derivation_and_wait`), or draws every chart at once (`draw_all`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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
    """The traces Plotly holds for one chart (what is on screen), scrolled into view
    (a chart out of view is drawn when it comes in): their x, y, z, type, mode, text and
    meta (the sequence pages' charts say there where each panel sits, `meta.panels`)."""
    scroll_into_view_and_wait(page, f"#chart-{name}")
    return page.evaluate(
        """name => document.getElementById(`chart-${name}`).data.map(trace => ({
            x: trace.x, y: trace.y, z: trace.z, type: trace.type, mode: trace.mode,
            text: trace.text, meta: trace.meta
        }))""",
        name,
    )


def chart_texts(traces: list[dict[str, Any]]) -> list[str]:
    """The texts a sequence page's chart writes over its panels (their titles, and "+"
    and "=" between them): its one trace of texts (sequence/charts.js `labelTrace`)."""
    (labels,) = [trace for trace in traces if trace["type"] == "scatter"]
    assert labels["mode"] == "text"
    return labels["text"]


def tiled_heatmap(traces: list[dict[str, Any]]) -> dict[str, Any]:
    """The one heatmap of a sequence page's heatmap chart (every panel tiled into it),
    its texts beside it and nothing else."""
    assert sorted(trace["type"] for trace in traces) == ["heatmap", "scatter"]
    return next(trace for trace in traces if trace["type"] == "heatmap")


def assert_titled_panels(
    traces: list[dict[str, Any]], titles: list[str], *, summed: bool = False
) -> None:
    """A tiled heatmap's panels are titled `titles` (in the figure's texts too, escaped);
    a sum's terms (`summed`) have "+" between them and "=" before the sum, where they
    share a row, and panels side by side nothing between them."""
    assert panel_labels(tiled_heatmap(traces)) == titles
    texts = chart_texts(traces)
    escaped = [
        title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for title in titles
    ]
    assert [text for text in texts if text not in ("+", "=")] == escaped
    operators = [text for text in texts if text in ("+", "=")]
    if summed:
        assert operators == ["+"] * (len(operators) - 1) + ["="]
    else:
        assert operators == []


def heatmap_panels(trace: dict[str, Any]) -> list[list[list[float | None]]]:
    """A sequence page's tiled heatmap split back into its panels' matrices, in order:
    each panel is `rows` × `cols` cells of z from (row0, col0) (sequence/charts.js).
    Every cell outside the panels is a gap: null."""
    z, panels = trace["z"], trace["meta"]["panels"]
    inside = {
        (i, j)
        for p in panels
        for i in range(p["row0"], p["row0"] + p["rows"])
        for j in range(p["col0"], p["col0"] + p["cols"])
    }
    assert len(inside) == sum(p["rows"] * p["cols"] for p in panels)  # no overlap
    gaps = [z[i][j] for i in range(len(z)) for j in range(len(z[i])) if (i, j) not in inside]
    assert gaps == [None] * len(gaps)
    return [
        [row[p["col0"] : p["col0"] + p["cols"]] for row in z[p["row0"] : p["row0"] + p["rows"]]]
        for p in panels
    ]


# The page coordinates of data point (x, y) of a chart with one axis pair (x, y).
DATA_POINT = """([name, x, y]) => {
  const el = document.getElementById(`chart-${name}`);
  const { xaxis, yaxis } = el._fullLayout;
  const box = el.getBoundingClientRect();
  return [box.left + xaxis._offset + xaxis.l2p(x), box.top + yaxis._offset + yaxis.l2p(y)];
}"""


def hover_heatmap(page: Any, name: str, row: int, column: int) -> list[str]:
    """The hover labels Plotly shows with the mouse over the middle of cell (row, column)
    of a chart's tiled heatmap (indices into its z, gaps included): none after a second
    where there is none."""
    trace = tiled_heatmap(chart_traces(page, name))
    x = (trace["x"][column] + trace["x"][column + 1]) / 2
    y = (trace["y"][row] + trace["y"][row + 1]) / 2
    page.mouse.move(*page.evaluate(DATA_POINT, [name, x, y]))
    labels = page.locator(f"#chart-{name} .hoverlayer .hovertext")
    try:
        labels.first.wait_for(timeout=1_000)
    except PlaywrightTimeoutError:
        return []
    return labels.all_text_contents()


def panel_labels(trace: dict[str, Any]) -> list[str]:
    """The titles of a sequence page's chart's panels, in order."""
    return [p["label"] for p in trace["meta"]["panels"]]


def bar_panels(trace: dict[str, Any]) -> list[list[float | None]]:
    """A sequence page's per-step bars split back into each step's values: the step's
    `cols` bars stand at x = col0, col0 + 1, … (sequence/charts.js)."""
    return [
        [
            y
            for x, y in zip(trace["x"], trace["y"], strict=True)
            if p["col0"] <= x < p["col0"] + p["cols"]
        ]
        for p in trace["meta"]["panels"]
    ]


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


def record_posts(page: Any, path: str) -> list[dict[str, Any]]:
    """The JSON bodies the page POSTs to `path` from now on, in order (a live list)."""
    bodies: list[dict[str, Any]] = []

    def record(request: Any) -> None:
        if request.method == "POST" and request.url.endswith(path):
            bodies.append(request.post_data_json)

    page.on("request", record)
    return bodies


def assert_step_bars(page: Any, name: str, steps: list[dict[str, Any]]) -> None:
    """The per-step bars of a sequence page show each step's ŷ_t, y_t and ∂L/∂o_t: three
    traces (ŷ, y, ŷ − y), each every step's bars side by side, a panel per step."""
    traces = chart_traces(page, name)
    probs, target, diff = [trace for trace in traces if trace["type"] == "bar"]
    for trace in (probs, target, diff):
        assert len(trace["meta"]["panels"]) == len(steps)
        # Every bar belongs to a step's panel.
        assert len(trace["x"]) == sum(p["cols"] for p in trace["meta"]["panels"])
    assert bar_panels(probs) == [step["probs"] for step in steps]
    assert bar_panels(target) == [step["target"] for step in steps]
    assert bar_panels(diff) == [step["grad_logits"] for step in steps]
    # Each step titled over its bars ("t = 1", …: the same in both languages).
    titles = [f"t = {step['t']}" for step in steps]
    assert panel_labels(probs) == titles
    assert chart_texts(traces) == titles


def assert_clean_and_local(page: Any, page_log: Any, live_server: str) -> None:
    """No CSP violation, console error or uncaught exception; every asset and every number
    came from this server."""
    assert page.evaluate("window.__cspViolations") == []
    assert page_log.console_errors == []
    assert page_log.page_errors == []
    origin = urlsplit(live_server)
    for url in page_log.requests:
        parts = urlsplit(url)
        if parts.scheme not in ("data", "blob"):
            assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc), url


@contextmanager
def fresh_visitor(browser: Any, live_server: str, url: str) -> Iterator[Any]:
    """`url` opened in a new browser context (nothing remembered), drawn and settled."""
    context = browser.new_context(base_url=live_server)
    try:
        visitor = context.new_page()
        open_page(visitor, url)
        yield visitor
    finally:
        context.close()


def assert_charts_export(page: Any, names: list[str]) -> None:
    """Each chart's PNG and SVG buttons download gradviz-<chart>.<format>."""
    for name in names:
        for fmt in ("png", "svg"):
            with page.expect_download() as download:
                page.click(f"[data-export={name}][data-format={fmt}]")
            assert download.value.suggested_filename == f"gradviz-{name}.{fmt}"
